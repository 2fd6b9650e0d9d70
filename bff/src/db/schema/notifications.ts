import { sql } from 'drizzle-orm'
import { index, int, mysqlEnum, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
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
    channel: mysqlEnum('channel', ['wechat', 'dingtalk', 'sms']).notNull(),
    /** openid or DingTalk user id at the time of sending; for SMS the mobile, sealed (PiiVault) */
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
