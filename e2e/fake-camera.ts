import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import QRCode from 'qrcode'

/**
 * Writes a Y4M video that Chromium's fake camera plays in a loop: a QR code of `text`, dark
 * modules at luma 16 on a 235 background with a quiet zone, grey chroma.
 */
export function writeQrVideo(text: string, width = 640, height = 480, frames = 10): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const modules = qr.modules
  const count = modules.size
  const quiet = 4
  const scale = Math.floor(Math.min(width, height) / (count + quiet * 2))
  const side = scale * count
  const left = Math.floor((width - side) / 2)
  const top = Math.floor((height - side) / 2)

  const luma = Buffer.alloc(width * height, 235)
  for (let row = 0; row < count; row++)
    for (let col = 0; col < count; col++) {
      if (!modules.get(row, col)) continue
      for (let y = 0; y < scale; y++) luma.fill(16, (top + row * scale + y) * width + left + col * scale, (top + row * scale + y) * width + left + (col + 1) * scale)
    }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma])
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'egj-cam-')), 'qr.y4m')
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array(frames).fill(frame)]))
  return file
}
