import type { Pool } from 'mysql2/promise'

export interface LedgerViolation {
  rule: string
  detail: Record<string, unknown>
}

/** Each rule is one query returning the rows that break it. */
const RULES: { rule: string; sql: string }[] = [
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
]

/** Proves the ledger: balanced entries, balances equal to postings, nothing negative. */
export async function checkLedger(pool: Pool): Promise<LedgerViolation[]> {
  const violations: LedgerViolation[] = []
  for (const { rule, sql } of RULES) {
    const [rows] = await pool.query(sql)
    for (const row of rows as Record<string, unknown>[]) violations.push({ rule, detail: row })
  }
  return violations
}
