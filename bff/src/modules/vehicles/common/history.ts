import { formatMoney, inShanghai, VEHICLE_REQUEST_STATUS_LABELS, VEHICLE_TYPE_LABELS, type VehicleRequestStatus, type VehicleType } from '@egj/shared'

/** One line of 修改留痕 as people read it: a Chinese field label, the old and new values formatted. */
export interface HistoryChange {
  field: string
  from: string | null
  to: string | null
}

/** The labels history shows; one place so the request page reads the same for every action. */
export const HISTORY_FIELDS = {
  status: '状态',
  vehicle: '车辆',
  driver: '驾驶员',
  window: '用车时间',
  passengers: '乘车人数',
  purpose: '用车事由',
  origin: '出发地',
  destination: '目的地',
  vehicleType: '车型',
  note: '备注',
  rejectReason: '驳回原因',
  rating: '评价',
  startOdometer: '出车里程',
  endOdometer: '收车里程',
  distance: '行驶里程',
  toll: '通行费',
  parking: '停车费',
  fuel: '油费/充电费',
  energy: '电量',
  fuelLitres: '油量',
  charge: '费用',
} as const
export type HistoryField = keyof typeof HISTORY_FIELDS

/** A change with its Chinese label; unchanged values (same text) are dropped by `changes()`. */
export const change = (field: HistoryField, from: string | number | null | undefined, to: string | number | null | undefined): HistoryChange => ({
  field: HISTORY_FIELDS[field],
  from: from === null || from === undefined ? null : String(from),
  to: to === null || to === undefined ? null : String(to),
})

/** Only the lines whose value changed. */
export const changes = (...lines: HistoryChange[]) => lines.filter((line) => line.from !== line.to)

/** Value formatters, so every writer of history writes the same text. */
export const fmt = {
  status: (status: VehicleRequestStatus | null | undefined) => (status ? VEHICLE_REQUEST_STATUS_LABELS[status] : null),
  vehicle: (vehicle: { plateNo: string } | null | undefined) => vehicle?.plateNo ?? null,
  driver: (driver: { name: string } | null | undefined) => driver?.name ?? null,
  time: (at: Date) => inShanghai(at).format('YYYY-MM-DD HH:mm'),
  /** 2026-05-01 09:00–12:00, or with both dates when it spans days */
  window: (startAt: Date, endAt: Date) => {
    const start = inShanghai(startAt)
    const end = inShanghai(endAt)
    return `${start.format('YYYY-MM-DD HH:mm')}–${end.format(start.isSame(end, 'day') ? 'HH:mm' : 'YYYY-MM-DD HH:mm')}`
  },
  vehicleType: (type: VehicleType | null | undefined) => (type ? VEHICLE_TYPE_LABELS[type] : null),
  km: (km: number | null | undefined) => (km === null || km === undefined ? null : `${km} 公里`),
  money: (fen: number | null | undefined) => (fen === null || fen === undefined ? null : formatMoney(fen)),
  stars: (stars: number | null | undefined) => (stars ? `${stars} 星` : null),
}
