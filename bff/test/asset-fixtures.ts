import { randomBytes } from 'node:crypto'
import { asc, eq } from 'drizzle-orm'
import type { AssetCategory, AssetCondition, AssetStatus } from '@egj/shared'
import { shanghaiDate } from '@egj/shared'
import { assets, units, users } from '../src/db/schema'
import type { TestApp } from './harness'

// 公物仓 fixtures: assets inserted as rows (the catalogue's endpoints are built beside the features that use them).

export interface TestAsset {
  id: number
  /** the printed code's URL (`/q/a/<token>`), what a scan sends */
  code: string
  name: string
}

/**
 * An asset of a unit (by name or id), idle unless told: a fresh name each time, so tests can find
 * their own notifications and history. `registeredBy` defaults to any existing user.
 */
export async function createAsset(
  t: TestApp,
  o: {
    unit?: string
    unitId?: number
    status?: AssetStatus
    name?: string
    category?: AssetCategory
    condition?: AssetCondition
    originalValueFen?: number
    acquiredOn?: string
    registeredBy?: number
  } = {},
): Promise<TestAsset> {
  const db = t.database.db
  const unitId = o.unitId ?? (await db.select({ id: units.id }).from(units).where(eq(units.name, o.unit ?? '市机关事务管理中心')))[0].id
  const registeredBy = o.registeredBy ?? (await db.select({ id: users.id }).from(users).orderBy(asc(users.id)).limit(1))[0].id
  const name = o.name ?? `测试资产${randomBytes(3).toString('hex')}`
  const status = o.status ?? 'idle'
  const [row] = await db.insert(assets).values({
    unitId,
    name,
    category: o.category ?? 'furniture',
    brand: '测试牌',
    model: 'T-1',
    condition: o.condition ?? 'good',
    originalValueFen: o.originalValueFen ?? 120_000,
    acquiredOn: o.acquiredOn ?? '2024-01-15',
    location: '测试仓库',
    status,
    registeredByUserId: registeredBy,
    listedAt: status === 'idle' ? new Date() : null,
  })
  return { id: row.insertId, code: t.services.qr.url('a', row.insertId), name }
}

/** A unit of its own (so a test knows exactly who is in it). */
export async function createUnit(t: TestApp, name = `测试单位${randomBytes(3).toString('hex')}`): Promise<{ id: number; name: string }> {
  const [row] = await t.database.db.insert(units).values({ name })
  return { id: row.insertId, name }
}

/** "YYYY-MM-DD" of the Asia/Shanghai day `days` from `now`. */
export const shanghaiDay = (days = 0, now = new Date()) => shanghaiDate(new Date(now.getTime() + days * 86_400_000))
/** Noon (Shanghai) of a day: a test clock's instant for that day. */
export const noonOf = (day: string) => new Date(`${day}T12:00:00+08:00`)
