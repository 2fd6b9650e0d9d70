import type { CashierFeed } from '@egj/shared'
import { shanghaiDate, shanghaiDayStart } from '@egj/shared'
import type { Db } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { presentPayment } from '../common/payment.presenter'
import * as payments from '../common/payment-row.repo'
import * as repo from './feed.repo'

const FEED_POLL_MS = 200

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })

export interface FeedServiceDeps {
  db: Db
  now?: () => Date
  /** the instance is shutting down: a waiting poll answers with what it has (nothing) at once */
  stopping?: AbortSignal
}

/** The cashier's live feed: a long poll on the database, so any BFF instance's payments show up. */
export class FeedService {
  private readonly now: () => Date
  constructor(private readonly deps: FeedServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async feed(user: AuthUser, after: string | undefined, waitSeconds: number): Promise<CashierFeed> {
    const { db } = this.deps
    const merchantIds = await payments.merchantsOfStaff(db, user.id)
    const dayStart = shanghaiDayStart(shanghaiDate(this.now()))
    const afterId = after ? Number(after) : await repo.lastFeedIdBefore(db, dayStart)
    const deadline = Date.now() + waitSeconds * 1000
    let events = await repo.feedEvents(db, merchantIds, afterId, 100)
    const stopping = this.deps.stopping
    while (!events.length && Date.now() < deadline && !stopping?.aborted) {
      await pause(FEED_POLL_MS, stopping)
      events = await repo.feedEvents(db, merchantIds, afterId, 100)
    }
    const rows = new Map((await payments.paymentsByIds(db, [...new Set(events.map((e) => e.paymentId))])).map((row) => [row.payment.id, row]))
    return {
      items: events.map((event) => ({ cursor: String(event.id), kind: event.kind, amountFen: event.amountFen, at: event.createdAt.toISOString(), payment: presentPayment(rows.get(event.paymentId)!) })),
      cursor: String(events.length ? events[events.length - 1].id : afterId),
      today: await repo.todayTotals(db, merchantIds, dayStart),
    }
  }
}
