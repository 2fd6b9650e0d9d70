import { createHmac } from 'node:crypto'
import { formatQrUrl, parseQrContent, QR_KINDS, routeForQr, type ParsedQr, type QrKind, type QrResolved } from '@egj/shared'
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

  url(kind: QrKind, ...payload: (string | number)[]): string {
    return formatQrUrl(this.publicBaseUrl, kind, this.token(kind, ...payload))
  }

  /** Parses and verifies scanned content; throws QR_INVALID (not our code) or QR_FORGED (bad signature). */
  verify(content: string, expectedKind?: QrKind): ParsedQr {
    const parsed = parseQrContent(content, expectedKind)
    if (!parsed) throw new AppError('QR_INVALID')
    if (!safeEqual(parsed.signature, this.signature(parsed.kind, parsed.payload))) throw new AppError('QR_FORGED')
    return parsed
  }

  /** Scanned content → what it is and which page of the app opens it. */
  resolve(content: string): QrResolved {
    const parsed = this.verify(content)
    return { kind: parsed.kind, kindName: QR_KINDS[parsed.kind], id: parsed.payload[0], token: parsed.token, path: routeForQr(parsed) }
  }
}
