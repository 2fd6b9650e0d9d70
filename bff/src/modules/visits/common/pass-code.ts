import { createHmac, timingSafeEqual } from 'node:crypto'
import { PASS_CODE_BYTES, PASS_SKEW_STEPS, passStep, VISIT_EARLY_GRACE_MINUTES, type ParsedPass } from '@egj/shared'

/**
 * The per-visit pass secret: HMAC-SHA256(server key, "<visitId>:<passNonce>") as hex. Nothing is
 * stored: the gate derives it again from the visit's row. A new nonce voids every code handed out.
 */
export const passSecret = (serverKey: string, visitId: number, passNonce: string) => createHmac('sha256', serverKey).update(`${visitId}:${passNonce}`).digest('hex')

/** Secrets kept per instance: far more visits than one gate sees in a day. */
const SECRETS_KEPT = 10_000

/**
 * The gate's per-visit secrets (as bytes), derived once per visit and nonce. The key names the
 * nonce read from the visit's row on this very scan, so a new nonce misses the cache and an old
 * nonce's secret can never verify again; a cancelled or blocked visit is refused by its row, which
 * every scan reads afresh. Bounded: past the limit the oldest entry goes.
 */
export class PassSecrets {
  private readonly secrets = new Map<string, Buffer>()
  constructor(private readonly serverKey: string) {}

  of(visitId: number, passNonce: string): Buffer {
    const key = `${visitId}:${passNonce}`
    let secret = this.secrets.get(key)
    if (!secret) {
      // the same message and key as passSecret: its hex is what the visitor's phone holds
      secret = createHmac('sha256', this.serverKey).update(key).digest()
      if (this.secrets.size >= SECRETS_KEPT) this.secrets.delete(this.secrets.keys().next().value!)
      this.secrets.set(key, secret)
    }
    return secret
  }
}

/**
 * Is this scanned code the visit's code for a step within ±1 of now? The content names its step,
 * so one HMAC settles it (the same as trying now−1, now, now+1); compared in constant time.
 * `passCode` of shared, with node:crypto (native, ~10× the pure-JS HMAC the mini-app needs).
 */
export function passCodeValid(secret: Buffer, pass: ParsedPass, nowMs: number): boolean {
  if (Math.abs(pass.step - passStep(nowMs)) > PASS_SKEW_STEPS) return false
  const expected = createHmac('sha256', secret).update(`${pass.visitId}.${pass.step}`).digest().subarray(0, PASS_CODE_BYTES)
  // parsePassContent let through 16 hex digits only: 8 bytes
  return timingSafeEqual(expected, Buffer.from(pass.code, 'hex'))
}

/** A pass opens this long before the visit starts (the gate says 未到时间 before that) and closes at its end. */
export const passValidFrom = (startAt: Date) => new Date(startAt.getTime() - VISIT_EARLY_GRACE_MINUTES * 60_000)
