import { PAGES, pageUrl } from './routes'
import { z } from './zod'

/**
 * Printed and on-screen codes carry a URL: `<PUBLIC_BASE_URL>/q/<kind>/<token>`.
 * A phone camera opens it in the browser (→ the H5 app); our scanners parse it here and route.
 * The token is `<payload>.<signature>`: the payload is one or more dot-separated segments
 * (the first is the object id), the signature an HMAC the server checks (forged stickers fail).
 */
export const QR_KINDS = {
  m: '食堂窗口码',
  v: '一车一码',
  r: '会议室门牌码',
  p: '访客通行码',
  a: '资产码',
  l: '位置码',
} as const
export type QrKind = keyof typeof QR_KINDS
export const QrKindSchema = z.enum(Object.keys(QR_KINDS) as [QrKind, ...QrKind[]])

/** The page that handles each kind of code, opened with `?token=`. */
export const QR_ROUTES = {
  m: PAGES.mealPay,
  v: PAGES.vehicleCar,
  r: PAGES.roomDoor,
  p: PAGES.visitPass,
  a: PAGES.assetCode,
  l: PAGES.repairReport,
} satisfies Record<QrKind, unknown>

const SEGMENT = /^[0-9A-Za-z_-]{1,64}$/
const TOKEN_MAX = 200

export interface ParsedQr {
  kind: QrKind
  /** the whole token, payload and signature */
  token: string
  /** the payload segments, without the signature; the first is the object id */
  payload: string[]
  signature: string
  /** typed by hand from the short code printed under the QR (see `formatShortCode`) */
  short?: true
}

/** Crockford's base32: no I, L, O or U, so a short code reads and types without confusion. */
export const SHORT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const SHORT_CODE = /^([a-z])\s*(\d{1,9})\s*[-\s]\s*([0-9a-z]{6})$/i

/**
 * The code printed under every QR for typing by hand: kind letter, object id, a dash and a
 * 6-character check the server computes (30 bits of HMAC), e.g. `M12-7KQ4PX`.
 */
export function formatShortCode(kind: QrKind, id: string | number, check: string): string {
  return `${kind.toUpperCase()}${id}-${check}`
}

/** A typed short code, forgiving case, spaces and the look-alikes O→0, I/L→1. */
function parseShortCode(text: string, expectedKind?: QrKind): ParsedQr | null {
  const match = SHORT_CODE.exec(text)
  if (!match) return null
  const kind = match[1].toLowerCase() as QrKind
  if (!(kind in QR_KINDS) || (expectedKind && kind !== expectedKind)) return null
  const check = match[3].toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1')
  if (![...check].every((c) => SHORT_CODE_ALPHABET.includes(c))) return null
  const id = String(Number(match[2]))
  return { kind, token: formatShortCode(kind, id, check), payload: [id], signature: check, short: true }
}

/** Splits a token into payload and signature, or null when it is not shaped like one. */
export function parseQrToken(kind: QrKind, token: string): ParsedQr | null {
  if (token.length > TOKEN_MAX) return null
  const parts = token.split('.')
  if (parts.length < 2 || !parts.every((part) => SEGMENT.test(part))) return null
  return { kind, token, payload: parts.slice(0, -1), signature: parts[parts.length - 1] }
}

/**
 * Reads scanned content: a full code URL (any host: the server checks the signature, not the
 * host), a path `/q/<kind>/<token>`, a short code typed by hand (`M12-7KQ4PX`), or — when the
 * caller knows the kind — a bare token.
 */
export function parseQrContent(content: string, expectedKind?: QrKind): ParsedQr | null {
  const text = content.trim()
  if (!text || text.length > 1000) return null
  const match = /(?:^|\/)q\/([a-z])\/([^/?#\s]+)\/?(?:[?#].*)?$/.exec(text)
  if (match) {
    const kind = match[1] as QrKind
    if (!(kind in QR_KINDS)) return null
    if (expectedKind && kind !== expectedKind) return null
    let token: string
    try {
      token = decodeURIComponent(match[2])
    } catch {
      return null
    }
    return parseQrToken(kind, token) ?? parseShortCode(token, kind)
  }
  const short = parseShortCode(text, expectedKind)
  if (short) return short
  if (expectedKind && !text.includes('/')) return parseQrToken(expectedKind, text)
  return null
}

/** The URL printed in a code. */
export function formatQrUrl(publicBaseUrl: string, kind: QrKind, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/q/${kind}/${token}`
}

/** The in-app page for scanned content, with the token as a query parameter. */
export function routeForQr(parsed: ParsedQr): string {
  return pageUrl(QR_ROUTES[parsed.kind], { token: parsed.token })
}

export const QrResolveQuery = z.object({
  code: z.string().trim().min(1).max(1000).describe('scanned content: a code URL or a token'),
})
export type QrResolveQuery = z.infer<typeof QrResolveQuery>

export const QrResolved = z.object({
  kind: QrKindSchema,
  kindName: z.string(),
  id: z.string(),
  token: z.string(),
  /** mini-app page that handles this code */
  path: z.string(),
})
export type QrResolved = z.infer<typeof QrResolved>
