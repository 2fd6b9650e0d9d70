import type { Db, Tx } from '../../db/client'
import type { LedgerAccount } from '../../db/schema'
import type { JOURNAL_KINDS } from '../../db/schema/ledger'
import { movementsOf, postEntry, type Transfer } from './ledger.repo'

export type { Transfer } from './ledger.repo'

/** The double-entry journal as other modules use it: post balanced entries inside their transaction. */
export interface LedgerServiceDeps {
  db: Db
}

export interface Movement {
  id: number
  kind: string
  memo: string
  at: Date
  /** net change per account of the owner */
  byAccount: Partial<Record<LedgerAccount, number>>
}

export class LedgerService {
  constructor(private readonly deps: LedgerServiceDeps) {}

  /** The entries that moved an owner's accounts, newest first: `limit` entries before `beforeEntryId`. */
  async movements(ownerId: number, accounts: LedgerAccount[], beforeEntryId: number | undefined, limit: number): Promise<Movement[]> {
    const byEntry = new Map<number, Movement>()
    for (const row of await movementsOf(this.deps.db, ownerId, accounts, beforeEntryId, limit)) {
      const movement = byEntry.get(row.id) ?? { id: row.id, kind: row.kind, memo: row.memo, at: row.at, byAccount: {} }
      movement.byAccount[row.account] = row.fen
      byEntry.set(row.id, movement)
    }
    return [...byEntry.values()].slice(0, limit)
  }

  /** One balanced entry (see ledger.repo's postEntry); returns its id. */
  post(tx: Tx, kind: (typeof JOURNAL_KINDS)[number], memo: string, transfers: Transfer[]): Promise<number> {
    return postEntry(tx, kind, memo, transfers)
  }
}
