import path from 'node:path'
import fs from 'node:fs'
import { migrate } from 'drizzle-orm/mysql2/migrator'
import type { Database } from './client'

/** bff/ — the nearest folder with a package.json, from the sources (bff/src/db) and the build (bff/dist) alike. */
function packageFolder(dir: string): string {
  return fs.existsSync(path.join(dir, 'package.json')) ? dir : packageFolder(path.dirname(dir))
}

export const MIGRATIONS_FOLDER = path.join(packageFolder(__dirname), 'drizzle')

interface Journal {
  entries: { tag: string; when: number }[]
}

function journal(): Journal {
  return JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'))
}

export async function runMigrations(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER })
}

/**
 * Compares the database's applied migrations with the ones this build ships.
 * 'behind': run `pnpm db:migrate`; 'ahead': the database was migrated by a newer build.
 */
export async function schemaStatus(database: Database): Promise<'current' | 'behind' | 'ahead'> {
  const known = journal().entries
  let applied = 0
  let lastAppliedAt = 0
  try {
    const [rows] = await database.pool.query('SELECT COUNT(*) AS n, MAX(created_at) AS last FROM `__drizzle_migrations`')
    const row = (rows as { n: number; last: string | number | null }[])[0]
    applied = Number(row.n)
    lastAppliedAt = Number(row.last ?? 0)
  } catch {
    return 'behind'
  }
  const lastKnown = known.length ? known[known.length - 1].when : 0
  if (applied > known.length || lastAppliedAt > lastKnown) return 'ahead'
  return applied === known.length ? 'current' : 'behind'
}
