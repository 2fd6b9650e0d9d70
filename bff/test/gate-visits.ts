import { randomBytes } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import type { VisitStatus } from '@egj/shared'
import { notifications, visitBlocklist, visitCompanions, visits } from '../src/db/schema'
import { GateService } from '../src/modules/visits/gate/gate.service'
import { VisitPassService } from '../src/modules/visits/passes/passes.service'
import { createLogger } from '../src/lib/logger'
import type { TestApp } from './harness'

// Visits for the pass and gate tests, inserted as rows (the booking endpoints are built beside them).

const hex = (bytes: number) => randomBytes(bytes).toString('hex')

export interface TestVisitOptions {
  hostUserId: number
  visitorUserId?: number | null
  status?: VisitStatus
  startAt: Date
  endAt: Date
  /** default: a fresh nonce when approved or later, none before */
  passNonce?: string | null
  plateNo?: string | null
  visitorName?: string
  idNumberHash?: string
  checkedInAt?: Date | null
  companions?: { name: string; idNumberHash?: string }[]
}

export async function insertVisit(t: TestApp, o: TestVisitOptions): Promise<{ id: number; idNumberHash: string }> {
  const status = o.status ?? 'approved'
  const idNumberHash = o.idNumberHash ?? hex(32)
  const [row] = await t.database.db.insert(visits).values({
    status,
    source: o.visitorUserId === null ? 'walk_in' : 'self',
    visitorUserId: o.visitorUserId ?? null,
    visitorName: o.visitorName ?? '林访客',
    mobileMasked: '138****5678',
    idType: 'id_card',
    idNumberHash,
    idNumberMasked: '330***********1234',
    purpose: '业务洽谈',
    hostUserId: o.hostUserId,
    startAt: o.startAt,
    endAt: o.endAt,
    plateNo: o.plateNo ?? null,
    passNonce: o.passNonce !== undefined ? o.passNonce : status === 'invited' || status === 'pending' ? null : hex(16),
    checkedInAt: o.checkedInAt ?? (status === 'checked_in' || status === 'checked_out' ? new Date(o.startAt) : null),
  })
  for (const companion of o.companions ?? []) {
    await t.database.db.insert(visitCompanions).values({ visitId: row.insertId, name: companion.name, idType: 'id_card', idNumberHash: companion.idNumberHash ?? hex(32), idNumberMasked: '110***********0011' })
  }
  return { id: row.insertId, idNumberHash }
}

export async function blockHash(t: TestApp, idNumberHash: string, createdByUserId: number): Promise<void> {
  await t.database.db.insert(visitBlocklist).values({ idType: 'id_card', idNumberHash, idNumberMasked: '330***********1234', reason: '测试', createdByUserId })
}

export async function visitRow(t: TestApp, id: number) {
  const [row] = await t.database.db.select().from(visits).where(eq(visits.id, id))
  return row
}

/** The host's notifications, once the `visits.tell-hosts` job has told what the gate marked (as it would within seconds). */
export async function notificationCount(t: TestApp, userId: number, title?: string): Promise<number> {
  await t.services.visitGate.tellHosts()
  const [row] = await t.database.db
    .select({ n: sql<number>`COUNT(*)` })
    .from(notifications)
    .where(title ? sql`${notifications.userId} = ${userId} AND ${notifications.title} = ${title}` : eq(notifications.userId, userId))
  return Number(row.n)
}

/**
 * A clock the test moves: the app's pass and gate services are rebuilt on it (routes look the
 * service up on `t.services` per request, so every request after this uses the clock).
 */
export function useClock(t: TestApp, start = Date.now()) {
  let now = start
  const clock = () => new Date(now)
  const deps = { db: t.database.db, passKey: t.env.VISIT_PASS_SECRET, now: clock }
  t.services.visitPasses = new VisitPassService(deps)
  t.services.visitGate = new GateService({ ...deps, notifications: t.services.notifications, log: createLogger('silent') })
  return {
    now: () => now,
    set: (ms: number) => {
      now = ms
    },
    advance: (ms: number) => {
      now += ms
    },
  }
}
