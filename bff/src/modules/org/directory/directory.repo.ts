import { and, desc, eq } from 'drizzle-orm'
import type { Database, DbOrTx, Tx } from '../../../db/client'
import { directorySyncs } from '../../../db/schema'

export type DirectorySyncRow = typeof directorySyncs.$inferSelect

/**
 * Starts a run: inserts its `running` row unless one is running already; null when one is (or the
 * claim could not be had in 10 s). MySQL has no partial unique index to say "one running row", and
 * a NOT EXISTS insert is only serialised by gap locks (not under READ COMMITTED), so the check and
 * the insert run under a named lock on one connection, each statement committed before the lock
 * is let go: a second admin's click waits a few milliseconds, then sees the first run's row.
 * A `running` row older than `staleBefore` is from an instance that died mid-run: it is failed first.
 */
export async function claimRun(database: Database, ranBy: number | null, staleBefore: Date, staleError: string): Promise<number | null> {
  const conn = await database.pool.getConnection()
  try {
    // GET_LOCK is server-wide: the name carries the database's, so two databases on one server (the test workers) do not wait for each other
    const [locked] = await conn.query("SELECT GET_LOCK(CONCAT(DATABASE(), '.directory-sync'), 10) AS got")
    if ((locked as { got: number | null }[])[0]?.got !== 1) return null
    try {
      await conn.execute("UPDATE directory_syncs SET status = 'failed', error = ? WHERE status = 'running' AND ran_at < ?", [staleError, staleBefore])
      const [running] = await conn.query("SELECT id FROM directory_syncs WHERE status = 'running' LIMIT 1")
      if ((running as unknown[]).length) return null
      const [inserted] = await conn.execute("INSERT INTO directory_syncs (status, ran_by) VALUES ('running', ?)", [ranBy])
      return (inserted as { insertId: number }).insertId
    } finally {
      await conn.query("SELECT RELEASE_LOCK(CONCAT(DATABASE(), '.directory-sync'))")
    }
  } finally {
    conn.release()
  }
}

/** Ends a run with its diff or its error; false when it was no longer running (failed as stale meanwhile). */
export async function finishRun(db: DbOrTx, id: number, outcome: { status: 'ready' | 'failed'; error: string | null; diff: Record<string, unknown> | null }): Promise<boolean> {
  const [result] = await db
    .update(directorySyncs)
    .set(outcome)
    .where(and(eq(directorySyncs.id, id), eq(directorySyncs.status, 'running')))
  return result.affectedRows === 1
}

export async function runById(db: DbOrTx, id: number): Promise<DirectorySyncRow | null> {
  const [row] = await db.select().from(directorySyncs).where(eq(directorySyncs.id, id))
  return row ?? null
}

export async function latestRun(db: DbOrTx): Promise<DirectorySyncRow | null> {
  const [row] = await db.select().from(directorySyncs).orderBy(desc(directorySyncs.id)).limit(1)
  return row ?? null
}

/** The latest run, locked: an apply holds it until it commits (a second apply waits, then finds it applied). */
export async function lockLatestRun(tx: Tx): Promise<DirectorySyncRow | null> {
  const [row] = await tx.select().from(directorySyncs).orderBy(desc(directorySyncs.id)).limit(1).for('update')
  return row ?? null
}

export async function markApplied(tx: Tx, id: number, appliedBy: number | null, appliedAt: Date, diff: Record<string, unknown>): Promise<void> {
  await tx.update(directorySyncs).set({ status: 'applied', appliedBy, appliedAt, diff }).where(eq(directorySyncs.id, id))
}
