import { and, eq, exists, inArray, isNotNull, like, type SQL } from 'drizzle-orm'
import type { Role } from '@egj/shared'
import { insertMany, updateMany } from '../../../db/bulk'
import type { DbOrTx, Tx } from '../../../db/client'
import { merchantStaff, units, userRoles, users } from '../../../db/schema'

/** A staff record as the import, the directory sync and the person page compare it. */
export interface StaffRecord {
  id: number
  name: string
  unitId: number | null
  mobileHash: string | null
  mobileEnc: string | null
  position: string | null
  dingtalkUserId: string | null
  zzdAccountId: string | null
  status: 'active' | 'disabled'
  roles: Role[]
}

const recordColumns = {
  id: users.id,
  name: users.name,
  unitId: users.unitId,
  mobileHash: users.mobileHash,
  mobileEnc: users.mobileEnc,
  position: users.position,
  dingtalkUserId: users.dingtalkUserId,
  zzdAccountId: users.zzdAccountId,
  status: users.status,
}

/** The roles of these people, by id (in batches: an import reads 10,000 at once). */
export async function rolesOf(db: DbOrTx, ids: number[]): Promise<Map<number, Role[]>> {
  const roles = new Map<number, Role[]>()
  for (let i = 0; i < ids.length; i += 5000)
    for (const row of await db.select().from(userRoles).where(inArray(userRoles.userId, ids.slice(i, i + 5000)))) roles.set(row.userId, [...(roles.get(row.userId) ?? []), row.role])
  return roles
}

async function withRoles(db: DbOrTx, rows: Omit<StaffRecord, 'roles'>[]): Promise<StaffRecord[]> {
  const roles = await rolesOf(db, rows.map((row) => row.id))
  return rows.map((row) => ({ ...row, roles: roles.get(row.id) ?? [] }))
}

/** How the people list and the export find people: staff records (a unit; not WeChat visitors). */
export interface StaffFilter {
  /** part of a name */
  name?: string
  /** the blind index of a whole mobile */
  mobileHash?: string
  unitId?: number
  role?: Role
  status: 'active' | 'disabled' | 'all'
}

export function staffWhere(db: DbOrTx, filter: StaffFilter): SQL[] {
  const where: SQL[] = [isNotNull(users.unitId)]
  // LIKE's own wildcards in a typed name are literal characters
  if (filter.name) where.push(like(users.name, `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
  if (filter.mobileHash) where.push(eq(users.mobileHash, filter.mobileHash))
  if (filter.unitId !== undefined) where.push(eq(users.unitId, filter.unitId))
  if (filter.status !== 'all') where.push(eq(users.status, filter.status))
  if (filter.role) where.push(exists(db.select({ one: userRoles.userId }).from(userRoles).where(and(eq(userRoles.userId, users.id), eq(userRoles.role, filter.role)))))
  return where
}

/** Everyone who could match an incoming staff row: by mobile or by DingTalk userId. */
export async function staffMatching(db: DbOrTx, mobileHashes: string[], dingtalkUserIds: string[]): Promise<StaffRecord[]> {
  const found = new Map<number, Omit<StaffRecord, 'roles'>>()
  for (let i = 0; i < mobileHashes.length; i += 5000)
    for (const row of await db.select(recordColumns).from(users).where(inArray(users.mobileHash, mobileHashes.slice(i, i + 5000)))) found.set(row.id, row)
  for (let i = 0; i < dingtalkUserIds.length; i += 5000)
    for (const row of await db.select(recordColumns).from(users).where(inArray(users.dingtalkUserId, dingtalkUserIds.slice(i, i + 5000)))) found.set(row.id, row)
  return withRoles(db, [...found.values()])
}

export async function staffById(db: DbOrTx, id: number): Promise<StaffRecord | null> {
  const [row] = await db.select(recordColumns).from(users).where(eq(users.id, id))
  return row ? (await withRoles(db, [row]))[0] : null
}

/** Locks the person's row for a change (two admins at once: one after the other, the last wins). */
export async function lockStaff(tx: Tx, id: number): Promise<StaffRecord | null> {
  const [row] = await tx.select(recordColumns).from(users).where(eq(users.id, id)).for('update')
  return row ? (await withRoles(tx, [row]))[0] : null
}

/** Everyone with a DingTalk userId (the directory sync looks for who is gone). */
export async function staffWithDingtalkId(db: DbOrTx): Promise<StaffRecord[]> {
  return withRoles(db, await db.select(recordColumns).from(users).where(isNotNull(users.dingtalkUserId)))
}

export interface NewStaff {
  name: string
  unitId: number
  mobileHash: string
  mobileEnc: string
  position: string | null
  dingtalkUserId: string | null
  zzdAccountId?: string | null
}

/** Inserts people in batches; returns their ids in the order given (read back by the unique mobile: ids of a multi-row INSERT need not be consecutive on MySQL 8). */
export async function insertStaff(tx: Tx, people: NewStaff[]): Promise<number[]> {
  const ids: number[] = []
  for (let i = 0; i < people.length; i += 1000) {
    const batch = people.slice(i, i + 1000)
    await insertMany(tx, users, batch)
    const byHash = new Map((await tx.select({ id: users.id, mobileHash: users.mobileHash }).from(users).where(inArray(users.mobileHash, batch.map((p) => p.mobileHash)))).map((row) => [row.mobileHash, row.id]))
    for (const person of batch) ids.push(byHash.get(person.mobileHash)!)
  }
  return ids
}

export async function updateStaff(tx: Tx, id: number, set: Partial<NewStaff> & { status?: 'active' | 'disabled'; accessChangedAt?: Date }): Promise<void> {
  await tx.update(users).set(set).where(eq(users.id, id))
}

/** Many people updated at once (an import), each with its own values. */
export async function updateStaffMany(tx: Tx, rows: { id: number; set: Partial<NewStaff> }[]): Promise<void> {
  await updateMany(tx, users, rows)
}

/** Many people's roles replaced at once. */
export async function replaceRolesMany(tx: Tx, rows: { userId: number; roles: Role[] }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) await tx.delete(userRoles).where(inArray(userRoles.userId, rows.slice(i, i + 5000).map((row) => row.userId)))
  await insertMany(tx, userRoles, rows.flatMap((row) => row.roles.map((role) => ({ userId: row.userId, role }))), 2000)
}

export async function replaceRoles(tx: Tx, userId: number, roles: Role[]): Promise<void> {
  await tx.delete(userRoles).where(eq(userRoles.userId, userId))
  if (roles.length) await tx.insert(userRoles).values(roles.map((role) => ({ userId, role })))
}

export async function insertRoles(tx: Tx, rows: { userId: number; role: Role }[]): Promise<void> {
  await insertMany(tx, userRoles, rows, 2000)
}

export async function merchantsOf(db: DbOrTx, userId: number): Promise<number[]> {
  return (await db.select({ id: merchantStaff.merchantId }).from(merchantStaff).where(eq(merchantStaff.userId, userId))).map((row) => row.id)
}

export async function replaceMerchants(tx: Tx, userId: number, merchantIds: number[]): Promise<void> {
  await tx.delete(merchantStaff).where(eq(merchantStaff.userId, userId))
  if (merchantIds.length) await tx.insert(merchantStaff).values(merchantIds.map((merchantId) => ({ userId, merchantId })))
}

export interface UnitRef {
  id: number
  name: string
  shortName: string | null
  active: boolean
}

export async function unitById(db: DbOrTx, id: number): Promise<UnitRef | null> {
  const [row] = await db.select({ id: units.id, name: units.name, shortName: units.shortName, active: units.active }).from(units).where(eq(units.id, id))
  return row ?? null
}

export async function allUnits(db: DbOrTx): Promise<UnitRef[]> {
  return db.select({ id: units.id, name: units.name, shortName: units.shortName, active: units.active }).from(units)
}

/** Active admins, their rows locked: two changes that would each remove "one of two" admins cannot both pass. */
export async function activeAdminCount(tx: Tx): Promise<number> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'admin')))
    .where(eq(users.status, 'active'))
    .for('update')
  return rows.length
}
