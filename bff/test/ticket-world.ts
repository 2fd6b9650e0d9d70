import { randomBytes } from 'node:crypto'
import type { RepairCategory, Role } from '@egj/shared'
import { locations, repairFirms } from '../src/db/schema'
import type { AuthUser } from '../src/lib/auth'
import { AssetCatalogService } from '../src/modules/assets/catalog/catalog.service'
import { RoomDoorService } from '../src/modules/rooms/door/door.service'
import { TicketReportService } from '../src/modules/tickets/report/report.service'
import { TicketWorkService } from '../src/modules/tickets/work/work.service'
import { TicketFirmLinkService } from '../src/modules/tickets/firm-link/firm-link.service'
import { bearer, type TestApp } from './harness'
import { idempotencyKey } from './factories'
import { createUserOfUnit } from './vehicle-fleet'

// 报修 tests: places, firms and people of the test's own; the services with a test clock.

const hex = (bytes: number) => randomBytes(bytes).toString('hex')
export const CENTRE = '市机关事务管理中心'

export interface Person {
  userId: number
  token: string
  name: string
}

export async function person(t: TestApp, roles: Role[], name = '测试人员', unit = CENTRE): Promise<Person> {
  const user = await createUserOfUnit(t, unit, roles, name)
  return { userId: user.userId, token: user.token, name }
}

export async function userOf(t: TestApp, who: Person): Promise<AuthUser> {
  return (await t.services.auth.authenticate(`Bearer ${who.token}`))!
}

/** A location of its own (a fresh spot), active unless said. */
export async function insertLocation(t: TestApp, o: { active?: boolean; building?: string; floor?: string; spot?: string } = {}) {
  const values = { building: o.building ?? '行政中心A座', floor: o.floor ?? '5楼', spot: o.spot ?? `东侧卫生间 ${hex(3)}`, active: o.active ?? true }
  const [row] = await t.database.db.insert(locations).values(values)
  return { id: row.insertId, ...values, code: t.services.qr.url('l', row.insertId), name: `${values.building} ${values.floor} · ${values.spot}` }
}

/** A contracted firm with a (sealed) mobile of its own. */
export async function insertFirm(t: TestApp, o: { active?: boolean; categories?: RepairCategory[] } = {}) {
  const mobile = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  const name = `测试维修公司 ${hex(3)}`
  const [row] = await t.database.db.insert(repairFirms).values({ name, contactName: '刘师傅', contactMobile: t.services.pii.seal(mobile), categories: o.categories ?? ['elevator', 'hvac', 'water_power'], active: o.active ?? true })
  return { id: row.insertId, name, mobile }
}

export const report = (t: TestApp, who: Person, body: Record<string, unknown>, key = idempotencyKey()) =>
  t.http.post('/api/v1/tickets').set(bearer(who.token)).set('Idempotency-Key', key).send({ kind: 'repair', category: 'water_power', description: '水龙头漏水', ...body })

export const act = (t: TestApp, who: Person, id: number, step: string, body: object = {}) => t.http.post(`/api/v1/tickets/${id}/${step}`).set(bearer(who.token)).send(body)

export const show = (r: { status: number; body: { error?: { code?: string } } }) => (r.body.error?.code ? `${r.status} ${r.body.error.code}` : String(r.status))

/** The three services on one test clock. */
export function servicesAt(t: TestApp, now: () => Date) {
  const deps = {
    db: t.database.db,
    qr: t.services.qr,
    notifications: t.services.notifications,
    assets: new AssetCatalogService({ db: t.database.db, qr: t.services.qr, audit: t.services.audit, notifications: t.services.notifications, now }),
    publicBaseUrl: t.env.PUBLIC_BASE_URL,
    now,
  }
  return {
    report: new TicketReportService({ ...deps, rooms: new RoomDoorService({ db: t.database.db, qr: t.services.qr, now }) }),
    work: new TicketWorkService(deps),
    firm: new TicketFirmLinkService(deps),
  }
}

/** A tiny PNG as base64 (a data URL when asked). */
export function pngBase64(dataUrl = false): string {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64').toString('base64')
  return dataUrl ? `data:image/png;base64,${png}` : png
}
