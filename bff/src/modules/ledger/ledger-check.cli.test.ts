import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import mysql from 'mysql2/promise'
import { connectDatabase } from '../../db/client'
import { runMigrations } from '../../db/migrations'
import { seedDemo } from '../../db/seed/demo'
import { seedMealDemo } from '../../db/seed/meal-demo'
import { PiiVault } from '../../lib/pii'
import { testDatabaseUrl } from '../../../test/databases'

const run = promisify(execFile)
const tsx = path.resolve(__dirname, '../../../../node_modules/.bin/tsx')
const cli = path.resolve(__dirname, 'ledger-check.cli.ts')

/** `pnpm ledger:check` on a scratch database: clean after the demo seed, non-zero once a posting is off. */
describe('pnpm ledger:check', () => {
  const url = testDatabaseUrl(`${process.env.JEST_WORKER_ID ?? '1'}_ledger`)
  beforeAll(async () => {
    const server = new URL(url)
    const name = server.pathname.slice(1)
    server.pathname = '/'
    const admin = await mysql.createConnection({ uri: server.toString() })
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``)
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
    await admin.end()
    const database = connectDatabase(url, 2)
    await runMigrations(database)
    await seedDemo(database.db, new PiiVault('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'))
    await seedMealDemo(database.db)
    await database.close()
  }, 120_000) // migrations and two seeds on a fresh database: slow on a busy 2-core machine

  it('exits 0 on a clean ledger', async () => {
    const { stdout } = await run(tsx, [cli], { env: { ...process.env, DATABASE_URL: url } })
    expect(stdout).toContain('账务检查通过')
  })

  it('exits non-zero and names the rule when a balance drifts from its postings', async () => {
    const conn = await mysql.createConnection({ uri: url })
    await conn.query('UPDATE meal_accounts SET subsidy_fen = subsidy_fen + 1 LIMIT 1')
    await conn.end()
    await expect(run(tsx, [cli], { env: { ...process.env, DATABASE_URL: url } })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('饭卡补贴余额等于其过账之和') })
  })

  it('exits non-zero and names the diner and amounts when a 报餐 hold account holds money no booking holds', async () => {
    const conn = await mysql.createConnection({ uri: url })
    const [[diner]] = (await conn.query("SELECT user_id FROM meal_accounts ORDER BY user_id LIMIT 1")) as unknown as [{ user_id: number }[]]
    const [entry] = (await conn.query("INSERT INTO journal_entries (kind, memo) VALUES ('meal_hold', '凭空预扣')")) as unknown as [{ insertId: number }]
    await conn.query("INSERT INTO postings (entry_id, account, owner_id, amount_fen) VALUES (?, 'wechat_clearing', 0, -700), (?, 'meal_hold', ?, 700)", [entry.insertId, entry.insertId, diner.user_id])
    await conn.end()
    await expect(run(tsx, [cli], { env: { ...process.env, DATABASE_URL: url } })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`报餐预扣余额等于其未取餐的预扣报餐之和 (meal_hold balance equals the live hold bookings): 用户 ${diner.user_id}：预扣账户余额 700 分，未取餐的预扣报餐合计 0 分`),
    })
  })
})
