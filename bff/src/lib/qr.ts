import { createHmac } from 'node:crypto'
import { formatQrUrl, formatShortCode, parseQrContent, QR_KINDS, routeForQr, SHORT_CODE_ALPHABET, type ParsedQr, type QrKind, type QrResolved } from '@egj/shared'
import { AppError } from './errors'
import { safeEqual } from './crypto'

/**
 * Signs and verifies the tokens in printed codes. 96 bits of HMAC-SHA256 keep the code small
 * (a sticker must scan from a cheap phone) while making a forged sticker hopeless to guess.
 */
export class QrSigner {
  constructor(
    private readonly secret: string,
    private readonly publicBaseUrl: string,
  ) {}

  private signature(kind: QrKind, payload: string[]): string {
    return createHmac('sha256', this.secret).update(`${kind}:${payload.join('.')}`).digest().subarray(0, 12).toString('base64url')
  }

  token(kind: QrKind, ...payload: (string | number)[]): string {
    const parts = payload.map(String)
    return `${parts.join('.')}.${this.signature(kind, parts)}`
  }

  /** The 6-character check of a short code: 30 bits of its own HMAC (a different message from the token's). */
  private shortCheck(kind: QrKind, id: string): string {
    const bits = createHmac('sha256', this.secret).update(`short:${kind}:${id}`).digest().readUInt32BE(0) >>> 2
    return Array.from({ length: 6 }, (_v, i) => SHORT_CODE_ALPHABET[(bits >>> (25 - 5 * i)) & 31]).join('')
  }

  /** The code printed under a QR for typing by hand, e.g. `M12-7KQ4PX`. */
  shortCode(kind: QrKind, id: string | number): string {
    return formatShortCode(kind, id, this.shortCheck(kind, String(id)))
  }

  url(kind: QrKind, ...payload: (string | number)[]): string {
    return formatQrUrl(this.publicBaseUrl, kind, this.token(kind, ...payload))
  }

  /**
   * A signed link to one row that is not a printed code (an asset's photo): `<id>.<16 chars>`,
   * so an <image> can load it without a token while ids cannot be walked.
   */
  linkToken(purpose: string, id: number): string {
    return `${id}.${createHmac('sha256', this.secret).update(`link:${purpose}:${id}`).digest().subarray(0, 12).toString('base64url')}`
  }

  /**
   * A signed link naming several values (a firm's link: ticket, assignment, expiry):
   * `<a>.<b>.<c>.<16 chars>`, the values readable, the signature over all of them and the purpose.
   */
  partsToken(purpose: string, parts: (string | number)[]): string {
    const values = parts.map(String)
    return `${values.join('.')}.${createHmac('sha256', this.secret).update(`parts:${purpose}:${values.join('.')}`).digest().subarray(0, 12).toString('base64url')}`
  }

  /** The values a parts token names (`count` of them), or null when it was not signed by us for this purpose. */
  verifyPartsToken(purpose: string, token: string, count: number): string[] | null {
    const pieces = token.split('.')
    if (pieces.length !== count + 1 || pieces.slice(0, count).some((piece) => !/^\d{1,16}$/.test(piece))) return null
    const values = pieces.slice(0, count)
    return safeEqual(token, this.partsToken(purpose, values)) ? values : null
  }

  /** An address under the public base (where printed codes point): a signed photo link, say. */
  publicUrl(path: string): string {
    return `${this.publicBaseUrl.replace(/\/+$/, '')}${path}`
  }

  /** The id a link token names, or null when it was not signed by us for this purpose. */
  verifyLinkToken(purpose: string, token: string): number | null {
    const id = Number(token.split('.')[0])
    if (!Number.isSafeInteger(id) || id <= 0) return null
    return safeEqual(token, this.linkToken(purpose, id)) ? id : null
  }

  /** Parses and verifies scanned content; throws QR_INVALID (not our code) or QR_FORGED (bad signature). */
  verify(content: string, expectedKind?: QrKind): ParsedQr {
    const parsed = parseQrContent(content, expectedKind)
    if (!parsed) throw new AppError('QR_INVALID')
    const expected = parsed.short ? this.shortCheck(parsed.kind, parsed.payload[0]) : this.signature(parsed.kind, parsed.payload)
    if (!safeEqual(parsed.signature, expected)) throw new AppError('QR_FORGED')
    return parsed
  }

  /** Scanned content → what it is and which page of the app opens it. */
  resolve(content: string): QrResolved {
    const parsed = this.verify(content)
    return { kind: parsed.kind, kindName: QR_KINDS[parsed.kind], id: parsed.payload[0], token: parsed.token, path: routeForQr(parsed) }
  }
}
