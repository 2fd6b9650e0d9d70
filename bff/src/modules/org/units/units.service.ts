import type { AdminUnit, Parsed, UnitCreate, UnitUpdate } from '@egj/shared'
import { duplicateKeyName, isStillReferenced, withTransaction, type Db, type Tx } from '../../../db/client'
import { hasRole, type Actor, type AuthUser } from '../../../lib/auth'
import { AppError } from '../../../lib/errors'
import { changedFields, type AuditService } from '../../audit/audit.service'
import { auditedUnit, presentUnit } from './units.presenter'
import * as repo from './units.repo'

export interface UnitServiceDeps {
  db: Db
  audit: AuditService
}

/** The duplicate a unique index refused, as our code (a name or a 统一社会信用代码 taken). */
function duplicateOf(error: unknown): AppError | null {
  const key = duplicateKeyName(error)
  if (key === null) return null
  return new AppError(key.includes('credit_code') ? 'ORG_UNIT_CREDIT_CODE_TAKEN' : 'ORG_UNIT_NAME_TAKEN')
}

/** 单位: the unit tree. Never deleted: renamed, moved or deactivated, each change in the audit log. */
export class UnitService {
  constructor(private readonly deps: UnitServiceDeps) {}

  /** Admin: every unit; a 单位管理员: their own. */
  async list(user: AuthUser): Promise<AdminUnit[]> {
    const onlyId = hasRole(user, 'admin') ? undefined : (user.unit?.id ?? -1)
    return (await repo.listUnits(this.deps.db, onlyId)).map((row) => presentUnit(row, row.staffCount))
  }

  async create(actor: Actor, input: Parsed<typeof UnitCreate>): Promise<AdminUnit> {
    try {
      return await withTransaction(this.deps.db, async (tx) => {
        if (input.parentId !== undefined) await this.parentOf(tx, input.parentId)
        const row = { name: input.name, shortName: input.shortName || null, parentId: input.parentId ?? null, creditCode: input.creditCode ?? null, active: true }
        const id = await repo.insertUnit(tx, row)
        await this.deps.audit.record(tx, actor, { action: 'unit.create', entity: 'unit', entityId: id, before: null, after: auditedUnit(row) })
        return presentUnit({ ...row, id, createdAt: new Date() }, 0)
      })
    } catch (error) {
      throw duplicateOf(error) ?? error
    }
  }

  /** Rename, move, (de)activate: the unit keeps its id, so its people, money and history stay with it. */
  async update(actor: Actor, id: number, input: Parsed<typeof UnitUpdate>): Promise<AdminUnit> {
    try {
      return await withTransaction(this.deps.db, async (tx) => {
        const unit = await repo.lockUnit(tx, id)
        if (!unit) throw new AppError('NOT_FOUND')
        if (input.parentId !== undefined && input.parentId !== null && input.parentId !== unit.parentId) {
          await this.parentOf(tx, input.parentId)
          const parents = await repo.parents(tx)
          // walking up from the new parent must not reach the unit itself
          for (let at: number | null | undefined = input.parentId; at; at = parents.get(at)) if (at === id) throw new AppError('ORG_UNIT_CYCLE')
        }
        if (input.active === false && unit.active && (await repo.activeChildren(tx, id)) > 0) throw new AppError('ORG_UNIT_HAS_ACTIVE_CHILDREN')
        const next = {
          name: input.name ?? unit.name,
          shortName: input.shortName === undefined ? unit.shortName : input.shortName || null,
          parentId: input.parentId === undefined ? unit.parentId : input.parentId,
          creditCode: input.creditCode === undefined ? unit.creditCode : input.creditCode,
          active: input.active ?? unit.active,
        }
        const diff = changedFields(auditedUnit(unit), auditedUnit(next))
        if (diff) {
          await repo.updateUnit(tx, id, next)
          const action = Object.keys(diff.after).length === 1 && 'active' in diff.after ? (next.active ? 'unit.activate' : 'unit.deactivate') : 'name' in diff.after ? 'unit.rename' : 'parentId' in diff.after ? 'unit.move' : 'unit.update'
          await this.deps.audit.record(tx, actor, { action, entity: 'unit', entityId: id, ...diff, reason: input.reason ?? null })
        }
        return presentUnit({ ...unit, ...next }, await repo.activeStaff(tx, id))
      })
    } catch (error) {
      throw duplicateOf(error) ?? error
    }
  }

  /**
   * Deletes a unit made by mistake. One with sub-units, people (even former), money, bookings, cars
   * or visits is refused by its foreign keys — it can only be deactivated, so its history stays whole.
   */
  async remove(actor: Actor, id: number): Promise<void> {
    try {
      await withTransaction(this.deps.db, async (tx) => {
        const unit = await repo.lockUnit(tx, id)
        if (!unit) throw new AppError('NOT_FOUND')
        await this.deps.audit.record(tx, actor, { action: 'unit.delete', entity: 'unit', entityId: id, before: auditedUnit(unit), after: null })
        await repo.deleteUnit(tx, id)
      })
    } catch (error) {
      throw isStillReferenced(error) ? new AppError('ORG_UNIT_IN_USE') : error
    }
  }

  private async parentOf(tx: Tx, parentId: number) {
    const parent = await repo.unitById(tx, parentId)
    if (!parent) throw new AppError('NOT_FOUND', { parentId }, '上级单位不存在')
    if (!parent.active) throw new AppError('ORG_UNIT_INACTIVE', { parentId }, '上级单位已停用')
    return parent
  }
}
