import { shanghaiDayStart, type AuditList, type AuditQuery, type Parsed } from '@egj/shared'
import type { Db, Tx } from '../../db/client'
import type { Actor } from '../../lib/auth'
import { AppError } from '../../lib/errors'
import { auditWorkbook, presentAuditList } from './audit.presenter'
import * as repo from './audit.repo'

export interface AuditServiceDeps {
  db: Db
}

/** Who made a change: a signed-in user from an address (`actorOf(user, ctx)` in the route), or null for the system. */
export type AuditActor = Pick<Actor, 'id' | 'name' | 'ip'>

/** One admin write to master data, as `record` takes it. */
export interface AuditChange {
  /** what was done: `<entity>.<verb>`, e.g. `unit.rename`, `user.roles`, `vehicle.update` */
  action: string
  entity: string
  entityId: number | string
  /** the changed fields before and after (only those); personal data masked, never in clear */
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
  reason?: string | null
}

const PAGE = 50
/** An export holds at most this many rows (newest first): a year of a busy centre's changes. */
const EXPORT_MAX = 50_000

/** The fields of `after` that differ from `before`, each side with only those: what the audit row shows. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const keys = Object.keys(after).filter((key) => after[key] !== undefined && JSON.stringify(after[key]) !== JSON.stringify(before[key]))
  if (!keys.length) return null
  return { before: Object.fromEntries(keys.map((key) => [key, before[key] ?? null])), after: Object.fromEntries(keys.map((key) => [key, after[key]])) }
}

/**
 * 修改留痕: every admin write to master data (units, people, roles, merchants, windows, cars,
 * drivers, rooms, the block list, thresholds) records who, when, from where, what before → after
 * and why — in the write's own transaction, so there is never a change without its row, nor a
 * row for a change that rolled back.
 */
export class AuditService {
  constructor(private readonly deps: AuditServiceDeps) {}

  /** Call inside the transaction that makes the change. `actor` null: the system (the seed, a job). */
  record(tx: Tx, actor: AuditActor | null, change: AuditChange): Promise<void> {
    return this.recordMany(tx, actor, [change])
  }

  /** Many changes by one actor (an import), in batched inserts. */
  async recordMany(tx: Tx, actor: AuditActor | null, changes: AuditChange[]): Promise<void> {
    await repo.insertAudit(
      tx,
      changes.map((change) => ({
        actorId: actor?.id ?? null,
        actorName: actor?.name.slice(0, 64) ?? '系统',
        ip: actor?.ip?.slice(0, 45) ?? null,
        action: change.action,
        entity: change.entity,
        entityId: String(change.entityId),
        before: change.before ?? null,
        after: change.after ?? null,
        reason: change.reason?.slice(0, 200) ?? null,
      })),
    )
  }

  async list(query: Parsed<typeof AuditQuery>): Promise<AuditList> {
    const rows = await repo.listAudit(this.deps.db, { ...this.filter(query), beforeId: query.cursor ? Number(query.cursor) : undefined }, PAGE + 1)
    return presentAuditList(rows, PAGE)
  }

  async workbook(query: Omit<Parsed<typeof AuditQuery>, 'cursor'>): Promise<Buffer> {
    return auditWorkbook(await repo.listAudit(this.deps.db, this.filter(query), EXPORT_MAX))
  }

  /** from / to are Beijing calendar days, both inclusive. */
  private filter(query: Omit<Parsed<typeof AuditQuery>, 'cursor'>): repo.AuditFilter {
    const from = query.from ? shanghaiDayStart(query.from) : undefined
    const to = query.to ? new Date(shanghaiDayStart(query.to).getTime() + 86_400_000) : undefined
    if (from && to && from >= to) throw new AppError('VALIDATION_FAILED', { in: 'query', issues: [{ path: 'to', message: '结束日期不能早于开始日期' }] })
    return { entity: query.entity || undefined, entityId: query.entityId || undefined, from, to }
  }
}
