import { createHmac } from 'node:crypto'
import { PASS_SKEW_STEPS, passCode, passStep, VISIT_EARLY_GRACE_MINUTES, type ParsedPass } from '@egj/shared'
import { safeEqual } from '../../../lib/crypto'

/**
 * The per-visit pass secret: HMAC-SHA256(server key, "<visitId>:<passNonce>") as hex. Nothing is
 * stored: the gate derives it again from the visit's row. A new nonce voids every code handed out.
 */
export const passSecret = (serverKey: string, visitId: number, passNonce: string) => createHmac('sha256', serverKey).update(`${visitId}:${passNonce}`).digest('hex')

/**
 * Is this scanned code the visit's code for a step within ±1 of now? The content names its step,
 * so one HMAC settles it (the same as trying now−1, now, now+1); compared in constant time.
 */
export function passCodeValid(secretHex: string, pass: ParsedPass, nowMs: number): boolean {
  if (Math.abs(pass.step - passStep(nowMs)) > PASS_SKEW_STEPS) return false
  return safeEqual(passCode(secretHex, pass.visitId, pass.step), pass.code)
}

/** A pass opens this long before the visit starts (the gate says 未到时间 before that) and closes at its end. */
export const passValidFrom = (startAt: Date) => new Date(startAt.getTime() - VISIT_EARLY_GRACE_MINUTES * 60_000)
