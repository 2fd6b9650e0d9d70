import { TICKET_MAX_PHOTOS, TICKET_PHOTO_MAX_BYTES } from '@egj/shared'
import { sniffPhotoType } from '../../../lib/image-bytes'
import { AppError } from '../../../lib/errors'

export interface DecodedPhoto {
  type: 'image/jpeg' | 'image/png'
  bytes: Buffer
}

/**
 * Photos sent as base64 (bare or a data URL), decoded and checked by their bytes: each at most
 * 2 MB (413 TICKET_PHOTO_TOO_LARGE) and a JPEG or PNG (415 TICKET_PHOTO_INVALID), whatever the
 * data URL claims. All of them before anything is written.
 */
export function decodePhotos(photos: readonly string[]): DecodedPhoto[] {
  if (photos.length > TICKET_MAX_PHOTOS) throw new AppError('TICKET_PHOTOS_FULL', undefined, `最多 ${TICKET_MAX_PHOTOS} 张照片`)
  return photos.map((photo, index) => {
    const bytes = Buffer.from(photo.replace(/^data:[^,]*,/, ''), 'base64')
    if (bytes.length > TICKET_PHOTO_MAX_BYTES) throw new AppError('TICKET_PHOTO_TOO_LARGE', { index }, `第 ${index + 1} 张照片过大，每张不超过 2 MB`)
    const type = sniffPhotoType(bytes)
    if (!type) throw new AppError('TICKET_PHOTO_INVALID', { index }, `第 ${index + 1} 张照片不是有效的 JPEG 或 PNG 图片`)
    return { type, bytes }
  })
}
