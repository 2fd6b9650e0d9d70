import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import mysql from 'mysql2/promise'
import { connectDatabase, withTransaction } from '../src/db/client'
import { mealPeriods, mealWindows, merchants, units, userRoles, users } from '../src/db/schema'
import { postEntry } from '../src/modules/ledger/ledger.repo'
import { ensureAccount } from '../src/modules/meal/subsidies/subsidies.repo'
import { QrSigner } from '../src/lib/qr'
import { EnvSchema } from '../src/env'
import { CONNECTIONS, devLogin, loadRaw, type Figures } from './harness'

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
  return { code: new QrSigner(env.QR_SECRET, env.PUBLIC_BASE_URL).url('m', window.insertId), tokens, userIds, merchantId: merchant.insertId, windowId: window.insertId }
}

/** Account payments through the BFF: one diner per connection, a fresh Idempotency-Key per request. */
export async function benchBffPayments(url: string, setup: { code: string; tokens: string[] }, seconds: number): Promise<Figures> {
  let next = 0
  const result = await autocannon({
    url: `${url}/api/v1/meal/payments`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    requests: [
      {
        setupRequest: (request: autocannon.Request, connection: object) => {
          const context = connection as { token?: string }
          context.token ??= setup.tokens[next++ % setup.tokens.length]
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${context.token}`, 'idempotency-key': `bench-${randomBytes(8).toString('hex')}` },
            body: JSON.stringify({ code: setup.code, amountFen: 1500, method: 'account', official: true, confirm: true }),
          }
        },
      },
    ],
  })
  if (result.non2xx || result.errors || result.timeouts) console.log('payment bench failures:', { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, statusCodes: result.statusCodeStats })
  return { name: 'BFF POST /api/v1/meal/payments (饭卡)', requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx }
}

/**
 * The same transaction straight through mysql2, as NOTES.md's ceiling: key row, lock the account,
 * duplicate check, journal entry + postings, balance update, payment, feed event, key response.
 */
export async function benchRawPayments(databaseUrl: string, setup: { userIds: number[]; merchantId: number; windowId: number }, seconds: number): Promise<Figures> {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: CONNECTIONS })
  let worker = 0
  const figures = await loadRaw('mysql2 direct: the same payment transaction', pool, async (p, i) => {
    const userId = setup.userIds[(worker = (worker + 1) % setup.userIds.length)]
    const conn = await p.getConnection()
    try {
      await conn.beginTransaction()
      const key = `raw-${i}-${randomBytes(6).toString('hex')}`
      await conn.execute("INSERT INTO idempotency_keys (user_id, scope, idem_key, request_hash, status, response) VALUES (?, 'meal.payment', ?, ?, 201, '{}')", [userId, key, 'x'.repeat(64)])
      const [accounts] = await conn.execute('SELECT subsidy_fen, personal_fen FROM meal_accounts WHERE user_id = ? FOR UPDATE', [userId])
      const account = (accounts as { subsidy_fen: number }[])[0]
      await conn.execute("SELECT id FROM meal_payments WHERE payer_user_id = ? AND window_id = ? AND created_at >= UTC_TIMESTAMP(3) - INTERVAL 2 MINUTE AND status IN ('paid','awaiting_payment') LIMIT 1", [userId, setup.windowId])
      if (account.subsidy_fen < 1500) throw new Error('insufficient')
      const [entry] = await conn.execute("INSERT INTO journal_entries (kind, memo) VALUES ('payment', 'raw')")
      const entryId = (entry as { insertId: number }).insertId
      await conn.execute("INSERT INTO postings (entry_id, account, owner_id, amount_fen) VALUES (?, 'meal_subsidy', ?, -1500), (?, 'merchant_receivable', ?, 1500)", [entryId, userId, entryId, setup.merchantId])
      await conn.execute('UPDATE meal_accounts SET subsidy_fen = subsidy_fen - 1500 WHERE user_id = ?', [userId])
      const [payment] = await conn.execute(
        "INSERT INTO meal_payments (payer_user_id, merchant_id, window_id, method, official, amount_fen, subsidy_fen, status, entry_id, paid_at) VALUES (?, ?, ?, 'account', 1, 1500, 1500, 'paid', ?, UTC_TIMESTAMP(3))",
        [userId, setup.merchantId, setup.windowId, entryId],
      )
      const paymentId = (payment as { insertId: number }).insertId
      await conn.execute("INSERT INTO cashier_feed_events (merchant_id, window_id, payment_id, kind, amount_fen) VALUES (?, ?, ?, 'paid', 1500)", [setup.merchantId, setup.windowId, paymentId])
      await conn.execute("UPDATE idempotency_keys SET response = JSON_OBJECT('id', ?) WHERE user_id = ? AND scope = 'meal.payment' AND idem_key = ?", [paymentId, userId, key])
      await conn.commit()
    } catch (error) {
      await conn.rollback()
      throw error
    } finally {
      conn.release()
    }
  }, seconds)
  await pool.end()
  return figures
}
