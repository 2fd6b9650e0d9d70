import { getTableColumns, getTableName, sql } from 'drizzle-orm'
import type { MySqlTable } from 'drizzle-orm/mysql-core'
import { format, type SqlValue } from 'mysql2'
import type { DbOrTx } from './client'

/** What `format` writes for a key a row leaves out: the column's default, as drizzle's insert does. */
const DEFAULT = { toSqlString: () => 'DEFAULT' }

/**
 * A multi-row INSERT of many rows, `chunk` rows a statement. drizzle's builder spends about 0.3 ms
 * of CPU per row of 6–9 columns (10,000 imported people with their roles and audit rows took 4 s
 * of the import's 7); here each value goes through its column's own mapping (JSON, dates) and is
 * escaped by mysql2's `format` — what mysql2 does with the parameters of every drizzle query.
 */
export async function insertMany<T extends MySqlTable>(db: DbOrTx, table: T, rows: T['$inferInsert'][], chunk = 1000): Promise<void> {
  if (!rows.length) return
  const columns = getTableColumns(table) as Record<string, { name: string; mapToDriverValue(value: unknown): unknown }>
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((key) => key in columns)
  const head = `INSERT INTO \`${getTableName(table)}\` (${keys.map((key) => `\`${columns[key].name}\``).join(', ')}) VALUES ?`
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map((row) =>
      keys.map((key): SqlValue => {
        const value = (row as Record<string, unknown>)[key]
        return value === undefined ? DEFAULT : value === null ? null : (columns[key].mapToDriverValue(value) as SqlValue)
      }),
    )
    await db.execute(sql.raw(format(head, [values], false, 'Z')))
  }
}

/**
 * Many rows of one table updated by id, `chunk` rows a statement: `SET col = CASE id WHEN … THEN …
 * ELSE col END` for each column some row sets (a row that does not set a column keeps it). Unique
 * indexes are checked row by row as for single UPDATEs.
 */
export async function updateMany<T extends MySqlTable>(db: DbOrTx, table: T, rows: { id: number; set: Partial<T['$inferInsert']> }[], chunk = 500): Promise<void> {
  const columns = getTableColumns(table) as Record<string, { name: string; mapToDriverValue(value: unknown): unknown }>
  const id = columns.id.name
  for (let i = 0; i < rows.length; i += chunk) {
    const batch = rows.slice(i, i + chunk)
    const keys = [...new Set(batch.flatMap((row) => Object.keys(row.set)))].filter((key) => key in columns && key !== 'id')
    const assignments = keys.map((key) => {
      const setting = batch.filter((row) => (row.set as Record<string, unknown>)[key] !== undefined)
      const value = (row: (typeof batch)[number]) => {
        const raw = (row.set as Record<string, unknown>)[key]
        return raw === null ? null : (columns[key].mapToDriverValue(raw) as SqlValue)
      }
      return format(`?? = CASE ?? ${setting.map(() => 'WHEN ? THEN ?').join(' ')} ELSE ?? END`, [columns[key].name, id, ...setting.flatMap((row) => [row.id, value(row)]), columns[key].name], false, 'Z')
    })
    if (!assignments.length) continue
    await db.execute(sql.raw(`${format('UPDATE ?? SET ', [getTableName(table)])}${assignments.join(', ')}${format(' WHERE ?? IN (?)', [id, batch.map((row) => row.id)])}`))
  }
}
