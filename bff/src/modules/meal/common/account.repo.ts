import type { DbOrTx } from '../../../db/client'
import { preparedRows } from '../../../db/prepared'

/** The diner's balances, locked: every account payment starts here (a prepared statement). */
export async function lockAccount(tx: DbOrTx, userId: number): Promise<{ subsidyFen: number; personalFen: number } | null> {
  const [row] = await preparedRows<{ subsidyFen: number; personalFen: number }>(tx, 'SELECT subsidy_fen AS subsidyFen, personal_fen AS personalFen FROM meal_accounts WHERE user_id = ? FOR UPDATE', [userId])
  return row ?? null
}
