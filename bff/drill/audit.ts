// After the faults: the database against what the client was told. Each line is one promise the
// system makes; `bad` counts the rows that break it (0 to pass).
import type mysql from 'mysql2/promise'
import { INDICATORS, lightOf, shanghaiDate, type ThresholdDirection } from '@egj/shared'
import { checkLedger, checkMealHolds } from '../src/modules/ledger/ledger.check'
import type { Attempt } from './client'
import { DRILL_MARK, type Fixtures } from './fixtures'
import type { Asked, MealLine, Records, Replay } from './load'

export interface AuditLine {
  name: string
  /** what was checked (rows, operations) */
  checked: number
  bad: number
  detail?: unknown
}

type Row = Record<string, unknown>
const rows = async (pool: mysql.Pool, sql: string, params: unknown[] = []) => (await pool.query(sql, params))[0] as Row[]

/**
 * Every acknowledged creation exists exactly once under the key it was asked with, and every row
 * the database holds for these users came from a key the client sent (nothing it never asked for).
 */
function keyedCreations(name: string, asked: Asked[], keyRows: Row[], createdIds: number[]): AuditLine {
  const sentKeys = new Set(asked.map((a) => a.key))
  const idOfKey = new Map(keyRows.map((row) => [String(row.idem_key), Number(row.id)]))
  const problems: string[] = []
  for (const a of asked) {
    if (a.id === undefined) continue
    if (idOfKey.get(a.key!) !== a.id) problems.push(`acknowledged ${a.id} under ${a.key}, database key says ${idOfKey.get(a.key!)}`)
  }
  for (const row of keyRows) if (!sentKeys.has(String(row.idem_key))) problems.push(`key ${row.idem_key} never sent`)
  const keyIds = [...idOfKey.values()].sort((x, y) => x - y)
  const ids = [...createdIds].sort((x, y) => x - y)
  if (new Set(keyIds).size !== keyIds.length) problems.push('two keys name the same row')
  if (keyIds.join() !== ids.join()) problems.push(`rows ${ids.length} ≠ keys ${keyIds.length} (a row created twice, or without its key)`)
  const acked = asked.filter((a) => a.id !== undefined).length
  return { name, checked: acked, bad: problems.length, detail: problems.slice(0, 5) }
}

/** Acknowledged creations sent again with their key: each answered with the first id, none handled afresh. */
function replays(name: string, sent: Replay[]): AuditLine {
  const stray = sent.filter((r) => r.replayId !== null && r.replayId !== r.firstId)
  // a replay that could not get through (5xx, timeout, connection) proves nothing; one refused (4xx) was handled afresh
  const refused = sent.filter((r) => r.replayId === null && /^4\d\d/.test(r.outcome))
  return { name, checked: sent.length, bad: stray.length + refused.length, detail: [...stray, ...refused].slice(0, 3) }
}

export async function audit(pool: mysql.Pool, fixtures: Fixtures, records: Records, attempts: Attempt[]): Promise<AuditLine[]> {
  const lines: AuditLine[] = []
  const usersNamed = async (usernames: string[]) => (await rows(pool, 'SELECT id FROM users WHERE username IN (?)', [usernames])).map((row) => Number(row.id))
  const dinerIds = await usersNamed(fixtures.diners)
  const [cashierId] = await usersNamed([fixtures.cashier])
  const bookerIds = await usersNamed(fixtures.bookers)
  const [visitorId] = await usersNamed(['visitor1'])
  const keysOf = (scopeLike: string, userIds: number[]) =>
    rows(pool, "SELECT idem_key, JSON_EXTRACT(response, '$.id') AS id FROM idempotency_keys WHERE scope LIKE ? AND user_id IN (?)", [scopeLike, userIds])

  // 账务
  const violations = await checkLedger(pool)
  lines.push({ name: 'ledger:check（借贷平衡；每位就餐人余额等于其过账）', checked: 1, bad: violations.length, detail: violations.slice(0, 3) })

  // 付款 / 退款: once each, and what was acknowledged is what happened
  const payments = await rows(pool, 'SELECT id, amount_fen, refunded_fen, status FROM meal_payments WHERE payer_user_id IN (?)', [dinerIds])
  lines.push(keyedCreations('付款：确认的每笔恰好一次，无未请求的付款', records.payments, await keysOf('meal.payment', dinerIds), payments.map((p) => Number(p.id))))
  const amountOf = new Map(payments.map((p) => [Number(p.id), p]))
  const wrongAmount = records.payments.filter((p) => p.id !== undefined && Number(amountOf.get(p.id)?.amount_fen) !== p.amountFen)
  lines.push({ name: '付款：金额与确认的一致', checked: records.payments.filter((p) => p.id).length, bad: wrongAmount.length })
  const paymentIds = payments.map((p) => Number(p.id))
  const refunds = paymentIds.length ? await rows(pool, 'SELECT id, payment_id, amount_fen FROM meal_refunds WHERE payment_id IN (?)', [paymentIds]) : []
  lines.push(keyedCreations('退款：确认的每笔恰好一次，无未请求的退款', records.refunds, cashierId ? await keysOf('meal.refund:%', [cashierId]) : [], refunds.map((r) => Number(r.id))))
  const refundedBy = new Map<number, number>()
  for (const r of refunds) refundedBy.set(Number(r.payment_id), (refundedBy.get(Number(r.payment_id)) ?? 0) + Number(r.amount_fen))
  const overRefunded = payments.filter((p) => (refundedBy.get(Number(p.id)) ?? 0) !== Number(p.refunded_fen) || Number(p.refunded_fen) > Number(p.amount_fen))
  lines.push({ name: '退款：不超过付款额，已退金额等于退款之和', checked: payments.length, bad: overRefunded.length })

  // 会议室
  const bookings = await rows(pool, 'SELECT id FROM room_bookings WHERE organiser_user_id IN (?)', [bookerIds])
  lines.push(keyedCreations('会议室预订：确认的每个恰好一次，无未请求的预订', records.bookings, await keysOf('rooms.booking', bookerIds), bookings.map((b) => Number(b.id))))
  const overlaps = await rows(
    pool,
    `SELECT a.id AS a, b.id AS b FROM room_bookings a JOIN room_bookings b ON b.room_id = a.room_id AND b.id > a.id AND a.start_at < b.end_at AND b.start_at < a.end_at
     WHERE a.status IN ('pending_approval','confirmed') AND b.status IN ('pending_approval','confirmed')`,
  )
  lines.push({ name: '会议室：同一会议室没有重叠的有效预订', checked: bookings.length, bad: overlaps.length, detail: overlaps.slice(0, 3) })

  // 访客预约
  const visits = await rows(pool, 'SELECT id FROM visits WHERE created_by_user_id = ? AND purpose = ?', [visitorId, `${DRILL_MARK}来访`])
  lines.push(keyedCreations('访客预约：确认的每个恰好一次，无未请求的预约', records.visits, await keysOf('visits.create', [visitorId]), visits.map((v) => Number(v.id))))

  // 派车
  const dispatched = await rows(pool, "SELECT id, vehicle_id, driver_id FROM vehicle_requests WHERE purpose = ? AND status IN ('dispatched','in_progress')", [`${DRILL_MARK}派车`])
  const asked = new Set(records.dispatches.map((d) => `${d.requestId}:${d.vehicleId}:${d.driverId}`))
  const dispatchedAs = new Map(dispatched.map((d) => [Number(d.id), `${d.id}:${d.vehicle_id}:${d.driver_id}`]))
  const lostOrChanged = records.dispatches.filter((d) => d.id !== undefined && dispatchedAs.get(d.requestId) !== `${d.requestId}:${d.vehicleId}:${d.driverId}`)
  const unasked = dispatched.filter((d) => !asked.has(dispatchedAs.get(Number(d.id))!))
  lines.push({ name: '派车：确认的都在，且都是请求过的车和驾驶员', checked: records.dispatches.filter((d) => d.id).length, bad: lostOrChanged.length + unasked.length })
  for (const column of ['vehicle_id', 'driver_id'] as const) {
    const doubles = await rows(
      pool,
      `SELECT a.id AS a, b.id AS b FROM vehicle_requests a JOIN vehicle_requests b ON b.${column} = a.${column} AND b.id > a.id AND a.start_at < b.end_at AND b.start_at < a.end_at
       WHERE a.status IN ('dispatched','in_progress') AND b.status IN ('dispatched','in_progress')`,
    )
    lines.push({ name: column === 'vehicle_id' ? '派车：同一辆车同一时段只派一次' : '派车：同一驾驶员同一时段只派一次', checked: dispatched.length, bad: doubles.length, detail: doubles.slice(0, 3) })
  }

  // 门岗
  const scannedIds = records.checkIns.map((c) => c.visitId)
  const gate = scannedIds.length ? await rows(pool, 'SELECT id, status, checked_in_at, checked_out_at, tell_host_in, tell_host_out FROM visits WHERE id IN (?)', [scannedIds]) : []
  const gateById = new Map(gate.map((v) => [Number(v.id), v]))
  const lostCheckIns = records.checkIns.filter((c) => c.id !== undefined && !gateById.get(c.visitId)?.checked_in_at)
  const lostCheckOuts = records.checkOuts.filter((c) => c.id !== undefined && gateById.get(c.visitId)?.status !== 'checked_out')
  lines.push({ name: '门岗：确认的入园、离开都已记录', checked: records.checkIns.filter((c) => c.id).length + records.checkOuts.filter((c) => c.id).length, bad: lostCheckIns.length + lostCheckOuts.length })
  const [{ unscannedIn }] = (await rows(pool, "SELECT COUNT(*) AS unscannedIn FROM visits WHERE purpose = ? AND checked_in_at IS NOT NULL AND id NOT IN (?)", [`${DRILL_MARK}入园`, scannedIds.length ? scannedIds : [0]])) as { unscannedIn: number }[]
  lines.push({ name: '门岗：没扫过的通行码没有入园记录', checked: fixtures.passes.length - scannedIds.length, bad: Number(unscannedIn) })
  const told = scannedIds.length
    ? await rows(pool, "SELECT link, title, COUNT(*) AS n FROM notifications WHERE user_id = ? AND title IN ('访客已入园','访客已离开') AND link LIKE '/packages/visit/pages/detail/index?id=%' GROUP BY link, title", [fixtures.hostId])
    : []
  const toldTwice = told.filter((row) => Number(row.n) > 1)
  const toldOf = (id: number, title: string) => told.some((row) => row.link === `/packages/visit/pages/detail/index?id=${id}` && row.title === title)
  const untold = gate.filter((v) => (v.checked_in_at && !toldOf(Number(v.id), '访客已入园')) || (v.checked_out_at && !toldOf(Number(v.id), '访客已离开')))
  lines.push({ name: '门岗：每位访客至多一次入园、一次离开（被访人各收到一次通知）', checked: gate.filter((v) => v.checked_in_at).length, bad: toldTwice.length + untold.length, detail: { toldTwice: toldTwice.length, untold: untold.length } })

  // 公物仓 借用: each acknowledged request once, under its key; no day of an asset lent twice; the held days are exactly the loans' ranges
  const borrowerIds = await usersNamed(fixtures.borrowers)
  const loans = await rows(pool, 'SELECT id, asset_id, start_date, end_date, status FROM asset_loans WHERE borrower_user_id IN (?)', [borrowerIds])
  lines.push(keyedCreations('借用申请：确认的每笔恰好一次，无未请求的借用', records.loans, await keysOf('assets.loan', borrowerIds), loans.map((l) => Number(l.id))))
  const loanById = new Map(loans.map((l) => [Number(l.id), l]))
  const changed = records.loans.filter((l) => l.id !== undefined && (Number(loanById.get(l.id)?.asset_id) !== l.assetId || loanById.get(l.id)?.start_date !== l.startDate || loanById.get(l.id)?.end_date !== l.endDate))
  lines.push({ name: '借用申请：资产与起止日期与确认的一致', checked: records.loans.filter((l) => l.id).length, bad: changed.length, detail: changed.slice(0, 3) })
  lines.push(replays('借用重试（同一键）：答复第一次的借用，不另建', records.loanReplays))
  const lentTwice = await rows(
    pool,
    `SELECT a.id AS a, b.id AS b FROM asset_loans a JOIN asset_loans b ON b.asset_id = a.asset_id AND b.id > a.id AND a.start_date <= b.end_date AND b.start_date <= a.end_date
     WHERE a.status IN ('pending','approved','on_loan') AND b.status IN ('pending','approved','on_loan')`,
  )
  lines.push({ name: '借用：同一资产没有日期重叠的有效借用', checked: loans.length, bad: lentTwice.length, detail: lentTwice.slice(0, 3) })
  const held = await rows(
    pool,
    `SELECT l.id, l.status, l.start_date, l.end_date, COUNT(d.day) AS n, MIN(d.day) AS first, MAX(d.day) AS last, COALESCE(SUM(d.asset_id <> l.asset_id), 0) AS wrongAsset
     FROM asset_loans l LEFT JOIN asset_loan_days d ON d.loan_id = l.id WHERE l.borrower_user_id IN (?) GROUP BY l.id`,
    [borrowerIds],
  )
  const lengthOf = (l: Row) => Math.round((Date.parse(String(l.end_date)) - Date.parse(String(l.start_date))) / 86_400_000) + 1
  const holding = (status: unknown) => status === 'pending' || status === 'approved' || status === 'on_loan'
  const mismatched = held.filter((l) =>
    Number(l.wrongAsset) > 0 || (holding(l.status) ? Number(l.n) !== lengthOf(l) || l.first !== l.start_date || l.last !== l.end_date : (l.status === 'rejected' || l.status === 'cancelled') && Number(l.n) > 0),
  )
  const [{ orphans }] = (await rows(pool, 'SELECT COUNT(*) AS orphans FROM asset_loan_days d LEFT JOIN asset_loans l ON l.id = d.loan_id WHERE l.id IS NULL')) as { orphans: number }[]
  lines.push({ name: '借用：占用日与各借用的起止完全一致（驳回的已释放）', checked: held.length, bad: mismatched.length + Number(orphans), detail: { mismatched: mismatched.slice(0, 3), orphans: Number(orphans) } })
  const decidedWrong = records.loanDecisions.filter((d) => d.id !== undefined && loanById.get(d.loanId)?.status !== (d.decision === 'approve' ? 'approved' : 'rejected'))
  lines.push({ name: '借用审批：确认的同意、不同意都已生效', checked: records.loanDecisions.filter((d) => d.id).length, bad: decidedWrong.length, detail: decidedWrong.slice(0, 3) })

  lines.push(...(await auditTickets(pool, fixtures, records, keysOf)))
  lines.push(...(await auditMealOrders(pool, fixtures, records, keysOf)))

  // 定时任务: once per period across both instances, never two runs at once
  const runs = await rows(pool, 'SELECT name, started_at, finished_at, period_ms, instance FROM job_runs ORDER BY name, started_at')
  let early = 0
  let overlapping = 0
  for (let i = 1; i < runs.length; i++) {
    const [before, run] = [runs[i - 1], runs[i]]
    if (before.name !== run.name) continue
    const gap = (run.started_at as Date).getTime() - (before.started_at as Date).getTime()
    if (gap < Number(run.period_ms)) early++
    if (before.finished_at && (run.started_at as Date).getTime() < (before.finished_at as Date).getTime()) overlapping++
  }
  const instances = new Set(runs.map((run) => run.instance)).size
  lines.push({ name: `定时任务：每个周期只跑一次、不并发（${instances} 个实例跑过）`, checked: runs.length, bad: early + overlapping, detail: { early, overlapping } })

  // HTTP: what failed, and whether it was allowed to
  const failed = (a: Attempt) => a.status === null || a.status >= 500
  const internal = attempts.filter((a) => a.status === 500)
  lines.push({ name: 'HTTP：没有 500（内部错误）', checked: attempts.length, bad: internal.length })
  const unexpected5xx = attempts.filter((a) => a.status !== null && a.status >= 500 && a.status !== 503 && !(a.phase === 'kill -9' && a.status === 502))
  lines.push({ name: 'HTTP：5xx 只有重启时的 503 和 kill -9 时在途请求的 502', checked: attempts.filter(failed).length, bad: unexpected5xx.length, detail: unexpected5xx.slice(0, 3) })
  const rolling = attempts.filter((a) => a.phase === '滚动重启')
  lines.push({ name: '滚动重启：零失败请求', checked: rolling.length, bad: rolling.filter(failed).length })
  const all: Asked[] = [
    ...records.payments,
    ...records.refunds,
    ...records.bookings,
    ...records.visits,
    ...records.dispatches,
    ...records.checkIns,
    ...records.checkOuts,
    ...records.loans,
    ...records.loanDecisions,
    ...records.tickets,
    ...records.ticketAssigns,
    ...records.ticketAccepts,
    ...records.ticketSteps,
    ...records.mealOrders,
    ...records.mealOrderSteps,
  ]
  lines.push({ name: '每个操作最终都有答复（重试同一键，没有放弃的）', checked: all.length, bad: all.filter((a) => a.outcome === 'gave up').length })
  return lines
}

/** The same dish twice in one booking is one line (as the BFF merges them), in dish order. */
const merged = (items: MealLine[]) => {
  const byDish = new Map<number, number>()
  for (const item of items) byDish.set(item.dishId, (byDish.get(item.dishId) ?? 0) + item.qty)
  return [...byDish].sort((x, y) => x[0] - y[0]).map(([dishId, qty]) => `${dishId}×${qty}`).join(',')
}

/**
 * 报餐: each acknowledged booking once under its key, nothing booked unasked, replays named the
 * same booking; no dish booked over its limit and each dish's count the sum of its bookings; every
 * diner's hold account equal to their open hold bookings (the ledger check's 报餐 rules); each
 * picked-up booking paid once, for its amount, and no other payment of these diners; a cancel and a
 * pick-up of one booking never both told yes; what was acknowledged (dishes, amount, cancel,
 * pick-up) is what the booking shows.
 */
async function auditMealOrders(pool: mysql.Pool, fixtures: Fixtures, records: Records, keysOf: (scopeLike: string, userIds: number[]) => Promise<Row[]>): Promise<AuditLine[]> {
  const lines: AuditLine[] = []
  const dinerIds = ((await rows(pool, 'SELECT id FROM users WHERE username IN (?)', [fixtures.meal.diners])) as Row[]).map((row) => Number(row.id))
  const orders = await rows(pool, 'SELECT id, user_id, date, status, pay, amount_fen, payment_id FROM meal_orders WHERE user_id IN (?)', [dinerIds])
  const orderById = new Map(orders.map((o) => [Number(o.id), o]))
  lines.push(keyedCreations('报餐：确认的每份恰好一次，无未请求的报餐', records.mealOrders, await keysOf('meal.order', dinerIds), orders.map((o) => Number(o.id))))
  lines.push(replays('报餐重试（同一键）：答复第一次的报餐，不另建', records.mealOrderReplays))

  // portions: never over the limit, and the dish's count is exactly what its bookings hold (a cancelled booking's items are gone)
  const dishes = await rows(
    pool,
    `SELECT d.id, d.name, d.date, d.portions_limit, d.booked, COALESCE(SUM(i.qty), 0) AS items
     FROM meal_menu_dishes d LEFT JOIN meal_order_items i ON i.dish_id = d.id WHERE d.merchant_id = ? GROUP BY d.id, d.name, d.date, d.portions_limit, d.booked`,
    [fixtures.merchantId],
  )
  const overLimit = dishes.filter((d) => (d.portions_limit !== null && Number(d.items) > Number(d.portions_limit)) || Number(d.items) !== Number(d.booked))
  const soldOut = dishes.filter((d) => d.portions_limit !== null && Number(d.booked) === Number(d.portions_limit)).length
  lines.push({
    name: `报餐：每道菜预订份数不超过限量，且等于各报餐之和（${soldOut} 道订满）`,
    checked: dishes.length,
    bad: overLimit.length + records.kitchenCounts.overLimit.length,
    detail: { dishes: overLimit.slice(0, 3), shownOverLimit: records.kitchenCounts.overLimit.slice(0, 3) },
  })

  const holds = (await checkMealHolds(pool)).filter((v) => dinerIds.includes(Number(v.detail.user_id)) || orderById.has(Number(v.detail.order_id)))
  lines.push({ name: '报餐：每位就餐人的预扣等于其未取餐的预扣报餐（ledger:check 报餐规则）', checked: dinerIds.length, bad: holds.length, detail: holds.slice(0, 3).map((v) => v.message ?? v.detail) })

  // payments: these diners pay only through their bookings — one payment per picked-up (or charged) booking, for its amount
  const payments = await rows(pool, "SELECT id, payer_user_id, amount_fen, status FROM meal_payments WHERE payer_user_id IN (?)", [dinerIds])
  const paymentById = new Map(payments.map((p) => [Number(p.id), p]))
  const settledBy = groupBy(
    orders.filter((o) => o.payment_id !== null),
    (o) => Number(o.payment_id),
  )
  const payProblems: unknown[] = []
  for (const o of orders) {
    const payment = o.payment_id === null ? undefined : paymentById.get(Number(o.payment_id))
    if ((o.status === 'picked_up' || (o.status === 'no_show' && o.payment_id !== null)) && !payment) payProblems.push({ order: o.id, status: o.status, problem: '已取餐没有付款' })
    if (payment && (Number(payment.amount_fen) !== Number(o.amount_fen) || Number(payment.payer_user_id) !== Number(o.user_id) || payment.status !== 'paid')) payProblems.push({ order: o.id, amount: o.amount_fen, payment })
    if (o.payment_id !== null && (o.status === 'booked' || o.status === 'cancelled')) payProblems.push({ order: o.id, status: o.status, problem: '未取餐却有付款' })
  }
  for (const [paymentId, settled] of settledBy) if (settled.length > 1) payProblems.push({ payment: paymentId, orders: settled.map((o) => o.id) })
  for (const p of payments) if (!settledBy.has(Number(p.id))) payProblems.push({ payment: p.id, amount: p.amount_fen, problem: '不属于任何报餐的付款（重复扣款）' })
  // a hold charged or released twice would leave the hold account short: each charge of a hold is one entry out of it
  const [{ holdCharges }] = (await rows(
    pool,
    `SELECT COUNT(DISTINCT p.entry_id) AS holdCharges FROM postings p JOIN journal_entries e ON e.id = p.entry_id
     WHERE p.account = 'meal_hold' AND p.owner_id IN (?) AND e.kind = 'payment'`,
    [dinerIds],
  )) as { holdCharges: number }[]
  const heldAndPaid = orders.filter((o) => o.pay === 'hold' && o.payment_id !== null && Number(o.amount_fen) > 0).length
  if (Number(holdCharges) !== heldAndPaid) payProblems.push({ problem: '预扣转付款的分录数与已付款的预扣报餐数不符', entries: Number(holdCharges), bookings: heldAndPaid })
  const pickedUp = orders.filter((o) => o.status === 'picked_up').length
  lines.push({ name: `报餐取餐：每份至多一笔付款、金额一致，没有另外的扣款（${pickedUp} 份已取餐）`, checked: orders.length, bad: payProblems.length, detail: payProblems.slice(0, 3) })

  // a cancel and a pick-up sent at once: at most one told yes
  const races = groupBy(
    records.mealOrderSteps.filter((s) => s.race !== undefined),
    (s) => s.race!,
  )
  const bothYes = [...races.values()].filter((steps) => steps.filter((s) => s.id !== undefined).length > 1)
  const racesWon = { cancel: 0, pickup: 0, none: 0 }
  for (const steps of races.values()) {
    const won = steps.find((s) => s.id !== undefined)
    racesWon[won ? won.step === 'cancel' ? 'cancel' : 'pickup' : 'none']++
  }
  lines.push({ name: `报餐：同时取消与取餐，至多一个成功（取消胜 ${racesWon.cancel}，取餐胜 ${racesWon.pickup}）`, checked: races.size, bad: bothYes.length, detail: bothYes.slice(0, 3) })

  // what each booking shows is what was acknowledged: the status of an acknowledged cancel or pick-up;
  // still booked when nothing closing it was told yes nor left unknown; the dishes and amount of the
  // last acknowledged change (or of the booking itself)
  const items = orders.length ? await rows(pool, 'SELECT i.order_id, i.dish_id, i.qty, i.price_fen FROM meal_order_items i WHERE i.order_id IN (?)', [orders.map((o) => Number(o.id))]) : []
  const itemsOf = groupBy(items, (i) => Number(i.order_id))
  const stepsOf = groupBy(records.mealOrderSteps, (s) => s.orderId)
  const wrong: unknown[] = []
  for (const booked of records.mealOrders.filter((o) => o.id !== undefined)) {
    const o = orderById.get(booked.id!)
    if (!o) continue // keyedCreations reports it
    const steps = stepsOf.get(booked.id!) ?? []
    const told = (step: string) => steps.some((s) => s.step === step && s.id !== undefined)
    // an answer lost to a fault (gave up, or a 4xx only after a retry: the first attempt may have done it)
    const unknown = (step: string) => steps.some((s) => s.step === step && s.id === undefined && (s.outcome === 'gave up' || s.attempts > 1))
    const allowed = new Set<string>()
    if (told('cancel')) allowed.add('cancelled')
    if (told('pickup')) allowed.add('picked_up')
    if (!told('cancel') && !told('pickup')) {
      allowed.add('booked')
      if (unknown('cancel')) allowed.add('cancelled')
      if (unknown('pickup')) allowed.add('picked_up')
      // a drill that ran past midnight: the no-show job closed yesterday's open bookings
      if (String(o.date) < shanghaiDate(new Date())) allowed.add('no_show')
    }
    const changes = steps.filter((s) => s.step === 'change')
    const lastTold = changes.map((s) => s.id !== undefined).lastIndexOf(true)
    const expected = lastTold >= 0 ? changes[lastTold].items! : booked.items
    const laterUnknown = changes.slice(lastTold + 1).some((s) => s.outcome === 'gave up' || s.attempts > 1)
    const shown = itemsOf.get(booked.id!) ?? []
    const amount = shown.reduce((sum, i) => sum + Number(i.qty) * Number(i.price_fen), 0)
    const dishesRight = o.status === 'cancelled' ? shown.length === 0 : laterUnknown || merged(shown.map((i) => ({ dishId: Number(i.dish_id), qty: Number(i.qty) }))) === merged(expected)
    const amountRight = o.status === 'cancelled' || (amount === Number(o.amount_fen) && (lastTold >= 0 || laterUnknown || Number(o.amount_fen) === booked.amountFen))
    if (!allowed.has(String(o.status)) || !dishesRight || !amountRight || o.pay !== booked.pay) {
      wrong.push({ order: o.id, status: o.status, allowed: [...allowed], steps: steps.map((s) => `${s.step} ${s.outcome}`), shown: shown.map((i) => `${i.dish_id}×${i.qty}`), expected: merged(expected) })
    }
  }
  lines.push({ name: '报餐：确认的修改、取消、取餐都已生效，未确认的没有', checked: records.mealOrders.filter((o) => o.id !== undefined).length, bad: wrong.length, detail: wrong.slice(0, 3) })
  return lines
}

/** Groups items by a key, keeping their order. */
function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item])
  return groups
}

/** The status each holder's step leaves the ticket in. */
const STATUS_AFTER = { start: 'in_progress', pause: 'paused', resume: 'in_progress', finish: 'finished' } as const

/**
 * 报修: each acknowledged report once under its key, as asked, with its photos; replays named the
 * same ticket; racing accepts: one winner per assignment, only ever the holder, every 200 in the
 * database and nothing accepted that nobody was told; one holder at a time; no impossible state;
 * the holder's acknowledged steps in effect; no orphan photos or events.
 */
async function auditTickets(pool: mysql.Pool, fixtures: Fixtures, records: Records, keysOf: (scopeLike: string, userIds: number[]) => Promise<Row[]>): Promise<AuditLine[]> {
  const lines: AuditLine[] = []
  const reporterIds = ((await rows(pool, 'SELECT id FROM users WHERE username IN (?)', [fixtures.reporters])) as Row[]).map((row) => Number(row.id))
  const ticketRows = await rows(
    pool,
    `SELECT t.id, t.status, t.location_id, t.category, t.worker_user_id, t.firm_id, t.accepted_at, t.finished_at, t.finish_note,
       (SELECT COUNT(*) FROM ticket_photos p WHERE p.ticket_id = t.id AND p.stage = 'report') AS reportPhotos,
       (SELECT COUNT(*) FROM ticket_photos p WHERE p.ticket_id = t.id AND p.stage = 'finish') AS finishPhotos
     FROM tickets t WHERE t.reporter_user_id IN (?)`,
    [reporterIds],
  )
  const ticketById = new Map(ticketRows.map((t) => [Number(t.id), t]))
  lines.push(keyedCreations('报修：确认的每个恰好一次，无未请求的报修', records.tickets, await keysOf('tickets.create', reporterIds), ticketRows.map((t) => Number(t.id))))
  const acked = records.tickets.filter((t) => t.id !== undefined)
  const changed = acked.filter((a) => {
    const t = ticketById.get(a.id!)
    return !t || Number(t.location_id) !== a.locationId || t.category !== a.category || Number(t.reportPhotos) !== a.photos
  })
  lines.push({ name: '报修：地点、类别、照片张数与确认的一致', checked: acked.length, bad: changed.length, detail: changed.slice(0, 3) })
  lines.push(replays('报修重试（同一键）：答复第一次的工单，不另建', records.ticketReplays))

  // the history of each drill ticket, in order: an assignment (派单 / 改派 / 退回) opens a new segment
  const ticketIds = ticketRows.map((t) => Number(t.id))
  const events = ticketIds.length ? await rows(pool, 'SELECT ticket_id, kind, actor_user_id FROM ticket_events WHERE ticket_id IN (?) ORDER BY ticket_id, id', [ticketIds]) : []
  const eventsOf = groupBy(events, (e) => Number(e.ticket_id))
  const doubleAccepts: unknown[] = []
  const badHistory: unknown[] = []
  for (const id of ticketIds) {
    const history = eventsOf.get(id) ?? []
    if (history[0]?.kind !== 'submitted' || history.filter((e) => e.kind === 'submitted').length !== 1) badHistory.push({ id, kinds: history.map((e) => e.kind) })
    let acceptsInSegment = 0
    for (const e of history) {
      if (e.kind === 'assigned' || e.kind === 'reopened') acceptsInSegment = 0
      if (e.kind === 'accepted' && ++acceptsInSegment === 2) doubleAccepts.push({ id, kinds: history.map((h) => h.kind) })
    }
  }
  lines.push({ name: '报修：每个工单恰好一条提交记录，且在最前', checked: ticketIds.length, bad: badHistory.length, detail: badHistory.slice(0, 3) })
  lines.push({ name: '抢接单：每次派单至多一条接单记录', checked: ticketIds.length, bad: doubleAccepts.length, detail: doubleAccepts.slice(0, 3) })

  // the answers of each race (one acknowledged assignment): 200 only to the holder (each of whose
  // taps is told it is accepted once one is), never to the other worker
  const races = groupBy(records.ticketAccepts, (a) => `${a.ticketId}:${a.round}`)
  const twoWinners = [...races.values()].filter((taps) => new Set(taps.filter((a) => a.id !== undefined).map((a) => a.workerId)).size > 1)
  const wrongWinner = records.ticketAccepts.filter((a) => a.id !== undefined && a.workerId !== a.holderId)
  lines.push({ name: '抢接单：每轮只有当时的持有人得到 200', checked: races.size, bad: twoWinners.length + wrongWinner.length, detail: [...twoWinners, ...wrongWinner].slice(0, 3) })

  // every race a worker was told they won is in the history (an accepted record by that worker);
  // every accepted record was told to its worker, or came from a round whose answers were all lost
  // (then retried). A tap the proxy replayed on the other instance after its own died having
  // committed is answered 200 too (the step is already taken), so it is not "unknown".
  const acceptsOf = groupBy(records.ticketAccepts, (a) => a.ticketId)
  const unreflected: unknown[] = []
  for (const [id, taps] of acceptsOf) {
    const history = eventsOf.get(id) ?? []
    for (const worker of fixtures.repairWorkers) {
      const roundsOf = groupBy(
        taps.filter((a) => a.workerId === worker.id),
        (a) => a.round,
      )
      const recorded = history.filter((e) => e.kind === 'accepted' && Number(e.actor_user_id) === worker.id).length
      const answered = [...roundsOf.values()].filter((round) => round.some((a) => a.id !== undefined)).length
      const unknown = [...roundsOf.values()].filter((round) => !round.some((a) => a.id !== undefined) && round.some((a) => a.attempts > 1)).length
      if (recorded < answered || recorded > answered + unknown) unreflected.push({ id, worker: worker.username, recorded, answered, unknown })
    }
  }
  lines.push({ name: '抢接单：每个 200 都有接单记录，没有无人得知的接单', checked: acceptsOf.size, bad: unreflected.length, detail: unreflected.slice(0, 3) })

  // who holds each ticket: the worker of its last acknowledged assignment, and when that race had a winner, the winner
  const assignsOf = groupBy(records.ticketAssigns, (a) => a.ticketId)
  const wrongHolder: unknown[] = []
  for (const [id, assigns] of assignsOf) {
    const last = assigns[assigns.length - 1]
    const t = ticketById.get(id)
    if (last.id === undefined || !t) continue // the last assignment's outcome is unknown (or refused): either holder may be right
    const winner = races.get(`${id}:${last.round}`)?.find((a) => a.id !== undefined)
    const holderOk = Number(t.worker_user_id) === last.workerId && t.firm_id === null
    const acceptedOk = !winner || (['accepted', 'in_progress', 'paused', 'finished'].includes(String(t.status)) && t.accepted_at !== null)
    if (!holderOk || !acceptedOk) wrongHolder.push({ id, status: t.status, worker: t.worker_user_id, firm: t.firm_id, assignedTo: last.workerId, winner: winner?.workerId })
  }
  lines.push({ name: '派单与接单：持有人是最后确认派给的维修人员，200 的接单已生效', checked: assignsOf.size, bad: wrongHolder.length, detail: wrongHolder.slice(0, 3) })

  // impossible states, over every ticket in the database
  const impossible = await rows(
    pool,
    `SELECT id, status, worker_user_id, firm_id, accepted_at, finished_at, paused_at FROM tickets WHERE
       (worker_user_id IS NOT NULL AND firm_id IS NOT NULL)
       OR (kind = 'repair' AND status IN ('assigned','accepted','in_progress','paused','finished') AND worker_user_id IS NULL AND firm_id IS NULL)
       OR (status = 'submitted' AND (worker_user_id IS NOT NULL OR firm_id IS NOT NULL OR accepted_at IS NOT NULL))
       OR (status IN ('accepted','in_progress','paused') AND accepted_at IS NULL)
       OR (status IN ('finished','closed') AND finished_at IS NULL)
       OR (status IN ('submitted','assigned','accepted','in_progress','paused') AND finished_at IS NOT NULL)
       OR (status = 'paused' AND paused_at IS NULL)`,
  )
  const [{ total }] = (await rows(pool, 'SELECT COUNT(*) AS total FROM tickets')) as { total: number }[]
  lines.push({ name: '工单：没有不可能的状态（一个持有人；接单有人、完工有时间）', checked: Number(total), bad: impossible.length, detail: impossible.slice(0, 3) })

  // the winner's steps: the last acknowledged one is in effect (or the next one, whose answer was lost)
  const stepsOf = groupBy(records.ticketSteps, (s) => s.ticketId)
  const stepsWrong: unknown[] = []
  for (const [id, steps] of stepsOf) {
    const t = ticketById.get(id)
    const lastAcked = steps.map((s) => s.id !== undefined).lastIndexOf(true)
    const allowed = new Set<string>()
    if (lastAcked >= 0) allowed.add(STATUS_AFTER[steps[lastAcked].step])
    else allowed.add('accepted')
    const unknownNext = steps[lastAcked + 1]
    if (unknownNext) allowed.add(STATUS_AFTER[unknownNext.step])
    const finish = steps.find((s) => s.step === 'finish')
    const finishedRight = t?.status !== 'finished' || (finish && t.finish_note === finish.note && Number(t.finishPhotos) === finish.photos && t.finished_at !== null)
    const unfinishedClean = t?.status === 'finished' || Number(t?.finishPhotos) === 0
    if (!t || !allowed.has(String(t.status)) || !finishedRight || !unfinishedClean) stepsWrong.push({ id, status: t?.status, steps: steps.map((s) => `${s.step} ${s.outcome}`), finishPhotos: t?.finishPhotos })
  }
  lines.push({ name: '维修：确认的开始、暂停、恢复、完工都已生效', checked: records.ticketSteps.filter((s) => s.id !== undefined).length, bad: stepsWrong.length, detail: stepsWrong.slice(0, 3) })

  const [{ photos, events: orphanEvents }] = (await rows(
    pool,
    `SELECT (SELECT COUNT(*) FROM ticket_photos p LEFT JOIN tickets t ON t.id = p.ticket_id WHERE t.id IS NULL) AS photos,
            (SELECT COUNT(*) FROM ticket_events e LEFT JOIN tickets t ON t.id = e.ticket_id WHERE t.id IS NULL) AS events`,
  )) as { photos: number; events: number }[]
  lines.push({ name: '报修：没有无主的照片和记录', checked: ticketIds.length, bad: Number(photos) + Number(orphanEvents), detail: { photos: Number(photos), events: Number(orphanEvents) } })
  return lines
}

/**
 * 驾驶舱: the figures are counted into daily rows by a job on every instance (and at each start),
 * while the load writes and the instances are killed and restarted. Once the writes stop and one
 * more count has run, each figure must equal a recount of the raw rows written here, line by line;
 * every light must agree with its figure and the thresholds, and the current lights with today's rows;
 * no two 督办 may be open for one indicator and unit.
 */
export async function auditCockpit(pool: mysql.Pool, countedAfter: Date | null): Promise<AuditLine[]> {
  const lines: AuditLine[] = []
  const today = shanghaiDate(new Date())
  const start = new Date(`${today}T00:00:00+08:00`)
  const end = new Date(start.getTime() + 86_400_000)
  const byUnit = (rowsOf: Row[]) => {
    const figures = new Map<number, number>()
    for (const row of rowsOf) {
      const value = Number(row.value)
      figures.set(0, (figures.get(0) ?? 0) + value)
      if (row.unit_id !== null) figures.set(Number(row.unit_id), (figures.get(Number(row.unit_id)) ?? 0) + value)
    }
    return figures
  }
  const recounts: Record<string, Map<number, number>> = {
    meal_payments: byUnit(await rows(pool, "SELECT payer_unit_id AS unit_id, COUNT(*) AS value FROM meal_payments WHERE status = 'paid' AND created_at >= ? AND created_at < ? GROUP BY payer_unit_id", [start, end])),
    meal_amount: byUnit(await rows(pool, "SELECT payer_unit_id AS unit_id, SUM(amount_fen - refunded_fen) / 100 AS value FROM meal_payments WHERE status = 'paid' AND created_at >= ? AND created_at < ? GROUP BY payer_unit_id", [start, end])),
    visits_inside: byUnit(await rows(pool, 'SELECT host_unit_id AS unit_id, COUNT(*) AS value FROM visits WHERE checked_in_at IS NOT NULL AND checked_out_at IS NULL GROUP BY host_unit_id')),
    meetings_today: byUnit(await rows(pool, "SELECT organiser_unit_id AS unit_id, COUNT(*) AS value FROM room_bookings WHERE status IN ('confirmed', 'ended') AND start_at >= ? AND start_at < ? GROUP BY organiser_unit_id", [start, end])),
    tickets_open: byUnit(await rows(pool, "SELECT unit_id, COUNT(*) AS value FROM tickets WHERE kind = 'repair' AND status <> 'cancelled' AND finished_at IS NULL GROUP BY unit_id")),
  }
  const daily = await rows(pool, 'SELECT indicator_key, unit_id, value, light FROM cockpit_daily WHERE day = ?', [today])
  const mismatched: string[] = []
  let checked = 0
  for (const [key, recount] of Object.entries(recounts)) {
    const counted = new Map(daily.filter((row) => row.indicator_key === key).map((row) => [Number(row.unit_id), Number(row.value ?? 0)]))
    for (const unitId of new Set([...recount.keys(), ...counted.keys()])) {
      checked++
      const want = Math.round((recount.get(unitId) ?? 0) * 100) / 100
      const have = counted.get(unitId) ?? 0
      if (Math.abs(want - have) > 0.001) mismatched.push(`${key} 单位 ${unitId}：计 ${have}，重数 ${want}`)
    }
  }
  if (!countedAfter) mismatched.push('负载结束后没有一次完成的计数（cockpit.refresh）')
  lines.push({ name: '驾驶舱：负载结束后的计数与逐条重数一致（就餐、金额、在园、会议、未完成报修）', checked, bad: mismatched.length, detail: mismatched.slice(0, 5) })

  const overrides = new Map((await rows(pool, 'SELECT indicator_key, yellow, red, direction FROM cockpit_thresholds')).map((row) => [String(row.indicator_key), row]))
  const thresholdsOf = (key: string) => {
    const own = overrides.get(key)
    const fallback = INDICATORS.find((i) => i.key === key)
    const n = (v: unknown) => (v === null || v === undefined ? null : Number(v))
    return own ? { yellow: n(own.yellow), red: n(own.red), direction: own.direction as ThresholdDirection } : { yellow: fallback?.yellow ?? null, red: fallback?.red ?? null, direction: (fallback?.direction ?? 'higher_is_bad') as ThresholdDirection }
  }
  const current = new Map((await rows(pool, 'SELECT indicator_key, unit_id, light FROM cockpit_lights')).map((row) => [`${row.indicator_key}:${row.unit_id}`, String(row.light)]))
  const wrongLight = daily.filter((row) => row.value !== null && row.light !== lightOf(Number(row.value), thresholdsOf(String(row.indicator_key))))
  const staleCurrent = daily.filter((row) => (current.get(`${row.indicator_key}:${row.unit_id}`) ?? 'green') !== row.light)
  lines.push({
    name: '驾驶舱：每个灯与其数值、阈值一致，当前灯与今天的计数一致',
    checked: daily.length,
    bad: wrongLight.length + staleCurrent.length,
    detail: { wrongLight: wrongLight.slice(0, 3), staleCurrent: staleCurrent.slice(0, 3) },
  })
  const doubled = await rows(pool, "SELECT indicator_key, unit_id, COUNT(*) AS n FROM supervisions WHERE status <> 'closed' GROUP BY indicator_key, unit_id HAVING n > 1")
  const [[{ n: supervisionCount }]] = (await pool.query('SELECT COUNT(*) AS n FROM supervisions')) as unknown as [{ n: number }[]]
  lines.push({ name: '督办：同一指标同一单位至多一个未销号的督办', checked: Number(supervisionCount), bad: doubled.length, detail: doubled.slice(0, 3) })
  return lines
}

/** Waits (up to ~75 s) for a count of today that started after `after` and finished; its start, or null. */
export async function countAfter(pool: mysql.Pool, after: Date): Promise<Date | null> {
  for (let i = 0; i < 150; i++) {
    const [found] = await rows(pool, "SELECT started_at FROM job_runs WHERE name = 'cockpit.refresh' AND started_at > ? AND finished_at IS NOT NULL AND error IS NULL ORDER BY id LIMIT 1", [after])
    if (found) return new Date(String(found.started_at))
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return null
}
