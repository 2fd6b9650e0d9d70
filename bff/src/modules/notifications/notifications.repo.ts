import { and, count, desc, eq, isNull, lt, lte, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client'
import { preparedRows, preparedWrite } from '../../db/prepared'
import { notificationDeliveries, notifications, users } from '../../db/schema'

export async function listForUser(db: DbOrTx, userId: number, beforeId: number | undefined, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), beforeId ? lt(notifications.id, beforeId) : undefined))
    .orderBy(desc(notifications.id))
    .limit(limit)
}

export async function unreadCount(db: DbOrTx, userId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
  return row.n
}

/** Marks one of the user's notifications read; false when it is not theirs (or does not exist). */
export async function markRead(db: DbOrTx, userId: number, id: number, now: Date): Promise<boolean> {
  const [row] = await db.select({ id: notifications.id, readAt: notifications.readAt }).from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
  if (!row) return false
  if (!row.readAt) await db.update(notifications).set({ readAt: now }).where(eq(notifications.id, id))
  return true
}

export async function markAllRead(db: DbOrTx, userId: number, now: Date): Promise<void> {
  await db.update(notifications).set({ readAt: now }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
}

export async function insertNotification(db: DbOrTx, row: { userId: number | null; title: string; body: string; link: string | null }): Promise<number> {
  const [result] = await db.insert(notifications).values(row)
  return result.insertId
}

/** Where a user's pushes go: the accounts they signed in with (null when none). */
export interface PushRecipients {
  openid: string | null
  dingtalkUserId: string | null
  zzdAccountId: string | null
}

/**
 * Several users' notifications in one prepared INSERT, their ids in the order given. RETURNING
 * (MariaDB ≥ 10.5) names each row's id: the ids of one multi-row INSERT need not be consecutive.
 */
export async function insertNotifications(tx: DbOrTx, rows: { userId: number; title: string; body: string; link: string | null }[]): Promise<number[]> {
  const inserted = await preparedRows<{ id: number }>(
    tx,
    `INSERT INTO notifications (user_id, title, body, link) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')} RETURNING id`,
    rows.flatMap((row) => [row.userId, row.title, row.body, row.link]),
  )
  return inserted.map((row) => Number(row.id))
}

/** Deliveries in one prepared INSERT (the outbox the delivery job sends from). */
export async function insertDeliveriesPrepared(tx: DbOrTx, rows: { notificationId: number; channel: 'wechat' | 'dingtalk' | 'zzd' | 'sms'; recipient: string }[]): Promise<void> {
  if (!rows.length) return
  await preparedWrite(
    tx,
    `INSERT INTO notification_deliveries (notification_id, channel, recipient) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}`,
    rows.flatMap((row) => [row.notificationId, row.channel, row.recipient]),
  )
}

export async function pushRecipients(db: DbOrTx, userId: number): Promise<PushRecipients> {
  const [row] = await db.select({ openid: users.wechatOpenid, dingtalkUserId: users.dingtalkUserId, zzdAccountId: users.zzdAccountId }).from(users).where(eq(users.id, userId))
  return row ?? { openid: null, dingtalkUserId: null, zzdAccountId: null }
}

export async function insertDeliveries(db: DbOrTx, rows: { notificationId: number; channel: 'wechat' | 'dingtalk' | 'zzd' | 'sms'; recipient: string }[]): Promise<void> {
  if (rows.length) await db.insert(notificationDeliveries).values(rows)
}

export async function dueDeliveries(db: DbOrTx, now: Date, limit: number) {
  return db
    .select({
      id: notificationDeliveries.id,
      channel: notificationDeliveries.channel,
      recipient: notificationDeliveries.recipient,
      attempts: notificationDeliveries.attempts,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
    })
    .from(notificationDeliveries)
    .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
    .where(and(eq(notificationDeliveries.status, 'pending'), lte(notificationDeliveries.nextAttemptAt, now)))
    .orderBy(notificationDeliveries.nextAttemptAt)
    .limit(limit)
}

export async function markDelivery(db: DbOrTx, id: number, update: { status: 'pending' | 'sent' | 'failed'; nextAttemptAt?: Date; lastError?: string | null; sentAt?: Date }): Promise<void> {
  await db
    .update(notificationDeliveries)
    .set({ ...update, attempts: sql`${notificationDeliveries.attempts} + 1` })
    .where(eq(notificationDeliveries.id, id))
}
