import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { visits } from '../../../db/schema'
import { completeViews, viewQuery, type VisitView } from '../common/visit-row.repo'

/** The visit an invitation link stands for, by the sha256 of its token. */
export async function findByInviteHash(db: DbOrTx, tokenHash: string): Promise<VisitView | null> {
  const rows = await viewQuery(db).where(eq(visits.inviteTokenHash, tokenHash))
  return (await completeViews(db, rows))[0] ?? null
}
