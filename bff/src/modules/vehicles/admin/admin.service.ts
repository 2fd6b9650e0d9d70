import { shanghaiDayStart, type DriverCreate, type Parsed, type VehicleCreate, type VehicleReportListQuery, type VehicleStats, type VehicleUpdate } from '@egj/shared'
import type { z } from 'zod'
import type { DriverAdmin, VehicleAdmin, VehicleReport, VehicleReportList } from '@egj/shared'
import type { Db } from '../../../db/client'
import { isDuplicateKey, withTransaction } from '../../../db/client'
import type { Actor, AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { QrSigner } from '../../../lib/qr'
import { qrCodePng } from '../../../lib/qr-sheet.presenter'
import { changedFields, type AuditService } from '../../audit/audit.service'
import { presentDriver, presentQrSheet, presentReport, presentStats, presentVehicle, statsWorkbook } from './admin.presenter'
import * as repo from './admin.repo'

function monthRange(month: string): [Date, Date] {
  const [year, m] = month.split('-').map(Number)
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return [shanghaiDayStart(`${month}-01`), shanghaiDayStart(`${next}-01`)]
}

const noSuchUnit = () => new AppError('VALIDATION_FAILED', { in: 'body', issues: [{ path: 'unitId', message: '所属单位不存在' }] }, '所属单位不存在')

export interface VehicleAdminServiceDeps {
  db: Db
  qr: QrSigner
  chargePerKmFen: number
  /** 修改留痕: each change to a car or a driver records its audit row in its own transaction */
  audit: AuditService
}

/** What the audit row shows of a car. */
const vehicleFields = (v: { plateNo: string; type: string; seats: number; energy: string; unitId: number | null; status: string }) => ({
  plateNo: v.plateNo,
  type: v.type,
  seats: v.seats,
  energy: v.energy,
  unitId: v.unitId,
  status: v.status,
})

/** Cars, drivers, printed codes, the 公车私用 queue and monthly statistics. */
export class VehicleAdminService {
  constructor(private readonly deps: VehicleAdminServiceDeps) {}

  private readonly codes = { url: (id: number) => this.deps.qr.url('v', id), short: (id: number) => this.deps.qr.shortCode('v', id) }

  async vehicles(): Promise<z.infer<typeof VehicleAdmin>[]> {
    return (await repo.listVehicles(this.deps.db)).map((row) => presentVehicle(row, this.codes))
  }

  async vehicle(id: number): Promise<z.infer<typeof VehicleAdmin>> {
    const row = await repo.findVehicle(this.deps.db, id)
    if (!row) throw notFound('车辆')
    return presentVehicle(row, this.codes)
  }

  async createVehicle(actor: Actor, input: Parsed<typeof VehicleCreate>): Promise<z.infer<typeof VehicleAdmin>> {
    try {
      const id = await withTransaction(this.deps.db, async (tx) => {
        if (!(await repo.unitExists(tx, input.unitId))) throw noSuchUnit()
        const id = await repo.insertVehicle(tx, input)
        await this.deps.audit.record(tx, actor, { action: 'vehicle.create', entity: 'vehicle', entityId: id, after: { ...vehicleFields({ ...input, status: 'active' }), lastOdometerKm: input.lastOdometerKm } })
        return id
      })
      return await this.vehicle(id)
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('VEHICLE_PLATE_EXISTS', { plateNo: input.plateNo })
      throw error
    }
  }

  /** 车型、座位、能源、所属单位、状态; only what changed is written and recorded. */
  async updateVehicle(actor: Actor, id: number, { reason, ...input }: Parsed<typeof VehicleUpdate>): Promise<z.infer<typeof VehicleAdmin>> {
    await withTransaction(this.deps.db, async (tx) => {
      const vehicle = await repo.lockVehicle(tx, id)
      if (!vehicle) throw notFound('车辆')
      if (input.unitId !== undefined && !(await repo.unitExists(tx, input.unitId))) throw noSuchUnit()
      const change = changedFields(vehicleFields(vehicle), input)
      if (!change) return
      await repo.updateVehicle(tx, id, input)
      await this.deps.audit.record(tx, actor, { action: 'vehicle.update', entity: 'vehicle', entityId: id, ...change, reason })
    })
    return this.vehicle(id)
  }

  async vehicleQrPng(id: number): Promise<Buffer> {
    if (!(await repo.findVehicle(this.deps.db, id))) throw notFound('车辆')
    return qrCodePng(this.codes.url(id))
  }

  /** Every car not retired, to print and stick on the windscreen. */
  async qrSheet(): Promise<string> {
    return presentQrSheet((await this.vehicles()).filter((car) => car.status !== 'retired'))
  }

  async drivers(): Promise<z.infer<typeof DriverAdmin>[]> {
    return (await repo.listDrivers(this.deps.db)).map(presentDriver)
  }

  private async driver(id: number): Promise<z.infer<typeof DriverAdmin>> {
    const row = await repo.findDriver(this.deps.db, id)
    if (!row) throw notFound('驾驶员')
    return presentDriver(row)
  }

  async createDriver(actor: Actor, input: Parsed<typeof DriverCreate>): Promise<z.infer<typeof DriverAdmin>> {
    try {
      const id = await withTransaction(this.deps.db, async (tx) => {
        if (!(await repo.userExists(tx, input.userId))) throw new AppError('VALIDATION_FAILED', { in: 'body', issues: [{ path: 'userId', message: '该人员不存在' }] }, '该人员不存在')
        const id = await repo.insertDriver(tx, input)
        const driver = (await repo.findDriver(tx, id))!
        await this.deps.audit.record(tx, actor, { action: 'driver.create', entity: 'driver', entityId: id, after: { userId: driver.userId, name: driver.name, onDuty: driver.onDuty } })
        return id
      })
      return await this.driver(id)
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('DRIVER_EXISTS')
      throw error
    }
  }

  async updateDriver(actor: Actor, id: number, onDuty: boolean, reason?: string): Promise<z.infer<typeof DriverAdmin>> {
    await withTransaction(this.deps.db, async (tx) => {
      const driver = await repo.lockDriver(tx, id)
      if (!driver) throw notFound('驾驶员')
      const change = changedFields({ onDuty: driver.onDuty }, { onDuty })
      if (!change) return
      await repo.updateDriver(tx, id, onDuty)
      await this.deps.audit.record(tx, actor, { action: 'driver.update', entity: 'driver', entityId: id, ...change, reason })
    })
    return this.driver(id)
  }

  async reports(query: Parsed<typeof VehicleReportListQuery>): Promise<z.infer<typeof VehicleReportList>> {
    const rows = await repo.listReports(this.deps.db, query.status, query.cursor ? Number(query.cursor) : undefined, query.limit + 1)
    const page = rows.slice(0, query.limit)
    return { items: page.map(presentReport), nextCursor: rows.length > query.limit ? String(page[page.length - 1].report.id) : null }
  }

  async reportPhoto(id: number): Promise<{ bytes: Buffer; type: string }> {
    const row = await repo.findReportPhoto(this.deps.db, id)
    if (!row?.photo) throw notFound('照片')
    return { bytes: row.photo, type: row.photoType ?? 'image/jpeg' }
  }

  async resolveReport(user: AuthUser, id: number, note: string): Promise<z.infer<typeof VehicleReport>> {
    if (!(await repo.findReport(this.deps.db, id))) throw notFound('反映')
    if (!(await repo.resolveReport(this.deps.db, id, user.id, note))) throw new AppError('VEHICLE_REPORT_RESOLVED')
    const row = await repo.findReport(this.deps.db, id)
    return presentReport(row!)
  }

  async stats(month: string): Promise<VehicleStats> {
    const [start, end] = monthRange(month)
    return presentStats(month, this.deps.chargePerKmFen, await repo.finishedTrips(this.deps.db, start, end))
  }

  async statsXlsx(month: string): Promise<Buffer> {
    return statsWorkbook(await this.stats(month))
  }
}
