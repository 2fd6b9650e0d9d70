import type ExcelJS from 'exceljs'
import { formatMoney, VEHICLE_ENERGY_LABELS, VEHICLE_TYPE_LABELS, type VehicleStats } from '@egj/shared'
import type { z } from 'zod'
import type { DriverAdmin, VehicleAdmin, VehicleReport } from '@egj/shared'
import { qrLabelSheet } from '../../../lib/qr-sheet.presenter'
import { newWorkbook, workbookBuffer } from '../../../lib/xlsx'
import type { DriverRow, FinishedTripRow, ReportRow, VehicleRow } from './admin.repo'

const iso = (at: Date | null) => (at ? at.toISOString() : null)

export interface VehicleCodes {
  url: (vehicleId: number) => string
  short: (vehicleId: number) => string
}

export function presentVehicle(row: VehicleRow, codes: VehicleCodes): z.infer<typeof VehicleAdmin> {
  const v = row.vehicle
  return {
    id: v.id,
    plateNo: v.plateNo,
    type: v.type,
    seats: v.seats,
    energy: v.energy,
    status: v.status,
    unitId: v.unitId,
    unitName: row.unitName,
    lastOdometerKm: v.lastOdometerKm,
    code: codes.url(v.id),
    shortCode: codes.short(v.id),
  }
}

export function presentDriver(row: DriverRow): z.infer<typeof DriverAdmin> {
  return { id: row.id, userId: row.userId, name: row.name, unitName: row.unitName, onDuty: row.onDuty }
}

export function presentReport(row: ReportRow): z.infer<typeof VehicleReport> {
  const r = row.report
  return {
    id: r.id,
    vehicle: { id: row.vehicle.id, plateNo: row.vehicle.plateNo, unitName: row.unitName },
    text: r.text,
    hasPhoto: !!Number(row.hasPhoto),
    lat: r.lat === null ? null : Number(r.lat),
    lng: r.lng === null ? null : Number(r.lng),
    taskAtReport: r.taskAtReport,
    status: r.status,
    resolvedBy: row.resolvedBy,
    resolutionNote: r.resolutionNote,
    resolvedAt: iso(r.resolvedAt),
    createdAt: r.createdAt.toISOString(),
  }
}

/** A printable A4 sheet: each car's code with its plate, unit and the short code to type by hand. */
export function presentQrSheet(cars: z.infer<typeof VehicleAdmin>[]): Promise<string> {
  return qrLabelSheet({
    title: '一车一码 车辆二维码',
    heading: '公务用车 · 一车一码',
    hint: '扫码查看本车是否正在执行公务；发现公车私用可一键反映。驾驶员用 e管家 扫码出车、收车',
    empty: '没有在用的车辆',
    labels: cars.map((car) => ({ url: car.code, title: car.plateNo, subtitle: `${car.unitName ?? ''} · ${VEHICLE_TYPE_LABELS[car.type]}`, shortCode: car.shortCode })),
  })
}

const costOf = (t: FinishedTripRow) => t.tollFen + t.parkingFen + t.fuelFen
const round1 = (n: number) => Math.round(n * 10) / 10

/** Sums trips into rows keyed by `keyOf`, in first-seen order. */
function groupBy<K, R extends { tasks: number; km: number; costFen: number }>(trips: FinishedTripRow[], keyOf: (t: FinishedTripRow) => K, start: (t: FinishedTripRow) => R, add: (row: R, t: FinishedTripRow) => void = () => {}): R[] {
  const rows = new Map<K, R>()
  for (const trip of trips) {
    const key = keyOf(trip)
    let row = rows.get(key)
    if (!row) rows.set(key, (row = start(trip)))
    row.tasks += 1
    row.km += trip.distanceKm
    row.costFen += costOf(trip)
    add(row, trip)
  }
  return [...rows.values()]
}

/**
 * The month's finished trips summed per car, per driver and per requesting unit. costFen is what
 * was paid out (tolls, parking, fuel/charging); chargeFen is what the unit is charged back
 * (distance × rate + those costs, fixed on each trip at its finish).
 */
export function presentStats(month: string, chargePerKmFen: number, trips: FinishedTripRow[]): VehicleStats {
  const byVehicle = groupBy(
    trips,
    (t) => t.vehicleId,
    (t) => ({ vehicleId: t.vehicleId, plateNo: t.plateNo, energy: t.energy, tasks: 0, km: 0, costFen: 0, per100Km: null as number | null, readingKm: 0, readingSum: 0 }),
    (row, t) => {
      // litres for fuel cars, kWh for electric ones; only trips with a reading count towards the rate
      const reading = t.energy === 'electric' ? t.energyKwh : t.fuelLitres
      if (reading === null || reading === undefined) return
      row.readingSum += Number(reading)
      row.readingKm += t.distanceKm
    },
  ).map(({ readingKm, readingSum, ...row }) => ({ ...row, per100Km: readingKm > 0 ? round1((readingSum / readingKm) * 100) : null }))
  const byDriver = groupBy(trips, (t) => t.driverId, (t) => ({ driverId: t.driverId, name: t.driverName, tasks: 0, km: 0, costFen: 0 }))
  const byUnit = groupBy(
    trips,
    (t) => t.unitId,
    (t) => ({ unitId: t.unitId, unitName: t.unitName ?? '（无单位）', tasks: 0, km: 0, costFen: 0, chargeFen: 0 }),
    (row, t) => {
      row.chargeFen += t.chargeFen ?? 0
    },
  )
  return {
    month,
    chargePerKmFen,
    totals: { tasks: trips.length, km: trips.reduce((s, t) => s + t.distanceKm, 0), costFen: trips.reduce((s, t) => s + costOf(t), 0) },
    byVehicle,
    byDriver,
    byUnit,
  }
}

const yuan = (fen: number) => Math.round(fen) / 100

/**
 * The statistics as .xlsx: 按车辆 / 按驾驶员 / 按单位（费用回收）. Each 合计 row holds formulas with
 * their values stored, so previewers that do not calculate (phones) still show the totals.
 */
export async function statsWorkbook(stats: VehicleStats): Promise<Buffer> {
  const book = newWorkbook()
  book.creator = 'e管家'
  const money = { numFmt: '#,##0.00' }
  const sheet = (name: string, columns: Partial<ExcelJS.Column>[], rows: Record<string, unknown>[], summed: string[]) => {
    const ws = book.addWorksheet(name)
    ws.columns = columns
    for (const row of rows) ws.addRow(row)
    ws.getRow(1).font = { bold: true }
    ws.views = [{ state: 'frozen', ySplit: 1 }]
    const last = ws.rowCount
    const total = ws.addRow({ [String(columns[0].key)]: '合计' })
    total.font = { bold: true }
    columns.forEach((column, index) => {
      if (!summed.includes(String(column.key))) return
      const letter = ws.getColumn(index + 1).letter
      const sum = rows.reduce((s, row) => s + Number(row[String(column.key)] ?? 0), 0)
      total.getCell(index + 1).value = last > 1 ? { formula: `SUM(${letter}2:${letter}${last})`, result: Math.round(sum * 100) / 100 } : 0
    })
    ws.headerFooter.oddHeader = `&C${stats.month} 公务用车统计 · ${name}`
  }
  sheet(
    '按车辆',
    [
      { header: '车牌', key: 'plateNo', width: 14 },
      { header: '能源', key: 'energy', width: 8 },
      { header: '任务数', key: 'tasks', width: 8 },
      { header: '里程（公里）', key: 'km', width: 12 },
      { header: '费用（元）', key: 'cost', width: 14, style: money },
      { header: '百公里油耗（升）/电耗（千瓦时）', key: 'per100Km', width: 26 },
    ],
    stats.byVehicle.map((r) => ({ plateNo: r.plateNo, energy: VEHICLE_ENERGY_LABELS[r.energy], tasks: r.tasks, km: r.km, cost: yuan(r.costFen), per100Km: r.per100Km ?? '' })),
    ['tasks', 'km', 'cost'],
  )
  sheet(
    '按驾驶员',
    [
      { header: '驾驶员', key: 'name', width: 12 },
      { header: '任务数', key: 'tasks', width: 8 },
      { header: '里程（公里）', key: 'km', width: 12 },
      { header: '费用（元）', key: 'cost', width: 14, style: money },
    ],
    stats.byDriver.map((r) => ({ name: r.name, tasks: r.tasks, km: r.km, cost: yuan(r.costFen) })),
    ['tasks', 'km', 'cost'],
  )
  sheet(
    '按单位（费用回收）',
    [
      { header: '用车单位', key: 'unitName', width: 24 },
      { header: '任务数', key: 'tasks', width: 8 },
      { header: '里程（公里）', key: 'km', width: 12 },
      { header: '实际费用（元）', key: 'cost', width: 14, style: money },
      { header: `回收金额（元，${formatMoney(stats.chargePerKmFen)}/公里 + 实际费用）`, key: 'charge', width: 34, style: money },
    ],
    stats.byUnit.map((r) => ({ unitName: r.unitName, tasks: r.tasks, km: r.km, cost: yuan(r.costFen), charge: yuan(r.chargeFen) })),
    ['tasks', 'km', 'cost', 'charge'],
  )
  return workbookBuffer(book)
}
