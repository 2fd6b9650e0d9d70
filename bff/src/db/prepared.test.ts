import { sql } from 'drizzle-orm'
import { withTransaction } from './client'
import { preparedRows, preparedWrite } from './prepared'
import { startTestApp, type TestApp } from '../../test/harness'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('prepared statements', () => {
  it('read and write on the transaction’s own connection: a rollback undoes the prepared write', async () => {
    const [before] = await preparedRows<{ n: number }>(t.database.db, 'SELECT COUNT(*) AS n FROM units WHERE name = ?', ['预编译回滚单位'])
    await expect(
      withTransaction(t.database.db, async (tx) => {
        const result = await preparedWrite(tx, 'INSERT INTO units (name) VALUES (?)', ['预编译回滚单位'])
        expect(result.insertId).toBeGreaterThan(0)
        // visible inside the transaction through drizzle too: the same connection
        const inside = await tx.execute(sql`SELECT COUNT(*) AS n FROM units WHERE name = '预编译回滚单位'`)
        expect(Number((inside[0] as unknown as { n: number }[])[0].n)).toBe(Number(before.n) + 1)
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    const [after] = await preparedRows<{ n: number }>(t.database.db, 'SELECT COUNT(*) AS n FROM units WHERE name = ?', ['预编译回滚单位'])
    expect(Number(after.n)).toBe(Number(before.n))
  })
})
