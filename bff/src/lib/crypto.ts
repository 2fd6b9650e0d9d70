import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex')

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url')

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** Personal data at rest (PIPL): AES-256-GCM, stored as base64 of iv(12) | tag(16) | ciphertext. */
export class PiiCipher {
  private readonly key: Buffer
  constructor(hexKey: string) {
    this.key = Buffer.from(hexKey, 'hex')
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
  }

  decrypt(stored: string): string {
    const sealed = Buffer.from(stored, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12))
    decipher.setAuthTag(sealed.subarray(12, 28))
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8')
  }

  /** Keyed hash for looking a value up without storing it in clear. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('hex')
  }
}
