import { inShanghai, maskIdNumber, maskMobile, normaliseIdNumber, VISIT_MAX_AHEAD_DAYS, type IdType } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { AppError } from '../../../lib/errors'
import type { PiiVault } from '../../../lib/pii'
import { blockedHashes, type CompanionInsert } from './visit-row.repo'

/** A form filled a few minutes ago (or on a phone whose clock is slightly behind) still books "now". */
const START_SLACK_MS = 5 * 60_000

/** Start not in the past, at most 60 days ahead (length and order are checked by the schema). */
export function checkWindow(startAt: Date, endAt: Date, now: Date): void {
  if (startAt.getTime() < now.getTime() - START_SLACK_MS || endAt.getTime() <= now.getTime()) throw new AppError('VISIT_WINDOW_PAST', { field: 'startAt' })
  if (startAt.getTime() > now.getTime() + VISIT_MAX_AHEAD_DAYS * 86_400_000) throw new AppError('VISIT_WINDOW_TOO_FAR', { field: 'startAt' })
}

/** The blind index of an ID number: the block list, returning visitors and the gate all look numbers up by this. */
export const idNumberIndex = (pii: PiiVault, idNumber: string) => pii.blindIndex(normaliseIdNumber(idNumber))

/** An ID number as stored: sealed, its blind index and its mask — never in clear. */
export function sealIdNumber(pii: PiiVault, idNumber: string) {
  const value = normaliseIdNumber(idNumber)
  return { idNumberEnc: pii.seal(value), idNumberHash: pii.blindIndex(value), idNumberMasked: maskIdNumber(value) }
}

export function sealMobile(pii: PiiVault, mobile: string) {
  return { mobileEnc: pii.seal(mobile), mobileHash: pii.blindIndex(mobile), mobileMasked: maskMobile(mobile) }
}

export function sealCompanions(pii: PiiVault, companions: { name: string; idType: IdType; idNumber: string }[]): CompanionInsert[] {
  return companions.map((c) => ({ name: c.name, idType: c.idType, ...sealIdNumber(pii, c.idNumber) }))
}

/** The same person twice in one visit is a typing slip: say which companion. */
export function checkDistinctPeople(idNumber: string, companions: { idNumber: string }[]): void {
  const seen = new Set([normaliseIdNumber(idNumber)])
  companions.forEach((c, i) => {
    const value = normaliseIdNumber(c.idNumber)
    if (seen.has(value)) throw new AppError('VALIDATION_FAILED', { in: 'body', issues: [{ path: `companions.${i}.idNumber`, message: '同行人证件号码与访客或其他同行人重复' }] })
    seen.add(value)
  })
}

/**
 * Refuses a visit when any of its people is on the block list. A visitor is told only a neutral
 * VISIT_NOT_ACCEPTED (not who or why); the guard registering a walk-in gets VISIT_BLOCKED.
 */
export async function assertNotBlocked(tx: DbOrTx, pii: PiiVault, idNumbers: string[], code: 'VISIT_NOT_ACCEPTED' | 'VISIT_BLOCKED'): Promise<void> {
  const blocked = await blockedHashes(tx, idNumbers.map((n) => idNumberIndex(pii, n)))
  if (blocked.length) throw new AppError(code)
}

/** "5月3日 09:00–17:00" or "5月3日 09:00 至 5月5日 17:00", in Asia/Shanghai, for notifications. */
export function formatWindow(startAt: Date, endAt: Date): string {
  const start = inShanghai(startAt)
  const end = inShanghai(endAt)
  return start.format('YYYY-MM-DD') === end.format('YYYY-MM-DD') ? `${start.format('M月D日 HH:mm')}–${end.format('HH:mm')}` : `${start.format('M月D日 HH:mm')} 至 ${end.format('M月D日 HH:mm')}`
}
