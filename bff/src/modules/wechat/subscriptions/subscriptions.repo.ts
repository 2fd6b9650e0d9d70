import { and, eq, gt, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { users, wechatSubscriptions } from '../../../db/schema'

/** One more message allowed per template id (each 允许 in WeChat's sheet allows one). */
export async function addOne(db: DbOrTx, userId: number, templateIds: string[], now: Date): Promise<void> {
  if (!templateIds.length) return
  await db
    .insert(wechatSubscriptions)
    .values(templateIds.map((templateId) => ({ userId, templateId, remaining: 1, updatedAt: now })))
    .onDuplicateKeyUpdate({ set: { remaining: sql`${wechatSubscriptions.remaining} + 1`, updatedAt: now } })
}

/**
 * Spends one allowed message of the user behind `openid`: a conditional UPDATE, so two sends can
 * never spend the same 允许. false when nothing is left (or nobody has that openid).
 */
export async function spendOne(db: DbOrTx, openid: string, templateId: string, now: Date): Promise<boolean> {
  const [result] = await db
    .update(wechatSubscriptions)
    .set({ remaining: sql`${wechatSubscriptions.remaining} - 1`, updatedAt: now })
    .where(
      and(
        eq(wechatSubscriptions.templateId, templateId),
        gt(wechatSubscriptions.remaining, 0),
        inArray(wechatSubscriptions.userId, db.select({ id: users.id }).from(users).where(eq(users.wechatOpenid, openid))),
      ),
    )
  return result.affectedRows > 0
}

/** WeChat says the user has nothing left for this template (43101): so do we. */
export async function clear(db: DbOrTx, openid: string, templateId: string, now: Date): Promise<void> {
  await db
    .update(wechatSubscriptions)
    .set({ remaining: 0, updatedAt: now })
    .where(and(eq(wechatSubscriptions.templateId, templateId), inArray(wechatSubscriptions.userId, db.select({ id: users.id }).from(users).where(eq(users.wechatOpenid, openid)))))
}
