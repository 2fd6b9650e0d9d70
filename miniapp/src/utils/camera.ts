import type { QrDecoder } from './platform'

export interface CameraScan {
  stop: () => void
}

const SCAN_INTERVAL_MS = 150
// decoding a downscaled frame is faster and still finds codes that fill the viewfinder
const MAX_FRAME_SIDE = 640

/**
 * H5 only: shows the rear camera in `host` and, once `decoder` (jsQR) is loaded, decodes a frame every 150 ms, calling `onText`
 * with each code found. Throws when there is no camera or the user refuses it.
 */
export async function startCameraScan(
  host: HTMLElement,
  decoder: Promise<QrDecoder>,
  onText: (text: string) => void,
): Promise<CameraScan> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('getUserMedia unavailable (needs HTTPS)')
  // ask for the camera while the decoder downloads
  const streamPromise = navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
  let decode: QrDecoder
  try {
    decode = await decoder
  } catch (error) {
    void streamPromise.then((s) => s.getTracks().forEach((track) => track.stop())).catch(() => undefined)
    throw error
  }
  const stream = await streamPromise

  const video = document.createElement('video')
  video.className = 'scanner__video'
  video.muted = true
  video.autoplay = true
  video.setAttribute('playsinline', 'true') // iOS: no fullscreen takeover
  video.srcObject = stream
  host.appendChild(video)
  await video.play().catch(() => undefined) // autoplay of a muted video is allowed; ignore odd refusals

  const canvas = document.createElement('canvas')
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  let stopped = false

  const timer = setInterval(() => {
    if (stopped || !ctx || video.readyState < video.HAVE_CURRENT_DATA || !video.videoWidth) return
    const scale = Math.min(1, MAX_FRAME_SIDE / Math.max(video.videoWidth, video.videoHeight))
    const width = Math.round(video.videoWidth * scale)
    const height = Math.round(video.videoHeight * scale)
    if (canvas.width !== width) canvas.width = width
    if (canvas.height !== height) canvas.height = height
    ctx.drawImage(video, 0, 0, width, height)
    const found = decode(ctx.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: 'dontInvert' })
    if (found?.data) onText(found.data)
  }, SCAN_INTERVAL_MS)

  return {
    stop() {
      if (stopped) return
      stopped = true
      clearInterval(timer)
      stream.getTracks().forEach((track) => track.stop())
      video.srcObject = null
      video.remove()
    },
  }
}
