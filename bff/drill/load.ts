// The drill's mixed load: what each kind of user does, in parallel, until the deadline — and what
// the client was told about each thing it asked for (the audit compares this with the database).
import { randomInt } from 'node:crypto'
import { passContentAt, REPAIR_CATEGORIES, shanghaiDate } from '@egj/shared'
import { PNG } from 'pngjs'
import type { DrillClient, OpResult } from './client'
import { DRILL_MARK, type Fixtures } from './fixtures'
import { sleep } from './processes'

export interface Asked {
  key?: string
  /** the created resource's id when acknowledged (2xx) */
  id?: number
  /** final outcome: '201', '409 ROOM_SLOT_TAKEN', 'gave up' */
  outcome: string
}

export interface Records {
  payments: (Asked & { diner: string; amountFen: number })[]
  refunds: (Asked & { paymentId: number; amountFen: number })[]
  bookings: (Asked & { roomId: number; startAt: string; endAt: string })[]
  visits: Asked[]
  dispatches: (Asked & { requestId: number; vehicleId: number; driverId: number })[]
  checkIns: (Asked & { visitId: number })[]
  checkOuts: (Asked & { visitId: number })[]
  feedPolls: { answered: number; endedEarlyEmpty: number }
  /** 公物仓 借用: keyed requests racing for the same days of a few assets */
  loans: (Asked & { borrower: string; assetId: number; startDate: string; endDate: string })[]
  /** an acknowledged loan request sent again with its key: the answer must name the same loan */
  loanReplays: Replay[]
  /** the keeper's answers to pending requests (id: the loan, when acknowledged) */
  loanDecisions: (Asked & { loanId: number; decision: 'approve' | 'reject' })[]
  /** 报修: keyed reports, with what was asked (photos: how many were sent) */
  tickets: (Asked & { reporter: string; locationId: number; category: string; photos: number })[]
  /** an acknowledged report sent again with its key: the answer must name the same ticket */
  ticketReplays: Replay[]
  /** 派单 / 改派 (id: the ticket, when acknowledged); round: the how-many-th acknowledged assignment of the ticket this is */
  ticketAssigns: (Asked & { ticketId: number; workerId: number; round: number; attempts: number })[]
  /**
   * Every accept of a race, as finally answered (id: the ticket, when 200): the holder's tap, the
   * holder's second tap and the other worker's, all at once after an acknowledged assignment
   */
  ticketAccepts: (Asked & { ticketId: number; round: number; workerId: number; holderId: number; tap: 'holder' | 'holder again' | 'other'; attempts: number })[]
  /** the winner's steps afterwards (id: the ticket, when acknowledged); a finish says how many photos it sent */
  ticketSteps: (Asked & { ticketId: number; workerId: number; step: 'start' | 'pause' | 'resume' | 'finish'; photos?: number; note?: string })[]
  /** 报餐: keyed bookings (id: the booking, amountFen: what the answer said it costs) */
  mealOrders: (Asked & { diner: string; date: string; pay: 'hold' | 'on_pickup'; items: MealLine[]; amountFen?: number })[]
  /** an acknowledged booking sent again with its key: the answer must name the same booking */
  mealOrderReplays: Replay[]
  /**
   * What was then asked of an acknowledged booking, in order (id: the booking, when 2xx): a change
   * of dishes, a cancel, a pick-up; `race`: a cancel and a pick-up sent at once, numbered
   */
  mealOrderSteps: (Asked & { orderId: number; step: 'change' | 'cancel' | 'pickup'; items?: MealLine[]; attempts: number; race?: number })[]
  /** the kitchen's count screen: answers, and any count over a dish's limit it showed */
  kitchenCounts: { answered: number; overLimit: unknown[] }
}

export type MealLine = { dishId: number; qty: number }

export interface Replay {
  key: string
  firstId: number
  replayId: number | null
  outcome: string
}

export const emptyRecords = (): Records => ({
  payments: [],
  refunds: [],
  bookings: [],
  visits: [],
  dispatches: [],
  checkIns: [],
  checkOuts: [],
  feedPolls: { answered: 0, endedEarlyEmpty: 0 },
  loans: [],
  loanReplays: [],
  loanDecisions: [],
  tickets: [],
  ticketReplays: [],
  ticketAssigns: [],
  ticketAccepts: [],
  ticketSteps: [],
  mealOrders: [],
  mealOrderReplays: [],
  mealOrderSteps: [],
  kitchenCounts: { answered: 0, overLimit: [] },
})

const outcomeOf = (result: OpResult) => (result.answer ? (result.answer.body.error ? `${result.answer.status} ${result.answer.body.error.code}` : String(result.answer.status)) : 'gave up')
const ok = (result: OpResult) => !!result.answer && result.answer.status < 300
/** one of the items at random; undefined when there are none (randomInt refuses an empty range) */
const pick = <T>(items: T[]): T => (items.length ? items[randomInt(0, items.length)] : (undefined as T))

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** a 居民身份证 number with a valid GB 11643 check digit (the visitor form checks it) */
function idCard(): string {
  const body = `330106${19}${randomInt(50, 99)}0${randomInt(1, 9)}${randomInt(10, 28)}${String(randomInt(0, 1000)).padStart(3, '0')}`
  return body + '10X98765432'[WEIGHTS.reduce((sum, w, i) => sum + w * Number(body[i]), 0) % 11]
}

/** An acknowledged creation sent once more with its key (no retry: one answer, whatever it is). */
async function replay(client: DrillClient, kind: string, path: string, token: string, key: string, firstId: number, body: unknown): Promise<Replay> {
  const again = await client.once(kind, 'POST', path, { token, key, body })
  const answered = 'status' in again
  return {
    key,
    firstId,
    replayId: answered && again.status < 300 ? Number(again.body.id) : null,
    outcome: answered ? (again.body.error ? `${again.status} ${again.body.error.code}` : String(again.status)) : again.error,
  }
}

export interface LoadContext {
  client: DrillClient
  fixtures: Fixtures
  tokens: Record<string, string>
  records: Records
  deadline: number
}

async function until(deadline: number, work: () => Promise<void>): Promise<void> {
  while (Date.now() < deadline) {
    await work()
    // a round that did no I/O resolves at once: without a turn of the event loop the loop would
    // spin on microtasks and freeze the whole drill — every other user, the timeouts, the faults
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** A diner pays at the window by meal card; now and then the cashier refunds part of it. */
async function diner({ client, fixtures, tokens, records, deadline }: LoadContext, index: number): Promise<void> {
  await until(deadline, async () => {
    const diner = fixtures.diners[(index + randomInt(0, 4) * 6) % fixtures.diners.length]
    const amountFen = randomInt(100, 3000)
    const paid = await client.op('付款', 'POST', '/api/v1/meal/payments', { token: tokens[diner], idempotent: true, body: { code: fixtures.windowCode, amountFen, method: 'account', confirm: true } })
    const id = ok(paid) ? Number(paid.answer!.body.id) : undefined
    records.payments.push({ key: paid.key, id, outcome: outcomeOf(paid), diner, amountFen })
    if (id && randomInt(0, 4) === 0) {
      const refundFen = randomInt(1, amountFen + 1)
      const refunded = await client.op('退款', 'POST', `/api/v1/meal/payments/${id}/refunds`, { token: tokens[fixtures.cashier], idempotent: true, body: { amountFen: refundFen, reason: `${DRILL_MARK}退款` } })
      records.refunds.push({ key: refunded.key, id: ok(refunded) ? Number(refunded.answer!.body.id) : undefined, outcome: outcomeOf(refunded), paymentId: id, amountFen: refundFen })
    }
  })
}

/** Organisers race for the same half hours in three rooms. */
async function booker({ client, fixtures, tokens, records, deadline }: LoadContext): Promise<void> {
  await until(deadline, async () => {
    const day = shanghaiDate(new Date(Date.now() + randomInt(1, 29) * 86_400_000))
    const startMinute = 8 * 60 + randomInt(0, 18) * 30
    const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
    const startAt = `${day}T${hhmm(startMinute)}:00+08:00`
    const endAt = `${day}T${hhmm(startMinute + pick([30, 60, 90]))}:00+08:00`
    const roomId = pick(fixtures.roomIds)
    const booked = await client.op('订会议室', 'POST', '/api/v1/room-bookings', { token: tokens[pick(fixtures.bookers)], idempotent: true, body: { roomId, startAt, endAt, title: `${DRILL_MARK}会议`, attendeeCount: 8 } })
    records.bookings.push({ key: booked.key, id: ok(booked) ? Number(booked.answer!.body.id) : undefined, outcome: outcomeOf(booked), roomId, startAt, endAt })
  })
}

/** A visitor books a visit on the phone. */
async function visitor({ client, fixtures, tokens, records, deadline }: LoadContext): Promise<void> {
  await until(deadline, async () => {
    const startAt = new Date(Date.now() + randomInt(60, 600) * 60_000)
    const body = {
      visitorName: '林演练',
      mobile: `139${String(randomInt(0, 1e8)).padStart(8, '0')}`,
      idType: 'id_card',
      idNumber: idCard(),
      purpose: `${DRILL_MARK}来访`,
      hostId: fixtures.hostId,
      startAt: startAt.toISOString(),
      endAt: new Date(startAt.getTime() + 2 * 3600_000).toISOString(),
      companions: [],
    }
    const booked = await client.op('访客预约', 'POST', '/api/v1/visits', { token: tokens.visitor1, idempotent: true, body })
    records.visits.push({ key: booked.key, id: ok(booked) ? Number(booked.answer!.body.id) : undefined, outcome: outcomeOf(booked) })
  })
}

/** The guard scans passes (each visit once); a third of those inside are later let out by hand. */
async function guard({ client, fixtures, tokens, records, deadline }: LoadContext, next: { pass: number }): Promise<void> {
  const inside: number[] = []
  await until(deadline, async () => {
    if (inside.length > 5 && randomInt(0, 3) === 0) {
      const visitId = inside.splice(randomInt(0, inside.length), 1)[0]
      const out = await client.op('离开登记', 'POST', `/api/v1/gate/visits/${visitId}/check-out`, { token: tokens.guard1 })
      records.checkOuts.push({ visitId, outcome: outcomeOf(out), id: ok(out) && out.answer!.body.action === 'check_out' ? visitId : undefined })
      return
    }
    const pass = fixtures.passes[next.pass++]
    if (!pass) {
      await sleep(200) // every pass scanned: only check-outs are left
      return
    }
    const scanned = await client.op('扫通行码', 'POST', '/api/v1/gate/scan', { token: tokens.guard1, body: { content: passContentAt(pass.secret, pass.id, Date.now()) } })
    const allowed = ok(scanned) && scanned.answer!.body.result === 'allow' && scanned.answer!.body.action === 'check_in'
    records.checkIns.push({ visitId: pass.id, outcome: allowed ? 'allow' : outcomeOf(scanned), id: allowed ? pass.id : undefined })
    if (allowed) inside.push(pass.id)
  })
}

/** Dispatchers race: any waiting request onto any car with any driver; the database decides. */
async function dispatcher({ client, fixtures, tokens, records, deadline }: LoadContext, waiting: Set<number>): Promise<void> {
  await until(deadline, async () => {
    const requestId = pick([...waiting])
    if (requestId === undefined) {
      await sleep(200) // nothing waiting to be dispatched
      return
    }
    const vehicleId = pick(fixtures.vehicleIds)
    const driverId = pick(fixtures.driverIds)
    const sent = await client.op('派车', 'POST', `/api/v1/vehicle-requests/${requestId}/dispatch`, { token: tokens.dispatcher1, body: { vehicleId, driverId } })
    if (ok(sent)) waiting.delete(requestId)
    records.dispatches.push({ requestId, vehicleId, driverId, outcome: outcomeOf(sent), id: ok(sent) ? requestId : undefined })
  })
}

/**
 * 公物仓: borrowers race for the same days of three assets (keyed: a retry after a kill or a
 * restart is the same request); now and then an acknowledged request is sent again with its key
 * and must be answered with the same loan.
 */
async function assetBorrower({ client, fixtures, tokens, records, deadline }: LoadContext, pending: Set<number>): Promise<void> {
  await until(deadline, async () => {
    const borrower = pick(fixtures.borrowers)
    const assetId = pick(fixtures.assetIds)
    const startDate = shanghaiDate(new Date(Date.now() + randomInt(1, 21) * 86_400_000))
    const endDate = shanghaiDate(new Date(Date.parse(`${startDate}T12:00:00+08:00`) + randomInt(0, 4) * 86_400_000))
    const body = { assetId, startDate, endDate, purpose: `${DRILL_MARK}借用` }
    const asked = await client.op('借用申请', 'POST', '/api/v1/asset-loans', { token: tokens[borrower], idempotent: true, body })
    const id = ok(asked) ? Number(asked.answer!.body.id) : undefined
    records.loans.push({ key: asked.key, id, outcome: outcomeOf(asked), borrower, assetId, startDate, endDate })
    if (id === undefined) return
    pending.add(id)
    if (randomInt(0, 3) === 0) {
      records.loanReplays.push(await replay(client, '借用重试', '/api/v1/asset-loans', tokens[borrower], asked.key!, id, body))
    }
  })
}

/** The assets' keeper answers pending requests: mostly yes, sometimes no (which frees the days). */
async function assetKeeper({ client, fixtures, tokens, records, deadline }: LoadContext, pending: Set<number>): Promise<void> {
  await until(deadline, async () => {
    const loanId = pick([...pending])
    if (loanId === undefined) {
      await sleep(200) // nothing asked yet
      return
    }
    pending.delete(loanId)
    const decision = randomInt(0, 3) === 0 ? ('reject' as const) : ('approve' as const)
    const body = decision === 'reject' ? { reason: `${DRILL_MARK}不同意` } : undefined
    const answered = await client.op(decision === 'reject' ? '借用驳回' : '借用审批', 'POST', `/api/v1/asset-loans/${loanId}/${decision}`, { token: tokens[fixtures.assetKeeper], body })
    records.loanDecisions.push({ loanId, decision, outcome: outcomeOf(answered), id: ok(answered) ? loanId : undefined })
  })
}

/** A small real PNG (8×8, one colour), as a phone's photo would be sent: base64. */
const PHOTO = (() => {
  const png = new PNG({ width: 8, height: 8 })
  png.data.fill(180)
  return PNG.sync.write(png).toString('base64')
})()

/** What the 报修 load passes between its users: reported tickets waiting for the dispatcher, assigned ones waiting for the race. */
export interface TicketQueues {
  toAssign: Set<number>
  toRace: { ticketId: number; holderId: number; round: number }[]
  /** acknowledged assignments per ticket, and who holds it now */
  rounds: Map<number, { round: number; holderId: number }>
}

/**
 * 报修: staff report faults at a few places (keyed: a retry after a kill or a restart is the same
 * report; now and then an acknowledged one is sent again with its key and must name the same ticket).
 */
async function ticketReporter({ client, fixtures, tokens, records, deadline }: LoadContext, queues: TicketQueues): Promise<void> {
  await until(deadline, async () => {
    const reporter = pick(fixtures.reporters)
    const locationId = pick(fixtures.locationIds)
    const category = pick([...REPAIR_CATEGORIES])
    const photos = randomInt(0, 4) === 0 ? randomInt(1, 3) : 0
    const body = { kind: 'repair', locationId, category, description: `${DRILL_MARK}故障 ${randomInt(0, 1e6)}`, urgency: randomInt(0, 5) === 0 ? 'urgent' : 'normal', photos: Array.from({ length: photos }, () => PHOTO) }
    const asked = await client.op('报修', 'POST', '/api/v1/tickets', { token: tokens[reporter], idempotent: true, body })
    const id = ok(asked) ? Number(asked.answer!.body.id) : undefined
    records.tickets.push({ key: asked.key, id, outcome: outcomeOf(asked), reporter, locationId, category, photos })
    if (id === undefined) return
    queues.toAssign.add(id)
    if (randomInt(0, 3) === 0) {
      records.ticketReplays.push(await replay(client, '报修重试', '/api/v1/tickets', tokens[reporter], asked.key!, id, body))
    }
  })
}

/** The 报修调度员 assigns each reported ticket to one of the two workers; one sent back to be reassigned goes to the other (改派). */
async function ticketDispatcher({ client, fixtures, tokens, records, deadline }: LoadContext, queues: TicketQueues): Promise<void> {
  await until(deadline, async () => {
    const ticketId = pick([...queues.toAssign])
    if (ticketId === undefined) {
      await sleep(200) // nothing reported yet
      return
    }
    queues.toAssign.delete(ticketId)
    const before = queues.rounds.get(ticketId)
    const worker = before ? fixtures.repairWorkers.find((w) => w.id !== before.holderId)! : pick(fixtures.repairWorkers)
    const sent = await client.op(before ? '改派' : '派单', 'POST', `/api/v1/tickets/${ticketId}/assign`, { token: tokens[fixtures.repairDispatcher], body: { workerId: worker.id } })
    const round = (before?.round ?? 0) + 1
    records.ticketAssigns.push({ ticketId, workerId: worker.id, round, attempts: sent.attempts, outcome: outcomeOf(sent), id: ok(sent) ? ticketId : undefined })
    if (!ok(sent)) return
    queues.rounds.set(ticketId, { round, holderId: worker.id })
    queues.toRace.push({ ticketId, holderId: worker.id, round })
  })
}

/**
 * The two workers race for an assigned ticket — the holder taps 接单 twice (both told it is accepted,
 * one accept recorded), the other worker once (404),
 * all at once; then the winner sometimes works it to the end (start, a pause for parts, finish with
 * a photo and the cost), and now and then the dispatcher takes it back to reassign.
 */
async function ticketRace({ client, fixtures, tokens, records, deadline }: LoadContext, queues: TicketQueues): Promise<void> {
  await until(deadline, async () => {
    const race = queues.toRace.shift()
    if (!race) {
      await sleep(100) // nothing assigned yet
      return
    }
    const { ticketId, holderId, round } = race
    const holder = fixtures.repairWorkers.find((w) => w.id === holderId)!
    const other = fixtures.repairWorkers.find((w) => w.id !== holderId)!
    const taps = [
      { worker: holder, tap: 'holder' as const },
      { worker: holder, tap: 'holder again' as const },
      { worker: other, tap: 'other' as const },
    ]
    const answers = await Promise.all(taps.map(({ worker }) => client.op('抢接单', 'POST', `/api/v1/tickets/${ticketId}/accept`, { token: tokens[worker.username] })))
    answers.forEach((answer, i) =>
      records.ticketAccepts.push({ ticketId, round, workerId: taps[i].worker.id, holderId, tap: taps[i].tap, attempts: answer.attempts, outcome: outcomeOf(answer), id: ok(answer) ? ticketId : undefined }),
    )
    if (!answers.some(ok)) return
    const next = randomInt(0, 6)
    if (next === 0) {
      queues.toAssign.add(ticketId) // 改派 an accepted ticket: a new assignment, a new race
      return
    }
    if (next > 2) return // accepted, left for later
    const step = async (name: 'start' | 'pause' | 'resume' | 'finish', label: string, body?: Record<string, unknown>) => {
      const done = await client.op(label, 'POST', `/api/v1/tickets/${ticketId}/${name}`, { token: tokens[holder.username], body })
      records.ticketSteps.push({ ticketId, workerId: holder.id, step: name, outcome: outcomeOf(done), id: ok(done) ? ticketId : undefined, photos: body?.photos ? (body.photos as string[]).length : undefined, note: body?.note as string | undefined })
      return ok(done)
    }
    if (!(await step('start', '开始维修'))) return
    if (randomInt(0, 3) === 0 && (!(await step('pause', '暂停', { reason: 'parts' })) || !(await step('resume', '恢复维修')))) return
    const photos = randomInt(0, 2)
    await step('finish', '完工', { note: `${DRILL_MARK}已修复 ${randomInt(0, 1e6)}`, costFen: randomInt(0, 50_000), photos: Array.from({ length: photos }, () => PHOTO) })
  })
}

let mealRaces = 0

/**
 * 报餐: diners book today's or tomorrow's dishes (keyed: a retry after a kill or a restart is the
 * same booking; now and then an acknowledged one is sent again with its key and must name the same
 * booking), paying by a hold on their 饭卡 or at pick-up, while the few portions of three dishes run
 * out and come back as others cancel; then change the dishes, cancel, pick up today's at the window
 * (keyed), or send a cancel and a pick-up of one booking at once — or leave it booked.
 */
async function mealDiner({ client, fixtures, tokens, records, deadline }: LoadContext): Promise<void> {
  const { meal } = fixtures
  const today = () => shanghaiDate(new Date())
  const dishesOf = (menu: (typeof meal.menus)[number]): MealLine[] => {
    const chosen = new Set([pick(menu.dishes), ...(randomInt(0, 2) ? [pick(menu.dishes)] : [])])
    return [...chosen].map((dish) => ({ dishId: dish.id, qty: randomInt(1, 3) }))
  }
  await until(deadline, async () => {
    const diner = pick(meal.diners)
    const token = tokens[diner]
    const menu = pick(meal.menus)
    const items = dishesOf(menu)
    const pay = randomInt(0, 3) ? ('hold' as const) : ('on_pickup' as const)
    const body = { merchantId: fixtures.merchantId, date: menu.date, periodId: meal.periodId, items, pay }
    const asked = await client.op('报餐', 'POST', '/api/v1/meal/orders', { token, idempotent: true, body })
    const id = ok(asked) ? Number(asked.answer!.body.id) : undefined
    records.mealOrders.push({ key: asked.key, id, outcome: outcomeOf(asked), diner, date: menu.date, pay, items, amountFen: id === undefined ? undefined : Number(asked.answer!.body.amountFen) })
    if (id === undefined) return
    if (randomInt(0, 4) === 0) records.mealOrderReplays.push(await replay(client, '报餐重试', '/api/v1/meal/orders', token, asked.key!, id, body))
    const step = async (name: 'change' | 'cancel' | 'pickup', race?: number): Promise<boolean> => {
      const changed = name === 'change' ? dishesOf(menu) : undefined
      const done =
        name === 'change'
          ? await client.op('改报餐', 'PATCH', `/api/v1/meal/orders/${id}`, { token, body: { items: changed } })
          : name === 'cancel'
            ? await client.op('取消报餐', 'POST', `/api/v1/meal/orders/${id}/cancel`, { token })
            : await client.op('报餐取餐', 'POST', `/api/v1/meal/orders/${id}/pickup`, { token, idempotent: true, body: { code: fixtures.windowCode } })
      records.mealOrderSteps.push({ orderId: id, step: name, items: changed, attempts: done.attempts, race, outcome: outcomeOf(done), id: ok(done) ? id : undefined })
      return ok(done)
    }
    // only today's bookings can be picked up; tomorrow's are changed, cancelled or left
    const isToday = menu.date === today()
    const next = randomInt(0, 8)
    if (next === 0 || next === 1) {
      if ((await step('change')) && isToday && next === 1) await step('pickup')
    } else if (next === 2 || next === 3 || (next === 4 && !isToday)) {
      await step('cancel') // the portions come back on the menu: the next booking races for them
    } else if (next === 4) {
      await step('pickup')
    } else if (next === 5 && isToday) {
      const race = ++mealRaces
      const both = [() => step('cancel', race), () => step('pickup', race)]
      await Promise.all((randomInt(0, 2) ? both : both.reverse()).map((send) => send()))
    } // else: left booked (a hold stays on the 饭卡 until the period ends)
  })
}

/** The kitchen's count of today and tomorrow, refreshed as the 食堂管理员's screen would; no dish may ever show more than its limit. */
async function kitchenScreen({ client, fixtures, tokens, records, deadline }: LoadContext): Promise<void> {
  await until(deadline, async () => {
    const date = pick(fixtures.meal.menus).date
    const counted = await client.op('备餐数', 'GET', `/api/v1/meal/orders/counts?merchantId=${fixtures.merchantId}&date=${date}`, { token: tokens[fixtures.meal.manager] })
    if (ok(counted)) {
      records.kitchenCounts.answered++
      for (const period of (counted.answer!.body.periods ?? []) as { dishes: { dishId: number; booked: number; portionsLimit: number | null }[] }[]) {
        for (const dish of period.dishes) if (dish.portionsLimit !== null && dish.booked > dish.portionsLimit) records.kitchenCounts.overLimit.push({ date, ...dish })
      }
    }
    await sleep(500)
  })
}

/**
 * The screen of a cashier whose canteen is quiet: a 10-second long poll that only a draining
 * instance cuts short (with an empty answer, not an error).
 */
async function cashierScreen({ client, fixtures, tokens, records, deadline }: LoadContext): Promise<void> {
  let cursor: string | undefined
  await until(deadline, async () => {
    const started = Date.now()
    const query = cursor ? `?after=${cursor}&wait=10` : ''
    const result = await client.op('收银台长轮询', 'GET', `/api/v1/meal/cashier/feed${query}`, { token: tokens[fixtures.idleCashier], timeoutMs: 20_000 })
    if (!ok(result)) return
    records.feedPolls.answered++
    const body = result.answer!.body as { items: unknown[]; cursor: string }
    if (cursor && !body.items.length && Date.now() - started < 9000) records.feedPolls.endedEarlyEmpty++
    cursor = body.cursor
  })
}

/** Runs every kind of user at once until the deadline; resolves when the last operation has its answer. */
export async function runLoad(context: LoadContext): Promise<void> {
  const next = { pass: 0 }
  const waiting = new Set(context.fixtures.requestIds)
  const pendingLoans = new Set<number>()
  const ticketQueues: TicketQueues = { toAssign: new Set(), toRace: [], rounds: new Map() }
  await Promise.all([
    ...Array.from({ length: 6 }, (_v, i) => diner(context, i)),
    ...Array.from({ length: 3 }, () => booker(context)),
    ...Array.from({ length: 2 }, () => visitor(context)),
    ...Array.from({ length: 3 }, () => guard(context, next)),
    ...Array.from({ length: 3 }, () => dispatcher(context, waiting)),
    ...Array.from({ length: 2 }, () => assetBorrower(context, pendingLoans)),
    assetKeeper(context, pendingLoans),
    ...Array.from({ length: 2 }, () => ticketReporter(context, ticketQueues)),
    ticketDispatcher(context, ticketQueues),
    ...Array.from({ length: 2 }, () => ticketRace(context, ticketQueues)),
    cashierScreen(context),
    cashierScreen(context),
    ...Array.from({ length: 4 }, () => mealDiner(context)),
    kitchenScreen(context),
  ])
}
