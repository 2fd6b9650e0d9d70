import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha256'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils'

/**
 * The visitor's pass: a QR code that changes every 30 s (the TOTP idea of RFC 6238). Its content
 * is `EGJV1.<visitId>.<step>.<code>`, where step = ⌊unix seconds / 30⌋ and code = the first 8
 * bytes (hex) of HMAC-SHA256(per-visit secret, "<visitId>.<step>"). The BFF derives the secret and
 * hands it only to the visit's visitor, so an opened pass keeps producing codes with no network;
 * the gate recomputes the code from the visit's row and accepts the current step ±1. A screenshot
 * is dead within a minute; one changed character fails the HMAC.
 */
export const PASS_STEP_SEC = 30
/** clock skew the gate accepts, in steps either side */
export const PASS_SKEW_STEPS = 1
const PREFIX = 'EGJV1'
/** bytes of the HMAC a code keeps (16 hex digits) */
export const PASS_CODE_BYTES = 8

export const passStep = (nowMs: number, stepSec = PASS_STEP_SEC) => Math.floor(nowMs / 1000 / stepSec)

/** Seconds until the code shown now changes. */
export const passRefreshInSec = (nowMs: number, stepSec = PASS_STEP_SEC) => stepSec - (Math.floor(nowMs / 1000) % stepSec)

/** The code for one step, from the secret as hex. */
export function passCode(secretHex: string, visitId: number, step: number): string {
  return bytesToHex(hmac(sha256, hexToBytes(secretHex), utf8ToBytes(`${visitId}.${step}`)).subarray(0, PASS_CODE_BYTES))
}

export const formatPassContent = (visitId: number, step: number, code: string) => `${PREFIX}.${visitId}.${step}.${code}`

/** The pass content for this moment: what the phone draws as the QR code. */
export const passContentAt = (secretHex: string, visitId: number, nowMs: number, stepSec = PASS_STEP_SEC) => {
  const step = passStep(nowMs, stepSec)
  return formatPassContent(visitId, step, passCode(secretHex, visitId, step))
}

export interface ParsedPass {
  visitId: number
  step: number
  code: string
}

/** Reads a scanned pass; null when it is not one (the gate then says 无效通行码). */
export function parsePassContent(content: string): ParsedPass | null {
  const match = /^EGJV1\.(\d{1,15})\.(\d{1,12})\.([0-9a-f]{16})$/.exec(content.trim())
  if (!match) return null
  const visitId = Number(match[1])
  const step = Number(match[2])
  if (!Number.isSafeInteger(visitId) || visitId <= 0 || !Number.isSafeInteger(step)) return null
  return { visitId, step, code: match[3] }
}
