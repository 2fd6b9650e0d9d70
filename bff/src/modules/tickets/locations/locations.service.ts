import type { Location, LocationCreate, LocationListQuery, LocationQrSheetQuery, LocationUpdate, Parsed } from '@egj/shared'
import { duplicateKeyName, withTransaction, type Db } from '../../../db/client'
import type { Actor } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { QrSigner } from '../../../lib/qr'
import { changedFields, type AuditService } from '../../audit/audit.service'
import { auditedLocation, presentLocation, presentLocationSheet, type LocationCodes } from './locations.presenter'
import * as repo from './locations.repo'

export interface TicketLocationServiceDeps {
  db: Db
  qr: QrSigner
  /** 修改留痕: each change to a location records its audit row in its own transaction */
  audit: AuditService
}

/** The same building, floor and spot twice (the unique index said so), as our code. */
function duplicateOf(error: unknown): AppError | null {
  return duplicateKeyName(error) === null ? null : new AppError('LOCATION_DUPLICATE')
}

/**
 * 报修地点: building / floor / spot, each with a printed location code (`/q/l/<token>`, kind `l`)
 * that opens the report page. Never deleted (tickets name them): renamed or deactivated, each
 * change in the audit log.
 */
export class TicketLocationService {
  constructor(private readonly deps: TicketLocationServiceDeps) {}

  private readonly codes: LocationCodes = { url: (id) => this.deps.qr.url('l', id), short: (id) => this.deps.qr.shortCode('l', id) }

  async list(query: Parsed<typeof LocationListQuery>): Promise<Location[]> {
    const rows = await repo.listLocations(this.deps.db, { building: query.building, includeInactive: query.includeInactive === '1' })
    return rows.map((row) => presentLocation(row, this.codes))
  }

  async get(id: number): Promise<Location> {
    const row = await repo.findLocation(this.deps.db, id)
    if (!row) throw notFound('报修地点')
    return presentLocation(row, this.codes)
  }

  async create(actor: Actor, input: Parsed<typeof LocationCreate>): Promise<Location> {
    try {
      const id = await withTransaction(this.deps.db, async (tx) => {
        const values = { building: input.building, floor: input.floor, spot: input.spot, active: true }
        const id = await repo.insertLocation(tx, values)
        await this.deps.audit.record(tx, actor, { action: 'location.create', entity: 'location', entityId: id, before: null, after: auditedLocation(values) })
        return id
      })
      return await this.get(id)
    } catch (error) {
      throw duplicateOf(error) ?? error
    }
  }

  /** Renaming or deactivating: only what changed is written and recorded (nothing changed, nothing written). */
  async update(actor: Actor, id: number, input: Parsed<typeof LocationUpdate>): Promise<Location> {
    try {
      await withTransaction(this.deps.db, async (tx) => {
        const row = await repo.lockLocation(tx, id)
        if (!row) throw notFound('报修地点')
        const change = changedFields(auditedLocation(row), input)
        if (!change) return
        await repo.updateLocation(tx, id, change.after)
        await this.deps.audit.record(tx, actor, { action: 'location.update', entity: 'location', entityId: id, ...change })
      })
    } catch (error) {
      throw duplicateOf(error) ?? error
    }
    return this.get(id)
  }

  /**
   * The A4 label sheet: the locations named (an id that does not exist is 404), else every active
   * location, of one building if given.
   */
  async qrSheet(query: Parsed<typeof LocationQrSheetQuery>): Promise<string> {
    const ids = query.ids ? [...new Set(query.ids.split(',').map(Number))] : undefined
    const rows = await repo.listLocations(this.deps.db, { building: query.building, includeInactive: !!ids, ids })
    if (ids && rows.length !== ids.length) throw notFound('报修地点')
    return presentLocationSheet(rows.map((row) => presentLocation(row, this.codes)))
  }
}
