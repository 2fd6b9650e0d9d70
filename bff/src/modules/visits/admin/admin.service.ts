import type { Blocklist, BlocklistEntry, BlocklistEntryCreate, Ok, Parsed, PiiAuditList, VisitStats } from '@egj/shared'
import { maskIdNumber, normaliseIdNumber, shanghaiDayStart } from '@egj/shared'
import type { Db } from '../../../db/client'
import { isDuplicateKey, withTransaction } from '../../../db/client'
import type { Actor } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { PiiVault } from '../../../lib/pii'
import type { AuditService } from '../../audit/audit.service'
import { idNumberIndex } from '../common/visit-rules'
import { presentBlocklistEntry, presentPiiAudit, presentStats, statsWorkbook } from './admin.presenter'
import * as repo from './admin.repo'

export interface VisitAdminServiceDeps {
  db: Db
  pii: PiiVault
  /** 修改留痕: adding to and removing from the block list record their audit rows in their own transaction */
  audit: AuditService
}

/** What the audit row shows of a block-list entry: the ID number masked, never in clear. */
const blocklistFields = (entry: { idType: string; idNumberMasked: string; name: string | null; reason: string }) => ({
  idType: entry.idType,
  idNumberMasked: entry.idNumberMasked,
  name: entry.name,
  reason: entry.reason,
})

/** "2026-05" → the Asia/Shanghai month as [from, to). */
function monthRange(month: string): { from: Date; to: Date } {
  const [year, m] = month.split('-').map(Number)
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return { from: shanghaiDayStart(`${month}-01`), to: shanghaiDayStart(`${next}-01`) }
}

/** Admin: the block list, who looked at personal data, and the monthly statistics. */
export class VisitAdminService {
  constructor(private readonly deps: VisitAdminServiceDeps) {}

  async blocklist(): Promise<Parsed<typeof Blocklist>> {
    return { items: (await repo.listBlocklist(this.deps.db)).map(presentBlocklistEntry) }
  }

  /** Listed by the number's blind index and mask only: the list itself holds no ID number. */
  async block(actor: Actor, input: Parsed<typeof BlocklistEntryCreate>): Promise<Parsed<typeof BlocklistEntry>> {
    const { db, pii } = this.deps
    const idNumber = normaliseIdNumber(input.idNumber)
    try {
      // read back inside the transaction: an unblock of the new id (another admin, a retry) can
      // commit between two statements, and the answer would be of a row that is gone
      const entry = await withTransaction(db, async (tx) => {
        const id = await repo.insertBlocklistEntry(tx, {
          idType: input.idType,
          idNumberHash: idNumberIndex(pii, idNumber),
          idNumberMasked: maskIdNumber(idNumber),
          name: input.name || null,
          reason: input.reason,
          createdByUserId: actor.id,
        })
        const entry = (await repo.findBlocklistEntry(tx, id))!
        await this.deps.audit.record(tx, actor, { action: 'blocklist.add', entity: 'blocklist', entityId: id, after: blocklistFields(entry), reason: input.reason })
        return entry
      })
      return presentBlocklistEntry(entry)
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('VISIT_BLOCKLIST_EXISTS')
      throw error
    }
  }

  async unblock(actor: Actor, id: number): Promise<Ok> {
    await withTransaction(this.deps.db, async (tx) => {
      const entry = await repo.lockBlocklistEntry(tx, id)
      if (!entry) throw notFound('黑名单记录')
      await repo.deleteBlocklistEntry(tx, id)
      await this.deps.audit.record(tx, actor, { action: 'blocklist.remove', entity: 'blocklist', entityId: id, before: blocklistFields(entry) })
    })
    return { ok: true }
  }

  async piiAudit(cursor: string | undefined, limit: number): Promise<Parsed<typeof PiiAuditList>> {
    return presentPiiAudit(await repo.listPiiAccess(this.deps.db, cursor ? Number(cursor) : undefined, limit + 1), limit)
  }

  async stats(month: string): Promise<VisitStats> {
    const { db } = this.deps
    const { from, to } = monthRange(month)
    const [totals, byUnit, byHour] = await Promise.all([repo.monthTotals(db, from, to), repo.monthByUnit(db, from, to), repo.monthCheckInsByHour(db, from, to)])
    return presentStats(month, totals, byUnit, byHour)
  }

  async statsWorkbook(month: string): Promise<Buffer> {
    return statsWorkbook(await this.stats(month))
  }
}
