/*
 * A photo checked on the phone before it is sent (the server checks the bytes again): JPEG or PNG
 * by its first bytes, at most `maxBytes` (2 MB for assets and tickets). Pure, so it is tested without
 * Taro (photo-check.test.ts). Used by 公物仓 and 报修 alike.
 */

export type PhotoType = 'image/jpeg' | 'image/png'

/** The photo's type from its first bytes (a JPEG starts FF D8 FF, a PNG 89 50 4E 47), or null. */
export function imageTypeOf(bytes: ArrayBuffer): PhotoType | null {
  const b = new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 8))
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png'
  return null
}

export type PhotoCheck = { ok: true; type: PhotoType } | { ok: false; problem: string }

/** Whether a picked photo may be sent, and as which type; else why not (in Chinese, for under the field). */
export function checkPhoto(photo: { name: string; bytes: ArrayBuffer }, maxBytes: number): PhotoCheck {
  const size = photo.bytes.byteLength
  if (size > maxBytes) return { ok: false, problem: `照片「${photo.name}」有 ${(Math.ceil((size / 1024 / 1024) * 10) / 10).toFixed(1)} MB，每张不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB` }
  const type = imageTypeOf(photo.bytes)
  if (!type) return { ok: false, problem: `「${photo.name}」不是 JPEG 或 PNG 图片` }
  return { ok: true, type }
}
