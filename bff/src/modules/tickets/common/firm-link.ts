import { FIRM_LINK_VALID_DAYS, h5Url, PAGES, pageUrl } from '@egj/shared'
import type { QrSigner } from '../../../lib/qr'

/**
 * A 定点维修单位's link to one ticket: signed over the ticket, its assignment (bumped on every
 * reassignment, so an old link dies) and when it expires (FIRM_LINK_VALID_DAYS after the
 * assignment). Nothing is stored: the dispatcher's copy is the same token, rebuilt from the
 * assignment's time.
 */
const PURPOSE = 'firm-ticket'

export const firmLinkExpiry = (assignedAt: Date) => Math.floor(assignedAt.getTime() / 1000) + FIRM_LINK_VALID_DAYS * 86_400

export function firmLinkToken(qr: QrSigner, ticketId: number, assignment: number, assignedAt: Date): string {
  return qr.partsToken(PURPOSE, [ticketId, assignment, firmLinkExpiry(assignedAt)])
}

/** The web address the SMS carries (opens the H5 page, no login). */
export const firmLinkUrl = (publicBaseUrl: string, token: string) => h5Url(publicBaseUrl, pageUrl(PAGES.repairFirmTicket, { token }))

/** What a token names, or null when we did not sign it. */
export function readFirmLinkToken(qr: QrSigner, token: string): { ticketId: number; assignment: number; expiresAt: Date } | null {
  const parts = qr.verifyPartsToken(PURPOSE, token, 3)
  if (!parts) return null
  const [ticketId, assignment, expires] = parts.map(Number)
  if (!Number.isSafeInteger(ticketId) || !Number.isSafeInteger(assignment) || !Number.isSafeInteger(expires)) return null
  return { ticketId, assignment, expiresAt: new Date(expires * 1000) }
}
