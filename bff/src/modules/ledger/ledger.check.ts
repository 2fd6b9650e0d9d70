import type { Pool } from 'mysql2/promise'

export interface LedgerViolation {
  rule: string
  detail: Record<string, unknown>
  /** the violation in a sentence, for the rules that have one */
  message?: string
}

interface Rule {
  rule: string
  sql: string
  /** one Chinese sentence per offending row (user, bookings, amounts) */
  say?: (row: Record<string, unknown>) => string
}

const ids = (list: unknown) => (list ? String(list).split(',').map((id) => `#${id}`).join('、') : '无')

/**
 * 报餐 holds (issue 23): a booking paid by a hold moves its amount from the diner's 饭卡 to their
 * meal_hold account; cancelling releases exactly that, pick-up turns it into the payment. So a
 * diner's meal_hold balance is always the sum of the holds of their bookings still open, each
 * hold booking agrees with the entry that took its hold, and a closed booking holds nothing.
 */
export const MEAL_HOLD_RULES: Rule[] = [
  {
    rule: '报餐预扣余额等于其未取餐的预扣报餐之和 (meal_hold balance equals the live hold bookings)',
    sql: `SELECT x.user_id, SUM(x.ledger_fen) AS hold_balance_fen, SUM(x.booked_fen) AS live_holds_fen,
            GROUP_CONCAT(x.order_id ORDER BY x.order_id) AS live_order_ids,
            (SELECT GROUP_CONCAT(c.id ORDER BY c.id DESC) FROM meal_orders c WHERE c.user_id = x.user_id AND c.pay = 'hold' AND c.status <> 'booked') AS closed_order_ids
          FROM (
            SELECT owner_id AS user_id, amount_fen AS ledger_fen, 0 AS booked_fen, NULL AS order_id FROM postings WHERE account = 'meal_hold'
            UNION ALL
            SELECT user_id, 0, hold_subsidy_fen + hold_personal_fen, id FROM meal_orders WHERE status = 'booked' AND pay = 'hold'
          ) x
          GROUP BY x.user_id HAVING SUM(x.ledger_fen) <> SUM(x.booked_fen)`,
    say: (row) =>
      `用户 ${row.user_id}：预扣账户余额 ${row.hold_balance_fen} 分，未取餐的预扣报餐合计 ${row.live_holds_fen} 分（未取餐：${ids(row.live_order_ids)}；已结束：${ids(shortList(row.closed_order_ids))}）`,
  },
  {
    rule: '每份预扣报餐与其预扣分录一致 (each hold booking matches the entry that took its hold)',
    sql: `SELECT o.id AS order_id, o.user_id, o.status, o.amount_fen, o.hold_subsidy_fen, o.hold_personal_fen, o.hold_entry_id,
            COALESCE(SUM(CASE WHEN p.account = 'meal_hold' THEN p.amount_fen END), 0) AS entry_hold_fen,
            COALESCE(SUM(CASE WHEN p.account = 'meal_subsidy' THEN p.amount_fen END), 0) AS entry_subsidy_fen,
            COALESCE(SUM(CASE WHEN p.account = 'meal_personal' THEN p.amount_fen END), 0) AS entry_personal_fen
          FROM meal_orders o LEFT JOIN postings p ON p.entry_id = o.hold_entry_id AND p.owner_id = o.user_id
          WHERE o.pay = 'hold' AND o.amount_fen > 0
          GROUP BY o.id, o.user_id, o.status, o.amount_fen, o.hold_subsidy_fen, o.hold_personal_fen, o.hold_entry_id
          HAVING o.hold_entry_id IS NULL OR o.hold_subsidy_fen + o.hold_personal_fen <> o.amount_fen
            OR entry_hold_fen <> o.hold_subsidy_fen + o.hold_personal_fen OR entry_subsidy_fen <> -o.hold_subsidy_fen OR entry_personal_fen <> -o.hold_personal_fen`,
    say: (row) =>
      `用户 ${row.user_id} 的报餐 #${row.order_id}（${row.status}，${row.amount_fen} 分）：记录预扣补贴 ${row.hold_subsidy_fen} 分、个人 ${row.hold_personal_fen} 分，` +
      (row.hold_entry_id === null ? '却没有预扣分录' : `预扣分录 #${row.hold_entry_id} 转入预扣 ${row.entry_hold_fen} 分、补贴 ${row.entry_subsidy_fen} 分、个人 ${row.entry_personal_fen} 分`),
  },
  {
    rule: '已取餐的报餐恰有一笔金额相符的付款，未结束或已取消的没有 (a picked-up booking has its one payment, a guest’s 餐券 booking too)',
    sql: `SELECT o.id AS order_id, o.user_id, o.status, o.pay, o.amount_fen, o.payment_id, m.amount_fen AS payment_fen, m.status AS payment_status
          FROM meal_orders o LEFT JOIN meal_payments m ON m.id = o.payment_id
          WHERE (
            (o.payment_id IS NOT NULL AND (m.id IS NULL OR m.amount_fen <> o.amount_fen OR o.status IN ('booked', 'cancelled')))
            OR (o.payment_id IS NULL AND o.status = 'picked_up'))`,
    say: (row) =>
      `用户 ${row.user_id} 的报餐 #${row.order_id}（${row.status}，${row.amount_fen} 分）：` +
      (row.payment_id === null ? '已取餐却没有付款' : `付款 #${row.payment_id} ${row.payment_fen ?? '不存在'}${row.payment_fen === null ? '' : ' 分'}`),
  },
  {
    rule: '来宾餐券报餐：未取餐时餐券为其保留，结束后不再保留 (a booked 餐券 booking holds its voucher, a closed one does not)',
    sql: `SELECT o.id AS order_id, o.user_id, o.status, o.voucher_id, v.status AS voucher_status, v.reserved_order_id
          FROM meal_orders o LEFT JOIN meal_vouchers v ON v.id = o.voucher_id
          WHERE o.pay = 'voucher' AND (v.id IS NULL
            OR (o.status = 'booked' AND (v.status <> 'issued' OR v.reserved_order_id IS NULL OR v.reserved_order_id <> o.id))
            OR (o.status <> 'booked' AND v.reserved_order_id = o.id AND v.status = 'issued'))
          UNION ALL
          SELECT o.id, o.user_id, o.status, v.id, v.status, v.reserved_order_id
          FROM meal_vouchers v LEFT JOIN meal_orders o ON o.id = v.reserved_order_id
          WHERE v.reserved_order_id IS NOT NULL AND v.status = 'issued' AND (o.id IS NULL OR o.voucher_id <> v.id)`,
    say: (row) => `用户 ${row.user_id ?? '—'} 的报餐 #${row.order_id ?? '不存在'}（${row.status ?? '—'}）：餐券 #${row.voucher_id ?? '不存在'} 状态 ${row.voucher_status ?? '—'}，保留给报餐 #${row.reserved_order_id ?? '无'}`,
  },
  {
    rule: '一笔付款至多结算一份报餐 (no payment settles two bookings)',
    sql: 'SELECT payment_id, GROUP_CONCAT(id ORDER BY id) AS order_ids, GROUP_CONCAT(DISTINCT user_id) AS user_ids FROM meal_orders WHERE payment_id IS NOT NULL GROUP BY payment_id HAVING COUNT(*) > 1',
    say: (row) => `付款 #${row.payment_id} 同时结算了用户 ${row.user_ids} 的报餐 ${ids(row.order_ids)}`,
  },
]

/** at most the first ten ids of a comma list (a diner's closed bookings can be many) */
function shortList(list: unknown): string | null {
  if (!list) return null
  const all = String(list).split(',')
  return all.slice(0, 10).join(',') + (all.length > 10 ? ` 等 ${all.length} 份` : '')
}

/** Each rule is one query returning the rows that break it. */
const RULES: Rule[] = [
  {
    rule: '每笔分录借贷平衡 (every journal entry sums to zero)',
    sql: 'SELECT entry_id, SUM(amount_fen) AS total FROM postings GROUP BY entry_id HAVING SUM(amount_fen) <> 0',
  },
  {
    rule: '每笔分录至少两条过账 (every journal entry has postings)',
    sql: 'SELECT e.id AS entry_id FROM journal_entries e LEFT JOIN postings p ON p.entry_id = e.id GROUP BY e.id HAVING COUNT(p.id) < 2',
  },
  {
    rule: '饭卡补贴余额等于其过账之和 (subsidy balance equals its postings)',
    sql: `SELECT a.user_id, a.subsidy_fen, COALESCE(SUM(p.amount_fen), 0) AS postings_total FROM meal_accounts a
          LEFT JOIN postings p ON p.account = 'meal_subsidy' AND p.owner_id = a.user_id
          GROUP BY a.user_id, a.subsidy_fen HAVING a.subsidy_fen <> COALESCE(SUM(p.amount_fen), 0)`,
  },
  {
    rule: '饭卡个人余额等于其过账之和 (personal balance equals its postings)',
    sql: `SELECT a.user_id, a.personal_fen, COALESCE(SUM(p.amount_fen), 0) AS postings_total FROM meal_accounts a
          LEFT JOIN postings p ON p.account = 'meal_personal' AND p.owner_id = a.user_id
          GROUP BY a.user_id, a.personal_fen HAVING a.personal_fen <> COALESCE(SUM(p.amount_fen), 0)`,
  },
  {
    rule: '饭卡余额不为负 (no meal account is negative)',
    sql: 'SELECT user_id, subsidy_fen, personal_fen FROM meal_accounts WHERE subsidy_fen < 0 OR personal_fen < 0',
  },
  {
    rule: '过账只落在存在的饭卡上 (meal postings belong to an account)',
    sql: `SELECT p.owner_id, p.account FROM postings p LEFT JOIN meal_accounts a ON a.user_id = p.owner_id
          WHERE p.account IN ('meal_subsidy', 'meal_personal') AND a.user_id IS NULL GROUP BY p.owner_id, p.account`,
  },
  {
    rule: '已支付订单有对应分录且金额一致 (every paid payment has its entry)',
    sql: `SELECT m.id AS payment_id, m.amount_fen, SUM(CASE WHEN p.account = 'merchant_receivable' THEN p.amount_fen ELSE 0 END) AS entry_in
          FROM meal_payments m LEFT JOIN postings p ON p.entry_id = m.entry_id
          WHERE m.status = 'paid' GROUP BY m.id, m.amount_fen, m.entry_id HAVING m.entry_id IS NULL OR entry_in <> m.amount_fen`,
  },
  {
    rule: '未使用的餐券余额等于面值，已使用的为零 (voucher balances)',
    sql: `SELECT v.id AS voucher_id, v.status, v.amount_fen, COALESCE(SUM(p.amount_fen), 0) AS balance FROM meal_vouchers v
          LEFT JOIN postings p ON p.account = 'voucher' AND p.owner_id = v.id
          GROUP BY v.id, v.status, v.amount_fen
          HAVING COALESCE(SUM(p.amount_fen), 0) <> CASE WHEN v.status = 'issued' THEN v.amount_fen ELSE 0 END`,
  },
  {
    rule: '退款不超过已付金额 (refunds never exceed the payment)',
    sql: `SELECT m.id AS payment_id, m.amount_fen, m.refunded_fen, COALESCE(SUM(r.amount_fen), 0) AS refunds
          FROM meal_payments m LEFT JOIN meal_refunds r ON r.payment_id = m.id AND r.status <> 'failed'
          GROUP BY m.id, m.amount_fen, m.refunded_fen
          HAVING m.refunded_fen > m.amount_fen OR COALESCE(SUM(r.amount_fen), 0) <> m.refunded_fen`,
  },
  ...MEAL_HOLD_RULES,
]

async function run(pool: Pool, rules: Rule[]): Promise<LedgerViolation[]> {
  const violations: LedgerViolation[] = []
  for (const { rule, sql, say } of rules) {
    const [rows] = await pool.query(sql)
    for (const row of rows as Record<string, unknown>[]) violations.push(say ? { rule, detail: row, message: say(row) } : { rule, detail: row })
  }
  return violations
}

/** Proves the ledger: balanced entries, balances equal to postings, nothing negative, 报餐 holds equal to the bookings. */
export function checkLedger(pool: Pool): Promise<LedgerViolation[]> {
  return run(pool, RULES)
}

/** Only the 报餐 hold rules (the drill's audit line for bookings). */
export function checkMealHolds(pool: Pool): Promise<LedgerViolation[]> {
  return run(pool, MEAL_HOLD_RULES)
}
