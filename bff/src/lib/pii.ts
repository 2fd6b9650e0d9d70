import { createCipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Personal data at rest (PIPL, 等保/密评): every ID number and mobile is sealed per field with
 * 国密 SM4-CTR and authenticated with HMAC-SM3 (encrypt-then-MAC; Node has no sm4-gcm). A sealed
 * value is `<keyId>.<base64url(iv16 | ciphertext | mac32)>`, so keys rotate: new values are sealed
 * with the current key, old ones still open with theirs. Lookups (block list, a returning visitor,
 * a mobile at login) use a blind index: HMAC-SM3 under a key of its own that never rotates.
 *
 * Keys come from the environment: PII_KEY (64 hex; key id `k1`) and, to rotate, PII_KEYS
 * (`k2:<64 hex>,k1:<64 hex>`, the first one current). Each master key yields an SM4 key and a MAC key.
 */
export class PiiVault {
  private readonly keys = new Map<string, { enc: Buffer; mac: Buffer }>()
  private readonly currentKeyId: string
  private readonly indexKey: Buffer

  constructor(piiKeyHex: string, rotation?: string) {
    const masters: [string, Buffer][] = rotation
      ? rotation.split(',').map((pair) => {
          const [keyId, hex] = pair.trim().split(':')
          if (!/^[a-z0-9]{1,8}$/.test(keyId) || !/^[0-9a-f]{64}$/i.test(hex ?? '')) throw new Error('PII_KEYS 格式应为 k2:<64 位十六进制>,k1:<64 位十六进制>')
          return [keyId, Buffer.from(hex, 'hex')]
        })
      : [['k1', Buffer.from(piiKeyHex, 'hex')]]
    for (const [keyId, master] of masters) this.keys.set(keyId, { enc: derive(master, 'sm4-ctr').subarray(0, 16), mac: derive(master, 'hmac-sm3') })
    this.currentKeyId = masters[0][0]
    // the blind index must not change with rotation, or nothing sealed earlier could be found
    this.indexKey = derive(Buffer.from(piiKeyHex, 'hex'), 'blind-index')
  }

  seal(plain: string): string {
    const key = this.keys.get(this.currentKeyId)!
    const iv = randomBytes(16)
    const cipher = createCipheriv('sm4-ctr', key.enc, iv)
    const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()])
    const mac = createHmac('sm3', key.mac).update(this.currentKeyId).update(body).digest()
    return `${this.currentKeyId}.${Buffer.concat([body, mac]).toString('base64url')}`
  }

  /** Opens a sealed value; throws on a wrong key id or a value that was tampered with. */
  open(sealed: string): string {
    const dot = sealed.indexOf('.')
    const keyId = sealed.slice(0, dot)
    const key = this.keys.get(keyId)
    if (dot < 1 || !key) throw new Error(`PII: unknown key id ${keyId}`)
    const raw = Buffer.from(sealed.slice(dot + 1), 'base64url')
    if (raw.length < 16 + 32) throw new Error('PII: sealed value too short')
    const body = raw.subarray(0, raw.length - 32)
    const expected = createHmac('sm3', key.mac).update(keyId).update(body).digest()
    if (!timingSafeEqual(expected, raw.subarray(raw.length - 32))) throw new Error('PII: sealed value fails its MAC')
    const decipher = createCipheriv('sm4-ctr', key.enc, body.subarray(0, 16))
    return Buffer.concat([decipher.update(body.subarray(16)), decipher.final()]).toString('utf8')
  }

  /**
   * The value, or null when it cannot be opened (sealed under a key since retired, damaged): for
   * showing people in lists and files, where one unreadable row must not cost the whole answer.
   * Where the value itself is the point (a visitor's ID at the gate), use `open` and let it fail.
   */
  openOrNull(sealed: string): string | null {
    try {
      return this.open(sealed)
    } catch {
      return null
    }
  }

  /** The blind index of a value (normalise it first: upper-case ID numbers, bare mobiles). */
  blindIndex(value: string): string {
    return createHmac('sm3', this.indexKey).update(value).digest('hex')
  }
}

const derive = (master: Buffer, purpose: string) => createHmac('sm3', master).update(`egj-pii:${purpose}`).digest()
