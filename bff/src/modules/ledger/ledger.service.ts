import type { Tx } from '../../db/client'
import type { JOURNAL_KINDS } from '../../db/schema/ledger'
import { postEntry, type Transfer } from './ledger.repo'

export type { Transfer } from './ledger.repo'

/** The double-entry journal as other modules use it: post balanced entries inside their transaction. */
export class LedgerService {
  /** One balanced entry (see ledger.repo's postEntry); returns its id. */
  post(tx: Tx, kind: (typeof JOURNAL_KINDS)[number], memo: string, transfers: Transfer[]): Promise<number> {
    return postEntry(tx, kind, memo, transfers)
  }
}
