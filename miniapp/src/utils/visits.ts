import { inShanghai, PAGES, pageUrl, VISIT_EARLY_GRACE_MINUTES, type VisitStatus } from '@egj/shared'
import type { PillTone } from '../components/Pill'
import { windowText } from './time'
import { fieldErrorsFrom } from './field-errors'

export { clockText, dayText, shanghaiInstant, thisMonthInShanghai, todayInShanghai, windowText } from './time'

/*
 * What the 访客 pages (visit, gate, visit-admin subpackages) share: their addresses, and how a
 * visit's window and status read on screen.
 */

export const VISIT_BOOK_PAGE = pageUrl(PAGES.visitBook)
export const VISIT_LIST_PAGE = pageUrl(PAGES.visitList)
export const VISIT_INVITE_PAGE = pageUrl(PAGES.visitInvite)
export const visitDetailPage = (id: number) => pageUrl(PAGES.visitDetail, { id })
export const visitPassPage = (id: number) => pageUrl(PAGES.visitPass, { id })
export const GATE_SCAN_PAGE = pageUrl(PAGES.gateScan)
export const GATE_EXPECTED_PAGE = pageUrl(PAGES.gateExpected)
export const GATE_ON_SITE_PAGE = pageUrl(PAGES.gateOnSite)
export const GATE_WALK_IN_PAGE = pageUrl(PAGES.gateWalkIn)
export const VISIT_ADMIN_PAGE = pageUrl(PAGES.visitBlocklist)
export const VISIT_STATS_PAGE = pageUrl(PAGES.visitStats)
export const VISIT_PII_AUDIT_PAGE = pageUrl(PAGES.visitPiiAudit)

export const STATUS_TONES: Record<VisitStatus, PillTone> = {
  invited: 'orange',
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
  cancelled: 'gray',
  checked_in: 'blue',
  checked_out: 'gray',
}


/**
 * A first window a visitor at the door can use at once: from the next 5 minutes (the pass opens
 * 30 minutes early, so it works now) for two hours, not past midnight.
 */
export function defaultWindow(): { day: string; start: string; end: string } {
  const now = inShanghai(new Date())
  const start = now.add(5 - (now.minute() % 5), 'minute').second(0).millisecond(0)
  const end = start.add(2, 'hour')
  return { day: start.format('YYYY-MM-DD'), start: start.format('HH:mm'), end: end.format('YYYY-MM-DD') === start.format('YYYY-MM-DD') ? end.format('HH:mm') : '23:59' }
}

/** Codes about one field of the visit forms (shown under that field, never as a dialog). */
const FIELD_OF_CODE: Record<string, string> = {
  VISIT_WINDOW_PAST: 'startAt',
  VISIT_WINDOW_TOO_FAR: 'startAt',
  VISIT_HOST_NOT_FOUND: 'hostId',
}

/** Field errors from a refusal (see utils/field-errors.ts). */
export const fieldErrorsOf = (error: { code: string; message: string; details?: unknown }) => fieldErrorsFrom(error, FIELD_OF_CODE)

/** A pass's or the gate's `validFrom` opens 30 minutes early: the visit itself starts this much later. */
export const visitStartOf = (validFrom: string) => new Date(new Date(validFrom).getTime() + VISIT_EARLY_GRACE_MINUTES * 60_000).toISOString()
/** The visit window from a pass's validFrom / validTo. */
export const passWindowText = (validFrom: string, validTo: string) => windowText(visitStartOf(validFrom), validTo)
