import { bigint, datetime } from 'drizzle-orm/mysql-core'

/** Surrogate keys: unsigned BIGINT, read as JS numbers (safe far beyond any city's volume). */
export const id = () => bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey()
export const ref = (name: string) => bigint(name, { mode: 'number', unsigned: true })
/** Times are stored UTC with millisecond precision. */
export const ts = (name: string) => datetime(name, { mode: 'date', fsp: 3 })
