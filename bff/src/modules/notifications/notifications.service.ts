import type { NotificationList } from '@egj/shared'
import type { Db, DbOrTx } from '../../db/client'
import { notFound } from '../../lib/errors'
import type { Logger } from '../../lib/logger'
import * as repo from './notifications.repo'
import type { PushRecipients } from './notifications.repo'

export type { PushRecipients }

export interface OutgoingMessage {
  title: string
  body: string
  /** in-app page to open, e.g. `/packages/meal/pages/receipt/index?id=1` */
  link?: string
}

/** A push channel (WeChat subscribe message, DingTalk work notice, 浙政钉 钉消息, SMS): one interface, one adapter each. */
export interface PushChannel {
  name: 'wechat' | 'dingtalk' | 'zzd' | 'sms'
  /** `attempt.first`: no earlier attempt of this delivery; `attempt.deliveryId`: the outbox row, the same on every retry (a platform's idempotency key) */
  send(recipient: string, message: OutgoingMessage, attempt: { first: boolean; deliveryId: number }): Promise<void>
}

/** A channel's final answer that this message cannot reach the recipient (not subscribed): no retries. */
export class Undeliverable extends Error {}

const MAX_ATTEMPTS = 5

export interface NotificationServiceDeps {
  db: Db
  channels: PushChannel[]
  log: Logger
  now?: () => Date
}

export class NotificationService {
  private readonly channels: Map<string, PushChannel>
  private readonly db: Db
  private readonly log: Logger
  private readonly now: () => Date
  constructor(deps: NotificationServiceDeps) {
    this.channels = new Map(deps.channels.map((channel) => [channel.name, channel]))
    this.db = deps.db
    this.log = deps.log
    this.now = deps.now ?? (() => new Date())
  }

  /**
   * Puts a message in the user's inbox and queues its pushes, inside the caller's transaction,
   * so a notification exists exactly when the event that caused it does.
   */
  async notify(tx: DbOrTx, userId: number, message: OutgoingMessage): Promise<number> {
    const notificationId = await repo.insertNotification(tx, { userId, title: message.title, body: message.body, link: message.link ?? null })
    await repo.insertDeliveries(tx, this.deliveries(notificationId, await repo.pushRecipients(tx, userId)))
    return notificationId
  }

  /**
   * `notify` for several people at once, in two statements (their notifications, then all their
   * pushes) instead of three each: for hot paths that already read the people's push accounts
   * (`recipients`, by user id) with what else they needed of them.
   */
  async notifyAll(tx: DbOrTx, messages: { userId: number; message: OutgoingMessage }[], recipients: Map<number, PushRecipients>): Promise<number[]> {
    if (!messages.length) return []
    const ids = await repo.insertNotifications(
      tx,
      messages.map(({ userId, message }) => ({ userId, title: message.title, body: message.body, link: message.link ?? null })),
    )
    const none: PushRecipients = { openid: null, dingtalkUserId: null, zzdAccountId: null }
    await repo.insertDeliveriesPrepared(
      tx,
      messages.flatMap(({ userId }, i) => this.deliveries(ids[i], recipients.get(userId) ?? none)),
    )
    return ids
  }

  /** A notification's pushes: one per account the user has on a channel this deployment runs. */
  private deliveries(notificationId: number, recipients: PushRecipients) {
    return [
      ...(recipients.openid && this.channels.has('wechat') ? [{ notificationId, channel: 'wechat' as const, recipient: recipients.openid }] : []),
      ...(recipients.dingtalkUserId && this.channels.has('dingtalk') ? [{ notificationId, channel: 'dingtalk' as const, recipient: recipients.dingtalkUserId }] : []),
      ...(recipients.zzdAccountId && this.channels.has('zzd') ? [{ notificationId, channel: 'zzd' as const, recipient: recipients.zzdAccountId }] : []),
    ]
  }

  /**
   * A text message to someone without an account (a 定点维修单位): a notification of nobody's inbox
   * (user_id NULL) and one `sms` delivery to the sealed mobile, in the caller's transaction. The
   * SMS channel opens the mobile only when it sends; the outbox never holds it in clear.
   */
  async notifyMobile(tx: DbOrTx, sealedMobile: string, message: OutgoingMessage): Promise<number> {
    const notificationId = await repo.insertNotification(tx, { userId: null, title: message.title, body: message.body, link: message.link ?? null })
    await repo.insertDeliveries(tx, [{ notificationId, channel: 'sms', recipient: sealedMobile }])
    return notificationId
  }

  async list(userId: number, cursor: string | undefined, limit: number): Promise<NotificationList> {
    const rows = await repo.listForUser(this.db, userId, cursor ? Number(cursor) : undefined, limit + 1)
    const page = rows.slice(0, limit)
    return {
      items: page.map((row) => ({ id: row.id, title: row.title, body: row.body, link: row.link, read: !!row.readAt, createdAt: row.createdAt.toISOString() })),
      unreadCount: await repo.unreadCount(this.db, userId),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    }
  }

  async markRead(userId: number, id: number): Promise<void> {
    if (!(await repo.markRead(this.db, userId, id, this.now()))) throw notFound('消息')
  }

  async markAllRead(userId: number): Promise<void> {
    await repo.markAllRead(this.db, userId, this.now())
  }

  /** The delivery job: sends due pushes, retrying with backoff (1, 2, 4, 8 min) before giving up. */
  async deliverDue(batch = 50): Promise<{ sent: number; failed: number }> {
    let sent = 0
    let failed = 0
    for (const delivery of await repo.dueDeliveries(this.db, this.now(), batch)) {
      const channel = this.channels.get(delivery.channel)
      try {
        if (!channel) throw new Error(`channel ${delivery.channel} not configured`)
        await channel.send(delivery.recipient, { title: delivery.title, body: delivery.body, link: delivery.link ?? undefined }, { first: delivery.attempts === 0, deliveryId: delivery.id })
        await repo.markDelivery(this.db, delivery.id, { status: 'sent', sentAt: this.now(), lastError: null })
        sent++
      } catch (error) {
        const attempts = delivery.attempts + 1
        const giveUp = attempts >= MAX_ATTEMPTS || error instanceof Undeliverable
        // not subscribed is the user's choice, not a fault: info, not a warning on every unsubscribed user
        this.log[error instanceof Undeliverable ? 'info' : 'warn']({ deliveryId: delivery.id, channel: delivery.channel, attempts, err: String(error) }, 'push delivery failed')
        await repo.markDelivery(this.db, delivery.id, {
          status: giveUp ? 'failed' : 'pending',
          nextAttemptAt: new Date(this.now().getTime() + 60_000 * 2 ** (attempts - 1)),
          lastError: String(error).slice(0, 300),
        })
        failed++
      }
    }
    return { sent, failed }
  }
}
