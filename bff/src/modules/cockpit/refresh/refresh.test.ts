import dayjs from 'dayjs'
import { shanghaiDate, type IndicatorKey } from '@egj/shared'
import { assetLoans, cockpitLightChanges, mealPayments, visits } from '../../../db/schema'
import { createMerchant } from '../../../../test/factories'
import { startTestApp, bearer, type TestApp } from '../../../../test/harness'
import { createUnit, insertAsset, personOf, type TestUnit } from '../../../../test/asset-fixtures'
import { insertTicket } from '../../../../test/ticket-fixtures'
import type { RedLight } from '../common/red-light'
import { CockpitRefreshService } from './refresh.service'

let t: TestApp
let adminToken: string
beforeAll(async () => {
  t = await startTestApp()
  adminToken = await t.login('admin')
})
// the payments here are written straight to the table (the figures count rows, not money): they
// have no journal entries, so they go before the next test file on this worker's database checks the ledger
const merchantsMade: number[] = []
afterAll(async () => {
  if (merchantsMade.length) await t.database.pool.query('DELETE FROM meal_payments WHERE merchant_id IN (?)', [merchantsMade])
  await t.close()
})
beforeEach(async () => {
  // thresholds are global: every test starts from the defaults
  await t.database.pool.query('DELETE FROM cockpit_thresholds')
})

const today = () => shanghaiDate(new Date())
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000)
const rows = async <T>(text: string, params: unknown[] = []) => (await t.database.pool.query(text, params))[0] as T[]

/** A refresh service of the test's own, recording each red turn handed to 督办. */
function recordingRefresh() {
  const reds: RedLight[] = []
  const service = new CockpitRefreshService({ db: t.database.db, supervision: { openOnRed: async (_tx, red) => void reds.push(red) } })
  return { service, reds }
}

async function cockpitOf(token: string, unitId?: number) {
  const response = await t.http.get('/api/v1/cockpit').query(unitId ? { unitId } : {}).set(bearer(token))
  expect(response.status).toBe(200)
  return response.body as { indicators: { key: IndicatorKey; value: number | null; light: string; listPath: string }[]; refreshedAt: string | null; supervision: Record<string, number> }
}
const valueOf = (cockpit: Awaited<ReturnType<typeof cockpitOf>>, key: IndicatorKey) => cockpit.indicators.find((i) => i.key === key)!

/** A small world of one unit: what each indicator should count for it. */
async function worldOf(unit: TestUnit) {
  const person = await personOf(t, unit, ['staff'], '测试干部')
  const merchant = await createMerchant(t, { capFen: 4000 })
  merchantsMade.push(merchant.merchantId)
  const pay = (amountFen: number, o: Partial<typeof mealPayments.$inferInsert> = {}) =>
    t.database.db.insert(mealPayments).values({
      payerUserId: person.userId,
      payerUnitId: unit.id,
      merchantId: merchant.merchantId,
      windowId: merchant.windowId,
      periodName: '午餐',
      method: 'account',
      official: false,
      amountFen,
      status: 'paid',
      paidAt: minutesAgo(5),
      createdAt: minutesAgo(5),
      ...o,
    })
  await pay(1800)
  await pay(5000, { official: true, refundedFen: 1000 }) // over the 公务 cap of ¥40.00
  await pay(2000, { status: 'awaiting_payment' }) // not paid: not counted
  // a visit of today starts today in Shanghai, also when the test runs just after midnight there
  const dayStart = new Date(`${today()}T00:00:00+08:00`)
  const todayFrom = (at: Date) => (at < dayStart ? new Date(dayStart.getTime() + 1000) : at)
  const visit = (o: Partial<typeof visits.$inferInsert>) =>
    t.database.db.insert(visits).values({ status: 'approved', source: 'self', visitorName: '王来访', purpose: '洽谈', hostUserId: person.userId, hostUnitId: unit.id, startAt: todayFrom(minutesAgo(120)), endAt: minutesAgo(-60), ...o })
  await visit({}) // expected
  await visit({ status: 'checked_in', checkedInAt: todayFrom(minutesAgo(100)), startAt: todayFrom(minutesAgo(110)), endAt: minutesAgo(1) }) // inside and overstaying
  await visit({ status: 'checked_out', checkedInAt: minutesAgo(100), checkedOutAt: minutesAgo(30) }) // gone
  await visit({ status: 'pending', escalatedAt: minutesAgo(20), startAt: minutesAgo(-120), endAt: minutesAgo(-180) }) // escalated, undecided
  await insertTicket(t, { reporterUserId: person.userId, unitId: unit.id, at: minutesAgo(60), set: { finishBy: minutesAgo(1) } }) // open, overdue
  await insertTicket(t, { reporterUserId: person.userId, unitId: unit.id, at: minutesAgo(60), set: { finishBy: minutesAgo(-600) } }) // open
  await insertTicket(t, { reporterUserId: person.userId, unitId: unit.id, status: 'finished', at: minutesAgo(60), set: { finishedAt: minutesAgo(10) } })
  const asset = await insertAsset(t, { unitId: unit.id })
  const yesterday = dayjs(today()).subtract(1, 'day').format('YYYY-MM-DD')
  await t.database.db
    .insert(assetLoans)
    .values({ assetId: asset.id, ownerUnitId: unit.id, borrowerUserId: person.userId, borrowerUnitId: unit.id, startDate: yesterday, endDate: yesterday, purpose: '测试', status: 'on_loan', handedOverAt: minutesAgo(60 * 30) })
  return { person, merchant }
}

describe('驾驶舱 figures', () => {
  test('each indicator counts what it says, for the unit and within 全市; records list exactly those rows', async () => {
    const unit = await createUnit(t)
    await worldOf(unit)
    await t.services.cockpitRefresh.refreshDay(today())
    const cockpit = await cockpitOf(adminToken, unit.id)
    const expected: Partial<Record<IndicatorKey, number>> = {
      meal_payments: 2,
      meal_amount: 58,
      meal_over_cap: 1,
      visits_expected: 3,
      visits_inside: 1,
      visits_overstaying: 1,
      visits_unapproved: 1,
      tickets_open: 2,
      tickets_overdue: 1,
      loans_overdue: 1,
    }
    for (const [key, value] of Object.entries(expected)) expect([key, valueOf(cockpit, key as IndicatorKey).value]).toEqual([key, value])
    expect(valueOf(cockpit, 'meal_over_cap').light).toBe('yellow')
    expect(valueOf(cockpit, 'loans_overdue').light).toBe('yellow')
    expect(valueOf(cockpit, 'room_no_show_pct').value).toBeNull()
    expect(valueOf(cockpit, 'meal_payments').listPath).toBe(`/packages/cockpit/pages/records/index?key=meal_payments&date=${today()}&unitId=${unit.id}`)

    const records = await t.http.get('/api/v1/cockpit/indicators/meal_payments/records').query({ unitId: unit.id }).set(bearer(adminToken))
    expect(records.status).toBe(200)
    expect(records.body.items).toHaveLength(2)
    expect(records.body.items[0].title).toMatch(/^测试干部 · 测试食堂 .+ 午餐$/)
    expect(records.body.items.map((i: { subtitle: string }) => i.subtitle).sort()).toEqual(['¥18.00', '¥40.00'])
    expect(records.body.items[0].url).toMatch(/^\/packages\/meal\/pages\/receipt\/index\?id=\d+$/)

    const city = await cockpitOf(adminToken)
    expect(valueOf(city, 'meal_payments').value).toBeGreaterThanOrEqual(2)
    const byUnit = await t.http.get('/api/v1/cockpit/indicators/tickets_open/breakdown').set(bearer(adminToken))
    expect(byUnit.body.groups).toContainEqual({ id: unit.id, name: unit.name, value: 2, light: 'green' })
    const byMerchant = await t.http.get('/api/v1/cockpit/indicators/tickets_open/breakdown').query({ by: 'merchant' }).set(bearer(adminToken))
    expect([byMerchant.status, byMerchant.body.error.code]).toEqual([422, 'COCKPIT_NO_MERCHANT_BREAKDOWN'])
  })

  test('a record no longer counted goes to 0 (diff, not delete); a future day is refused', async () => {
    const unit = await createUnit(t)
    const person = await personOf(t, unit, ['staff'])
    const ticket = await insertTicket(t, { reporterUserId: person.userId, unitId: unit.id, at: minutesAgo(30) })
    await t.services.cockpitRefresh.refreshDay(today())
    expect(valueOf(await cockpitOf(adminToken, unit.id), 'tickets_open').value).toBe(1)
    await t.database.pool.query("UPDATE tickets SET status = 'finished', finished_at = ? WHERE id = ?", [minutesAgo(1), ticket.id])
    await t.services.cockpitRefresh.refreshDay(today())
    const [row] = await rows<{ value: string }>("SELECT value FROM cockpit_daily WHERE indicator_key = 'tickets_open' AND unit_id = ? AND day = ?", [unit.id, today()])
    expect(Number(row.value)).toBe(0)
    const future = await t.http.get('/api/v1/cockpit').query({ date: dayjs(today()).add(1, 'day').format('YYYY-MM-DD') }).set(bearer(adminToken))
    expect([future.status, future.body.error.code]).toEqual([422, 'COCKPIT_DATE_IN_FUTURE'])
  })
})

describe('thresholds', () => {
  test('admin lowers a threshold: the light turns at once, the change is audited and its history kept; nothing on refusal', async () => {
    const unit = await createUnit(t)
    const person = await personOf(t, unit, ['staff'])
    await insertTicket(t, { reporterUserId: person.userId, unitId: unit.id, at: minutesAgo(30) })
    await t.services.cockpitRefresh.refreshDay(today())
    expect(valueOf(await cockpitOf(adminToken, unit.id), 'tickets_open').light).toBe('green')

    const leader = await personOf(t, unit, ['leader'])
    const asLeader = await t.http.put('/api/v1/cockpit/indicators/tickets_open/thresholds').set(bearer(leader.token)).send({ yellow: 1, red: 1, reason: '测试' })
    expect([asLeader.status, asLeader.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const badOrder = await t.http.put('/api/v1/cockpit/indicators/tickets_open/thresholds').set(bearer(adminToken)).send({ yellow: 5, red: 1, reason: '测试' })
    expect([badOrder.status, badOrder.body.error.code]).toEqual([422, 'COCKPIT_THRESHOLDS_ORDER'])
    const noReason = await t.http.put('/api/v1/cockpit/indicators/tickets_open/thresholds').set(bearer(adminToken)).send({ yellow: 1, red: 1 })
    expect(noReason.status).toBe(400)
    expect(await rows('SELECT * FROM cockpit_thresholds')).toHaveLength(0)

    const put = await t.http.put('/api/v1/cockpit/indicators/tickets_open/thresholds').set(bearer(adminToken)).send({ yellow: null, red: 1, reason: '报修积压，从严督办' })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ key: 'tickets_open', thresholds: { yellow: null, red: 1, direction: 'higher_is_bad' }, reason: '报修积压，从严督办' })
    expect(valueOf(await cockpitOf(adminToken, unit.id), 'tickets_open').light).toBe('red')
    const [audit] = await rows<{ action: string; entity_id: string; reason: string; before: unknown; after: unknown }>(
      "SELECT action, entity_id, reason, `before`, `after` FROM audit_log WHERE entity = 'cockpit_threshold' ORDER BY id DESC LIMIT 1",
    )
    expect(audit).toMatchObject({ action: 'cockpit_threshold.update', entity_id: 'tickets_open', reason: '报修积压，从严督办' })
    const lights = await t.http.get('/api/v1/cockpit/indicators/tickets_open/lights').query({ unitId: unit.id }).set(bearer(adminToken))
    expect(lights.body.items[0]).toMatchObject({ from: 'green', to: 'red', value: 1, date: today() })
  })
})

describe('scope', () => {
  test("an approver sees their own unit only; another unit's figures are 403; staff are 403", async () => {
    const unit = await createUnit(t)
    const other = await createUnit(t)
    const approver = await personOf(t, unit, ['staff', 'approver'])
    const staff = await personOf(t, unit, ['staff'])
    await t.services.cockpitRefresh.refreshDay(today())
    const own = await t.http.get('/api/v1/cockpit').set(bearer(approver.token))
    expect(own.status).toBe(200)
    expect(own.body).toMatchObject({ unitId: unit.id, scopeName: unit.name })
    const theirs = await t.http.get('/api/v1/cockpit').query({ unitId: other.id }).set(bearer(approver.token))
    expect([theirs.status, theirs.body.error.code]).toEqual([403, 'COCKPIT_UNIT_FORBIDDEN'])
    const trend = await t.http.get('/api/v1/cockpit/indicators/meal_payments/trend').query({ unitId: other.id }).set(bearer(approver.token))
    expect([trend.status, trend.body.error.code]).toEqual([403, 'COCKPIT_UNIT_FORBIDDEN'])
    const asStaff = await t.http.get('/api/v1/cockpit').set(bearer(staff.token))
    expect([asStaff.status, asStaff.body.error.code]).toEqual([403, 'FORBIDDEN'])
  })
})

describe('trend', () => {
  test('30 points oldest first, the backfilled days’ values', async () => {
    const unit = await createUnit(t)
    const person = await personOf(t, unit, ['staff'])
    const threeDaysAgo = dayjs(today()).subtract(3, 'day')
    await insertTicket(t, { reporterUserId: person.userId, unitId: unit.id, at: threeDaysAgo.add(10, 'hour').toDate() })
    await t.services.cockpitRefresh.backfill(dayjs(today()).subtract(29, 'day').format('YYYY-MM-DD'), today())
    const response = await t.http.get('/api/v1/cockpit/indicators/tickets_open/trend').query({ days: 30, unitId: unit.id }).set(bearer(adminToken))
    expect(response.status).toBe(200)
    const points = response.body.points as { date: string; value: number | null }[]
    expect(points).toHaveLength(30)
    expect(points[0].date).toBe(dayjs(today()).subtract(29, 'day').format('YYYY-MM-DD'))
    expect(points[29].date).toBe(today())
    const byDate = Object.fromEntries(points.map((p) => [p.date, p.value]))
    expect(byDate[threeDaysAgo.subtract(1, 'day').format('YYYY-MM-DD')]).toBe(0)
    expect(byDate[threeDaysAgo.format('YYYY-MM-DD')]).toBe(1)
    expect(byDate[today()]).toBe(1)
  })
})

describe('aggregates under concurrent writes', () => {
  test('refreshes racing with writes, then a last refresh: every row of today equals a full recount; each red turn handed over once', async () => {
    const units = await Promise.all([createUnit(t), createUnit(t), createUnit(t)])
    const people = await Promise.all(units.map((unit) => personOf(t, unit, ['staff'])))
    const merchant = await createMerchant(t)
    merchantsMade.push(merchant.merchantId)
    const { service, reds } = recordingRefresh()
    let writes = 0
    const writer = async (i: number) => {
      const unit = units[i % units.length]
      const person = people[i % units.length]
      if (i % 3 === 0) {
        await t.database.db.insert(mealPayments).values({
          payerUserId: person.userId,
          payerUnitId: unit.id,
          merchantId: merchant.merchantId,
          windowId: merchant.windowId,
          periodName: '午餐',
          method: 'account',
          official: false,
          amountFen: 100 + i,
          status: 'paid',
          createdAt: minutesAgo(1),
        })
      } else if (i % 3 === 1) {
        await insertTicket(t, { reporterUserId: person.userId, unitId: unit.id, at: minutesAgo(5) })
      } else {
        // finish the oldest open ticket of the unit, if any
        await t.database.pool.query("UPDATE tickets SET status = 'finished', finished_at = UTC_TIMESTAMP(3) WHERE unit_id = ? AND status = 'submitted' ORDER BY id LIMIT 1", [unit.id])
      }
      writes++
    }
    // tickets_open turns red at 2 for these units
    await t.database.pool.query("INSERT INTO cockpit_thresholds (indicator_key, yellow, red, direction, reason, updated_by_user_id, updated_at) SELECT 'tickets_open', 1, 2, 'higher_is_bad', '测试', id, UTC_TIMESTAMP(3) FROM users WHERE username = 'admin'")
    // 全市 is red already (the earlier tests' open tickets): red turns here are the units' own
    await t.database.pool.query("INSERT INTO cockpit_lights (indicator_key, unit_id, light, since) VALUES ('tickets_open', 0, 'red', UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE light = 'red'")
    await Promise.all([
      ...Array.from({ length: 60 }, (_, i) => writer(i)),
      ...Array.from({ length: 6 }, () => service.refreshDay(today())),
    ])
    expect(writes).toBe(60)
    const at = new Date()
    await service.refreshDay(today(), at)

    // the recount, in plain SQL of the definitions, per unit and for 全市
    const start = new Date(`${today()}T00:00:00+08:00`)
    const recount = new Map<string, number>()
    const add = (key: string, list: { unit: number | null; v: string | number }[]) => {
      let city = 0
      for (const r of list) {
        city += Number(r.v)
        if (r.unit !== null && Number(r.v) !== 0) recount.set(`${key}:${r.unit}`, Number(r.v))
      }
      // the units' values are exact decimals from SQL; their float sum is not (448.09999… for 448.1)
      recount.set(`${key}:0`, Math.round(city * 100) / 100)
    }
    add('meal_payments', await rows("SELECT payer_unit_id unit, COUNT(*) v FROM meal_payments WHERE status = 'paid' AND created_at >= ? AND created_at < ? GROUP BY payer_unit_id", [start, at]))
    add('meal_amount', await rows("SELECT payer_unit_id unit, SUM(amount_fen - refunded_fen) / 100 v FROM meal_payments WHERE status = 'paid' AND created_at >= ? AND created_at < ? GROUP BY payer_unit_id", [start, at]))
    // open: reported in the 180 days before today (the definition: another spec on this worker's
    // database (the reminders spec) leaves tickets of March 2025 open, which the cockpit rightly leaves out)
    const openSince = new Date(start.getTime() - 180 * 86_400_000)
    add('tickets_open', await rows("SELECT unit_id unit, COUNT(*) v FROM tickets WHERE kind = 'repair' AND status <> 'cancelled' AND created_at >= ? AND created_at <= ? AND (finished_at IS NULL OR finished_at > ?) GROUP BY unit_id", [openSince, at, at]))
    const daily = await rows<{ indicator_key: string; unit_id: number; value: string | null }>(
      "SELECT indicator_key, unit_id, value FROM cockpit_daily WHERE day = ? AND indicator_key IN ('meal_payments', 'meal_amount', 'tickets_open')",
      [today()],
    )
    const stored = new Map(daily.filter((r) => Number(r.value) !== 0 || r.unit_id === 0).map((r) => [`${r.indicator_key}:${r.unit_id}`, Number(r.value)]))
    expect(Object.fromEntries([...stored].sort())).toEqual(Object.fromEntries([...recount].sort()))
    // no duplicates (the primary key) and one count of today at a time
    const [dupes] = await rows<{ n: number }>('SELECT COUNT(*) n FROM (SELECT 1 FROM cockpit_daily WHERE day = ? GROUP BY indicator_key, unit_id HAVING COUNT(*) > 1) d', [today()])
    expect(Number(dupes.n)).toBe(0)

    // every turn to red of these units' tickets_open was recorded once and handed to 督办 once
    expect(reds.length).toBeGreaterThan(0)
    for (const unit of units) {
      const changes = await t.database.db.select().from(cockpitLightChanges)
      const turns = changes.filter((c) => c.indicatorKey === 'tickets_open' && c.unitId === unit.id && c.toLight === 'red').length
      expect(reds.filter((r) => r.indicatorKey === 'tickets_open' && r.unitId === unit.id)).toHaveLength(turns)
    }
  })
})
