const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * A fresh `Idempotency-Key` for one attempt at something that moves money (a payment, a refund, a
 * top-up): 24 random characters of [A-Za-z0-9_-]. Make one when the user taps the button and send
 * the same one again when retrying that attempt (network error); a changed request gets a new one.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(24)
  // H5 has Web Crypto; the weapp runtime has no `crypto` global, so fall back to Math.random there
  const webCrypto = typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function' ? crypto : null
  if (webCrypto) webCrypto.getRandomValues(bytes)
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  let key = ''
  for (let i = 0; i < bytes.length; i++) key += ALPHABET[bytes[i] & 63]
  // the time keeps keys from two Math.random runs apart even with a weak generator
  return `${Date.now().toString(36)}-${key}`
}
