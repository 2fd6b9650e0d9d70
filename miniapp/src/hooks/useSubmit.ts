import { useCallback, useRef, useState } from 'react'
import { asApiError, isUnknownOutcome } from '../api/client'
import { newIdempotencyKey } from '../utils/idempotency'

/** One attempt at a submission: what was sent, under which key. */
export interface Attempt<B> {
  key: string
  body: B
}

export interface SubmitOptions<B> {
  /**
   * Whether `next` is the same submission as the pending attempt (then its key — and its body —
   * are sent again). Default: the same JSON.
   */
  same?: (pending: B, next: B) => boolean
  /**
   * Keep the attempt after a success, until `forget()` (a payment whose WeChat sheet was
   * cancelled: paying again must reuse the same order). Default: a success ends the attempt.
   */
  keepAfterSuccess?: boolean
}

const sameJson = <B,>(a: B, b: B) => JSON.stringify(a) === JSON.stringify(b)

/**
 * THE way the mini-app submits something that moves money or books something (ARCHITECTURE.md
 * points 6, 12 and 14). It owns the Idempotency-Key:
 * - a new submission (a different body, or the last one finished) gets a new key;
 * - the same submission tapped again after no answer / a timeout / a 5xx — when nobody knows
 *   whether it happened — resends the same key, so the server does it at most once;
 * - a definite answer (2xx, or a 4xx refusal) ends the attempt.
 * `send` gets the body and the key to pass to `request(endpoint, { body, idempotencyKey })`.
 * Errors are thrown as ApiError.
 */
export function useSubmit<B, R>(send: (body: B, idempotencyKey: string) => Promise<R>, options: SubmitOptions<B> = {}) {
  const { same = sameJson, keepAfterSuccess = false } = options
  const pending = useRef<Attempt<B> | null>(null)
  const [busy, setBusy] = useState(false)
  const sendRef = useRef(send)
  sendRef.current = send

  const sendAttempt = useCallback(
    async (attempt: Attempt<B>): Promise<R> => {
      pending.current = attempt
      setBusy(true)
      try {
        const result = await sendRef.current(attempt.body, attempt.key)
        if (!keepAfterSuccess && pending.current === attempt) pending.current = null
        return result
      } catch (e) {
        const error = asApiError(e)
        // only an unknown outcome may be retried under the same key
        if (!isUnknownOutcome(error) && pending.current === attempt) pending.current = null
        throw error
      } finally {
        setBusy(false)
      }
    },
    [keepAfterSuccess],
  )

  /** Submits `body`: the pending attempt again when it is the same submission, else a new one. */
  const submit = useCallback(
    (body: B): Promise<R> => {
      const last = pending.current
      return sendAttempt(last && same(last.body, body) ? last : { key: newIdempotencyKey(), body })
    },
    [same, sendAttempt],
  )

  /** A changed submission that must not reuse the pending key (e.g. the same payment, now confirmed). */
  const submitNew = useCallback((body: B): Promise<R> => sendAttempt({ key: newIdempotencyKey(), body }), [sendAttempt])

  /** Sends the pending attempt again, exactly as it was (the 重试 of an unknown outcome). */
  const retry = useCallback((): Promise<R> => {
    const last = pending.current
    if (!last) return Promise.reject(new Error('nothing to retry'))
    return sendAttempt(last)
  }, [sendAttempt])

  /** The attempt is over (paid, closed, given up): the next submission gets a new key. */
  const forget = useCallback(() => {
    pending.current = null
  }, [])

  return { submit, submitNew, retry, forget, busy, pending: () => pending.current }
}
