import { and, count, eq, gt, inArray, lt } from 'drizzle-orm'
import type { VehicleRequestStatus } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { drivers, userRoles, users, vehicleRequests } from '../../../db/schema'
import { listRequestRows, requestRowsBySchedule } from '../common/request-row.repo'

export async function insertRequest(tx: DbOrTx, request: typeof vehicleRequests.$inferInsert): Promise<number> {
  const [result] = await tx.insert(vehicleRequests).values(request)
  return result.insertId
}

/** Active users holding a role, optionally within one unit (a unit's approvers, every dispatcher). */
export async function usersWithRole(db: DbOrTx, role: 'approver' | 'dispatcher', unitId?: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, role)))
    .where(and(eq(users.status, 'active'), unitId === undefined ? undefined : eq(users.unitId, unitId)))
  return rows.map((row) => row.id)
}

const statusIs = (status: VehicleRequestStatus | undefined) => (status ? eq(vehicleRequests.status, status) : undefined)

export const listOfRequester = (db: DbOrTx, userId: number, status: VehicleRequestStatus | undefined, beforeId: number | undefined, limit: number) =>
  listRequestRows(db, and(eq(vehicleRequests.requesterUserId, userId), statusIs(status)), beforeId, limit)

export const listOfUnit = (db: DbOrTx, unitId: number, status: VehicleRequestStatus | undefined, beforeId: number | undefined, limit: number) =>
  listRequestRows(db, and(eq(vehicleRequests.unitId, unitId), statusIs(status)), beforeId, limit)

/** What a dispatcher works with: approved requests and everything after (not pending, rejected or cancelled). */
export const DISPATCHER_STATUSES: VehicleRequestStatus[] = ['approved', 'dispatched', 'in_progress', 'completed']
export const listForDispatch = (db: DbOrTx, status: VehicleRequestStatus | undefined, beforeId: number | undefined, limit: number) =>
  listRequestRows(db, status ? statusIs(status) : inArray(vehicleRequests.status, DISPATCHER_STATUSES), beforeId, limit)

/** 待办 counts: a unit's requests waiting for its approver; approved requests waiting for a car. */
export async function countByStatus(db: DbOrTx, status: VehicleRequestStatus, unitId?: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(vehicleRequests).where(and(eq(vehicleRequests.status, status), unitId === undefined ? undefined : eq(vehicleRequests.unitId, unitId)))
  return Number(row.n)
}

/** Dispatched or running requests overlapping [from, to) that I asked for, or that I drive. */
export function committedBetween(db: DbOrTx, who: { requesterUserId: number } | { driverUserId: number }, from: Date, to: Date) {
  return requestRowsBySchedule(
    db,
    and(
      'requesterUserId' in who ? eq(vehicleRequests.requesterUserId, who.requesterUserId) : eq(drivers.userId, who.driverUserId),
      inArray(vehicleRequests.status, ['dispatched', 'in_progress']),
      lt(vehicleRequests.startAt, to),
      gt(vehicleRequests.endAt, from),
    ),
    20,
  )
}
