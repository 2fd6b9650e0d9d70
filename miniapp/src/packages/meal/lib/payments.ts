import type { MealPayment } from '@egj/shared'
import { mealPaymentsApi } from '@egj/shared'
import { isApiError, request } from '../../../api/client'
import { sleep } from './hooks'

/**
 * Asks for a payment until it is no longer awaiting WeChat (the BFF asks WeChat itself on each
 * read), or until `timeoutMs` has passed. Network hiccups in between are retried; `stillWanted`
 * stops the loop when the page went away. Resolves the last payment seen (null: none).
 */
export async function waitForPayment(id: number, opts: { timeoutMs: number; intervalMs: number; stillWanted?: () => boolean; onUpdate?: (payment: MealPayment) => void }): Promise<MealPayment | null> {
  const deadline = Date.now() + opts.timeoutMs
  let last: MealPayment | null = null
  for (;;) {
    if (opts.stillWanted && !opts.stillWanted()) return last
    try {
      last = await request(mealPaymentsApi.get, { params: { id } })
      opts.onUpdate?.(last)
      if (last.status !== 'awaiting_payment') return last
    } catch (error) {
      // a 4xx will not change by asking again (gone, not yours, logged out)
      if (isApiError(error) && error.status >= 400 && error.status < 500) throw error
    }
    if (Date.now() + opts.intervalMs > deadline) return last
    await sleep(opts.intervalMs)
  }
}
