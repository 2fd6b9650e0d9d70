const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff])

/**
 * What the bytes are (not what the client says they are): JPEG, PNG, or neither. Used wherever a
 * photo comes in (an asset's upload, a ticket's base64 photos).
 */
export function sniffPhotoType(bytes: Buffer): 'image/jpeg' | 'image/png' | null {
  if (bytes.length > PNG_SIGNATURE.length && bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'image/png'
  if (bytes.length > JPEG_START.length && bytes.subarray(0, JPEG_START.length).equals(JPEG_START)) return 'image/jpeg'
  return null
}
