import { sql } from 'drizzle-orm'
import { index, int, mysqlEnum, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { id, ref, ts } from './columns'
import { users } from './org'

export const notifications = mysqlTable(
  'notifications',
  {
    id: id(),
    /** null: a message to someone outside the system (a contracted firm, by SMS) */
    userId: ref('user_id').references(() => users.id),
    title: varchar('title', { length: 100 }).notNull(),
    body: varchar('body', { length: 500 }).notNull(),
    link: varchar('link', { length: 300 }),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.id)],
)

/** Outbox: one row per push channel, sent by the delivery job (retries with backoff). */
export const notificationDeliveries = mysqlTable(
  'notification_deliveries',
  {
    id: id(),
    notificationId: ref('notification_id').notNull().references(() => notifications.id),
    channel: mysqlEnum('channel', ['wechat', 'dingtalk', 'zzd', 'sms']).notNull(),
    /** openid, DingTalk user id or 浙政钉 accountId at the time of sending; for SMS the mobile, sealed (PiiVault) */
    recipient: varchar('recipient', { length: 128 }).notNull(),
    status: mysqlEnum('status', ['pending', 'sent', 'failed']).notNull().default('pending'),
    attempts: int('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    lastError: varchar('last_error', { length: 300 }),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('deliveries_notification_channel_uq').on(t.notificationId, t.channel),
    index('deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
)

/**
 * WeChat one-time subscribe messages: each 允许 a user taps in requestSubscribeMessage allows one
 * message of that template. The push channel sends only while `remaining` > 0 and spends one per
 * send, so nobody who did not subscribe is pushed to (WeChat would answer 43101).
 */
export const wechatSubscriptions = mysqlTable(
  'wechat_subscriptions',
  {
    userId: ref('user_id').notNull().references(() => users.id),
    templateId: varchar('template_id', { length: 64 }).notNull(),
    remaining: int('remaining').notNull().default(0),
    updatedAt: ts('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [primaryKey({ columns: [t.userId, t.templateId] })],
)

/**
 * Access tokens of outside platforms (浙政钉, DingTalk, WeChat), shared by every instance: the one
 * that finds it expired takes `refreshing_until` and fetches a new one; the others wait and read it,
 * so a token is refreshed once, not once per instance (each refresh can void the previous token).
 */
export const platformTokens = mysqlTable('platform_tokens', {
  name: varchar('name', { length: 64 }).primaryKey(),
  token: varchar('token', { length: 512 }),
  expiresAt: ts('expires_at'),
  refreshingUntil: ts('refreshing_until'),
})
