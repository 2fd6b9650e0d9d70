import type { Parsed, RepairFirm, RepairFirmCreate, RepairFirmUpdate } from '@egj/shared'
import { duplicateKeyName, withTransaction, type Db, type DbOrTx } from '../../../db/client'
import type { Actor } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { PiiVault } from '../../../lib/pii'
import { changedFields, type AuditService } from '../../audit/audit.service'
import { auditedFirm, normaliseCategories, presentFirm, type FirmFields } from './firms.presenter'
import * as repo from './firms.repo'

export interface TicketFirmServiceDeps {
  db: Db
  /** the contact mobile is sealed at rest */
  pii: PiiVault
  /** 修改留痕: each change to a firm records its audit row in its own transaction */
  audit: AuditService
}

function duplicateOf(error: unknown): AppError | null {
  return duplicateKeyName(error) === null ? null : new AppError('REPAIR_FIRM_DUPLICATE')
}

/**
 * 定点维修单位: the firms the centre has contracts with, told of their tickets by SMS with a
 * signed link. The contact mobile is sealed (PiiVault) and shown masked; never deleted
 * (tickets name them): deactivated, each change in the audit log with the mobile masked.
 */
export class TicketFirmService {
  constructor(private readonly deps: TicketFirmServiceDeps) {}

  private mobileOf(sealed: string): string | null {
    return this.deps.pii.openOrNull(sealed)
  }

  async list(): Promise<RepairFirm[]> {
    return (await repo.listFirms(this.deps.db)).map((row) => presentFirm(row, this.mobileOf(row.contactMobile)))
  }

  async get(id: number): Promise<RepairFirm> {
    const row = await repo.findFirm(this.deps.db, id)
    if (!row) throw notFound('定点维修单位')
    return presentFirm(row, this.mobileOf(row.contactMobile))
  }

  /** The firm's name and contact mobile in clear, for the SMS that carries a ticket's link (null: no such firm). */
  async contactOf(db: DbOrTx, id: number): Promise<{ name: string; contactName: string; mobile: string | null; active: boolean } | null> {
    const row = await repo.findFirm(db, id)
    return row ? { name: row.name, contactName: row.contactName, mobile: this.mobileOf(row.contactMobile), active: row.active } : null
  }

  async create(actor: Actor, input: Parsed<typeof RepairFirmCreate>): Promise<RepairFirm> {
    try {
      const id = await withTransaction(this.deps.db, async (tx) => {
        const fields: FirmFields = { name: input.name, contactName: input.contactName, contactMobile: input.contactMobile, categories: normaliseCategories(input.categories), active: true }
        const id = await repo.insertFirm(tx, { ...fields, contactMobile: this.deps.pii.seal(input.contactMobile) })
        await this.deps.audit.record(tx, actor, { action: 'repair_firm.create', entity: 'repair_firm', entityId: id, before: null, after: auditedFirm(fields) })
        return id
      })
      return await this.get(id)
    } catch (error) {
      throw duplicateOf(error) ?? error
    }
  }

  /** Only what changed is written and recorded, with the reason given; the mobile is compared in clear and recorded masked. */
  async update(actor: Actor, id: number, { reason, ...input }: Parsed<typeof RepairFirmUpdate>): Promise<RepairFirm> {
    try {
      await withTransaction(this.deps.db, async (tx) => {
        const row = await repo.lockFirm(tx, id)
        if (!row) throw notFound('定点维修单位')
        const before: FirmFields = { name: row.name, contactName: row.contactName, contactMobile: this.mobileOf(row.contactMobile), categories: normaliseCategories(row.categories), active: row.active }
        const after: Partial<FirmFields> = { ...input, categories: input.categories ? normaliseCategories(input.categories) : undefined }
        const change = changedFields({ ...before }, { ...after })
        if (!change) return
        const values = change.after as Partial<FirmFields>
        await repo.updateFirm(tx, id, { ...values, contactMobile: values.contactMobile ? this.deps.pii.seal(values.contactMobile) : undefined })
        await this.deps.audit.record(tx, actor, { action: 'repair_firm.update', entity: 'repair_firm', entityId: id, before: auditedFirm(change.before as Partial<FirmFields>), after: auditedFirm(values), reason: reason ?? null })
      })
    } catch (error) {
      throw duplicateOf(error) ?? error
    }
    return this.get(id)
  }
}
