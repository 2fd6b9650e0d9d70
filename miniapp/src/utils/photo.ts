import Taro from '@tarojs/taro'
import { IS_H5, PlatformError } from './platform'

/*
 * A photo taken or picked on the phone, as a JPEG data URL of at most `maxBytes` (decoded): what
 * the 公车私用 report sends. H5 scales it down on a canvas; weapp uses WeChat's compressImage
 * and reads the file as base64. Only subpackages import this file.
 */

const MAX_SIDE = 1600

/** base64 text → how many bytes it decodes to */
const decodedBytes = (base64: string) => Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0)

function h5Compress(src: string, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const image = new Image()
    image.onload = () => {
      let scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight))
      const canvas = document.createElement('canvas')
      const context = canvas.getContext('2d')
      if (!context) return reject(new PlatformError('无法处理这张照片，请换一张'))
      for (let attempt = 0; attempt < 8; attempt++) {
        canvas.width = Math.max(1, Math.round(image.naturalWidth * scale))
        canvas.height = Math.max(1, Math.round(image.naturalHeight * scale))
        context.fillStyle = '#fff'
        context.fillRect(0, 0, canvas.width, canvas.height)
        context.drawImage(image, 0, 0, canvas.width, canvas.height)
        const url = canvas.toDataURL('image/jpeg', attempt < 3 ? 0.8 - attempt * 0.15 : 0.6)
        if (decodedBytes(url.slice(url.indexOf(',') + 1)) <= maxBytes) return resolve(url)
        if (attempt >= 2) scale *= 0.7
      }
      reject(new PlatformError('照片过大，请重新拍摄'))
    }
    image.onerror = () => reject(new PlatformError('无法读取这张照片，请换一张'))
    image.src = src
  })
}

function weappCompress(src: string, maxBytes: number): Promise<string> {
  const fs = Taro.getFileSystemManager()
  const attempt = (quality: number): Promise<string> =>
    Taro.compressImage({ src, quality }).then(({ tempFilePath }) => {
      const base64 = String(fs.readFileSync(tempFilePath, 'base64'))
      if (decodedBytes(base64) <= maxBytes) return `data:image/jpeg;base64,${base64}`
      if (quality <= 20) throw new PlatformError('照片过大，请重新拍摄')
      return attempt(quality - 20)
    })
  return attempt(70)
}

/** Asks for one photo (camera or album); null when the user cancels. */
export function pickPhoto(maxBytes: number): Promise<string | null> {
  return Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera', 'album'] }).then(
    (res) => {
      const src = res.tempFilePaths[0]
      if (!src) return null
      return IS_H5 ? h5Compress(src, maxBytes) : weappCompress(src, maxBytes)
    },
    () => null, // cancelled
  )
}

/** The phone's position, or a Chinese reason it could not be had. */
export function currentLocation(): Promise<{ lat: number; lng: number }> {
  return Taro.getLocation({ type: 'wgs84' }).then(
    ({ latitude, longitude }) => ({ lat: Math.round(latitude * 1e6) / 1e6, lng: Math.round(longitude * 1e6) / 1e6 }),
    () => {
      throw new PlatformError('未能获取位置（可能未授权定位），可以不附位置直接提交')
    },
  )
}
