import { randomBytes } from 'node:crypto'
import { PNG } from 'pngjs'
import type { AssetCategory, AssetCondition, AssetStatus, Role } from '@egj/shared'
import { shanghaiDate } from '@egj/shared'
import { asc, eq } from 'drizzle-orm'
import { assetEvents, assetLoanDays, assetLoans, assets, assetTransfers, units, userRoles, users } from '../src/db/schema'
import type { TestApp } from './harness'

// 公物仓 fixtures: units of their own (so stocktakes and lists are the test's alone), their keepers, assets as rows.

const hex = (bytes: number) => randomBytes(bytes).toString('hex')

export interface TestUnit {
  id: number
  name: string
}

export interface TestPerson {
  userId: number
  username: string
  token: string
  name: string
}

/** A unit of the test's own, e.g. 测试单位 3fa9c1. */
export async function createUnit(t: TestApp, name = `测试单位 ${hex(3)}`): Promise<TestUnit> {
  const [row] = await t.database.db.insert(units).values({ name })
  return { id: row.insertId, name }
}

/** Someone of that unit with these roles, signed in. */
export async function personOf(t: TestApp, unit: TestUnit, roles: Role[], name = '测试人员'): Promise<TestPerson> {
  const username = `u_${hex(4)}`
  const [user] = await t.database.db.insert(users).values({ username, name, unitId: unit.id })
  await t.database.db.insert(userRoles).values(roles.map((role) => ({ userId: user.insertId, role })))
  return { userId: user.insertId, username, token: await t.login(username), name }
}

/** The unit's 资产管理员. */
export const keeperOf = (t: TestApp, unit: TestUnit, name = '测试资产管理员') => personOf(t, unit, ['staff', 'asset_keeper'], name)

export interface TestAsset {
  id: number
  /** the printed code's URL (`/q/a/<token>`), what a scan sends */
  code: string
  shortCode: string
  name: string
}

/**
 * An asset as a row (idle unless said) of a unit (by id, or by name: the centre by default),
 * registered by `by` (default: the first user). A fresh name each time, so tests find their own
 * notifications and history.
 */
export async function insertAsset(
  t: TestApp,
  o: {
    unitId?: number
    unit?: string
    by?: number
    name?: string
    category?: AssetCategory
    condition?: AssetCondition
    status?: AssetStatus
    originalValueFen?: number
    brand?: string
    model?: string
    acquiredOn?: string
  } = {},
): Promise<TestAsset> {
  const db = t.database.db
  const unitId = o.unitId ?? (await db.select({ id: units.id }).from(units).where(eq(units.name, o.unit ?? '市机关事务管理中心')))[0].id
  const by = o.by ?? (await db.select({ id: users.id }).from(users).orderBy(asc(users.id)).limit(1))[0].id
  const status = o.status ?? 'idle'
  const name = o.name ?? `测试资产 ${hex(3)}`
  const [row] = await t.database.db.insert(assets).values({
    unitId,
    name,
    category: o.category ?? 'furniture',
    brand: o.brand ?? null,
    model: o.model ?? null,
    condition: o.condition ?? 'good',
    originalValueFen: o.originalValueFen ?? 100_000,
    acquiredOn: o.acquiredOn ?? '2024-01-15',
    location: '测试库房',
    status,
    registeredByUserId: by,
    listedAt: status === 'idle' ? new Date() : null,
  })
  await t.database.db.insert(assetEvents).values({ assetId: row.insertId, at: new Date(), kind: 'registered', text: '测试登记', unitId })
  return { id: row.insertId, code: t.services.qr.url('a', row.insertId), shortCode: t.services.qr.shortCode('a', row.insertId), name }
}

/** "YYYY-MM-DD" of the Asia/Shanghai day `days` from `now`. */
export const shanghaiDay = (days = 0, now = new Date()) => shanghaiDate(new Date(now.getTime() + days * 86_400_000))
/** Noon (Shanghai) of a day: a test clock's instant for that day. */
export const noonOf = (day: string) => new Date(`${day}T12:00:00+08:00`)

/** A small real PNG (8×8, one colour). */
export function pngBytes(): Buffer {
  const png = new PNG({ width: 8, height: 8 })
  png.data.fill(200)
  return PNG.sync.write(png)
}

/** Bytes that start as a JPEG does (the photo check reads the signature). */
export function jpegBytes(size = 64): Buffer {
  const bytes = Buffer.alloc(size, 0x11)
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0)
  return bytes
}

/** Every day from start to end, both included (YYYY-MM-DD). */
export function daysBetween(start: string, end: string): string[] {
  const days: string[] = []
  for (let at = new Date(`${start}T00:00:00Z`); at <= new Date(`${end}T00:00:00Z`); at = new Date(at.getTime() + 86_400_000)) days.push(at.toISOString().slice(0, 10))
  return days
}

/** A loan as rows (the loans feature is built beside this one): the loan and, while it holds them, its days. */
export async function insertLoan(
  t: TestApp,
  o: { assetId: number; ownerUnitId: number; borrowerUserId: number; startDate: string; endDate: string; status: 'pending' | 'approved' | 'on_loan' | 'returned' },
): Promise<number> {
  const [row] = await t.database.db.insert(assetLoans).values({
    assetId: o.assetId,
    ownerUnitId: o.ownerUnitId,
    borrowerUserId: o.borrowerUserId,
    startDate: o.startDate,
    endDate: o.endDate,
    purpose: '测试借用',
    status: o.status,
    handedOverAt: o.status === 'on_loan' ? new Date() : null,
  })
  if (o.status !== 'returned') await t.database.db.insert(assetLoanDays).values(daysBetween(o.startDate, o.endDate).map((day) => ({ assetId: o.assetId, day, loanId: row.insertId })))
  if (o.status === 'on_loan') await t.database.db.update(assets).set({ status: 'on_loan' }).where(eq(assets.id, o.assetId))
  return row.insertId
}

/** A transfer as a row (the transfers feature is built beside this one). */
export async function insertTransfer(
  t: TestApp,
  o: { assetId: number; fromUnitId: number; toUnitId: number; requestedByUserId: number; status: 'pending_owner' | 'pending_centre' | 'pending_receipt' | 'done'; receivedAt?: Date },
): Promise<number> {
  const [row] = await t.database.db.insert(assetTransfers).values({ ...o, reason: '测试调剂', receivedAt: o.receivedAt ?? null })
  return row.insertId
}
