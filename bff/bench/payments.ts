import { randomBytes } from 'node:crypto'
import { connectDatabase, withTransaction } from '../src/db/client'
import { mealPeriods, mealWindows, merchants, units, userRoles, users } from '../src/db/schema'
import { postEntry } from '../src/modules/ledger/ledger.repo'
import { ensureAccount } from '../src/modules/meal/subsidies/subsidies.repo'
import { QrSigner } from '../src/lib/qr'
import { EnvSchema } from '../src/env'
import { devLogin } from './harness'
import { inTransaction, type Scenario, type WorkPool } from './pairs'

/** Diners with deep pockets, a merchant with one window open all day, and its signed code. */
export async function preparePaymentBench(databaseUrl: string, bffUrl: string, diners: number) {
  const database = connectDatabase(databaseUrl, 4)
  const db = database.db
  const [unit] = await db.insert(units).values({ name: `压测单位 ${randomBytes(3).toString('hex')}` })
  const [merchant] = await db.insert(merchants).values({ name: '压测食堂', kind: 'canteen' })
  const [window] = await db.insert(mealWindows).values({ merchantId: merchant.insertId, name: '压测窗口' })
  await db.insert(mealPeriods).values({ merchantId: merchant.insertId, name: '全天', startMinute: 0, endMinute: 1440, officialCapFen: 4000 })
  const tokens: string[] = []
  const userIds: number[] = []
  for (let i = 0; i < diners; i++) {
    const username = `bench_${unit.insertId}_${i}`
    const [user] = await db.insert(users).values({ username, name: `压测用户${i}`, unitId: unit.insertId })
    await db.insert(userRoles).values({ userId: user.insertId, role: 'staff' })
    await withTransaction(db, async (tx) => {
      await ensureAccount(tx, user.insertId, unit.insertId)
      await postEntry(tx, 'subsidy', '压测餐补', [{ from: { account: 'unit_subsidy_funding', ownerId: unit.insertId }, to: { account: 'meal_subsidy', ownerId: user.insertId }, amountFen: 500_000_000 }])
    })
    userIds.push(user.insertId)
    tokens.push(await devLogin(bffUrl, username))
  }
  await database.close()
  const env = EnvSchema.parse({ DATABASE_URL: databaseUrl })
  return { code: new QrSigner(env.QR_SECRET, env.PUBLIC_BASE_URL).url('m', window.insertId), tokens, userIds, unitId: unit.insertId, merchantId: merchant.insertId, windowId: window.insertId }
}

export interface PaymentInput {
  token: string
  userId: number
  unitId: number
  merchantId: number
  windowId: number
  key: string
  amountFen: number
}

/** Account payments: one diner pinned per connection slot on every side, a fresh Idempotency-Key per request. */
export function paymentScenario(setup: Awaited<ReturnType<typeof preparePaymentBench>>, seconds: number): Scenario<PaymentInput> {
  return {
    name: 'payments',
    route: 'POST /api/v1/meal/payments (饭卡)',
    seconds,
    input: (slot) => ({ token: setup.tokens[slot % setup.tokens.length], userId: setup.userIds[slot % setup.userIds.length], unitId: setup.unitId, merchantId: setup.merchantId, windowId: setup.windowId, key: `bench-${randomBytes(8).toString('hex')}`, amountFen: 1500 }),
    request: (input) => ({
      path: '/api/v1/meal/payments',
      method: 'POST',
      headers: { authorization: `Bearer ${input.token}`, 'idempotency-key': input.key },
      body: JSON.stringify({ code: setup.code, amountFen: input.amountFen, method: 'account', official: true, confirm: true }),
    }),
    accept: (status) => status === 201,
    work: { file: 'payments', name: 'payWork', fn: payWork },
  }
}

/**
 * The statements of one BFF account payment (with `confirm: true`, so no duplicate check), in the
 * same order with the same locks, all prepared as the BFF's are: the account lock, the journal
 * entry and its postings, the balance, the payment, the cashier feed event, and the key row
 * written once with the stored answer — an answer of the BFF's shape and size, not `{}`.
 */
export async function payWork(pool: WorkPool, input: PaymentInput): Promise<unknown> {
  return inTransaction(pool, async (conn) => {
    const [accounts] = await conn.execute('SELECT subsidy_fen AS subsidyFen, personal_fen AS personalFen FROM meal_accounts WHERE user_id = ? FOR UPDATE', [input.userId])
    const account = (accounts as { subsidyFen: number; personalFen: number }[])[0]
    if (!account || account.subsidyFen < input.amountFen) throw new Error('insufficient')
    const [entry] = await conn.execute('INSERT INTO journal_entries (kind, memo) VALUES (?, ?)', ['payment', '压测食堂 压测窗口 饭卡支付'])
    const entryId = (entry as { insertId: number }).insertId
    await conn.execute('INSERT INTO postings (entry_id, account, owner_id, amount_fen) VALUES (?, ?, ?, ?), (?, ?, ?, ?)', [entryId, 'meal_subsidy', input.userId, -input.amountFen, entryId, 'merchant_receivable', input.merchantId, input.amountFen])
    await conn.execute('UPDATE meal_accounts SET subsidy_fen = subsidy_fen + ?, personal_fen = personal_fen + ?, updated_at = CURRENT_TIMESTAMP(3) WHERE user_id = ?', [-input.amountFen, 0, input.userId])
    const now = new Date()
    const [payment] = await conn.execute(
      "INSERT INTO meal_payments (payer_user_id, payer_unit_id, merchant_id, window_id, period_name, method, official, amount_fen, subsidy_fen, personal_fen, refunded_fen, status, entry_id, created_at, paid_at) VALUES (?, ?, ?, ?, ?, 'account', ?, ?, ?, ?, 0, 'paid', ?, ?, ?)",
      [input.userId, input.unitId, input.merchantId, input.windowId, '全天', 1, input.amountFen, input.amountFen, 0, entryId, now, now],
    )
    const id = (payment as { insertId: number }).insertId
    await conn.execute('INSERT INTO cashier_feed_events (merchant_id, window_id, payment_id, kind, amount_fen, created_at) VALUES (?, ?, ?, ?, ?, COALESCE(?, CURRENT_TIMESTAMP(3)))', [input.merchantId, input.windowId, id, 'paid', input.amountFen, now])
    const answer = {
      id,
      serialNo: `20261207${String(id).padStart(8, '0')}`,
      status: 'paid',
      method: 'account',
      official: true,
      amountFen: input.amountFen,
      subsidyFen: input.amountFen,
      personalFen: 0,
      refundedFen: 0,
      merchant: { id: input.merchantId, name: '压测食堂', kind: 'canteen' },
      window: { id: input.windowId, name: '压测窗口' },
      periodName: '全天',
      payerName: '压测用户0',
      payerUnitName: '压测单位 000000',
      voucherUnitName: null,
      createdAt: now.toISOString(),
      paidAt: now.toISOString(),
    }
    await conn.execute('INSERT INTO idempotency_keys (user_id, scope, idem_key, request_hash, status, response) VALUES (?, ?, ?, ?, 201, ?)', [input.userId, 'meal.payment', input.key, 'x'.repeat(64), JSON.stringify({ id, body: answer })])
    return answer
  })
}
