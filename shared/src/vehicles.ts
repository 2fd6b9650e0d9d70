import { z } from './zod'
import { Cursor } from './ids'
import { CalendarDate, CalendarMonth, Instant } from './time'
import { PlateNo } from './visits'
import { multiLine, reasonText, requiredLine, requiredText } from './text'

// 一车一码: requests, approval, dispatch, trips, the public 亮身份 scan, reports, statistics.

/** Requests may be made at most this far ahead. */
export const VEHICLE_REQUEST_MAX_AHEAD_DAYS = 30
/** The dispatched driver may start from this long before the window. */
export const TRIP_EARLY_START_MINUTES = 30

export const VehicleType = z.enum(['sedan', 'business', 'minibus', 'new_energy'])
export type VehicleType = z.infer<typeof VehicleType>
export const VEHICLE_TYPE_LABELS: Record<VehicleType, string> = { sedan: '轿车', business: '商务车', minibus: '中巴', new_energy: '新能源' }

export const VehicleEnergy = z.enum(['fuel', 'electric'])
export const VEHICLE_ENERGY_LABELS: Record<z.infer<typeof VehicleEnergy>, string> = { fuel: '燃油', electric: '纯电' }

export const VehicleStatus = z.enum(['active', 'maintenance', 'retired'])
export const VEHICLE_STATUS_LABELS: Record<z.infer<typeof VehicleStatus>, string> = { active: '可用', maintenance: '维修保养', retired: '已报废' }

export const VehicleRequestStatus = z.enum(['pending_approval', 'approved', 'dispatched', 'in_progress', 'completed', 'rejected', 'cancelled'])
export type VehicleRequestStatus = z.infer<typeof VehicleRequestStatus>
export const VEHICLE_REQUEST_STATUS_LABELS: Record<VehicleRequestStatus, string> = {
  pending_approval: '待审批',
  approved: '待派车',
  dispatched: '已派车',
  in_progress: '执行中',
  completed: '已完成',
  rejected: '已驳回',
  cancelled: '已取消',
}

export const VehicleRequestCreate = z
  .object({
    purpose: requiredText('用车事由', 200),
    origin: requiredLine('出发地', 100),
    destination: requiredLine('目的地', 100),
    startAt: Instant,
    endAt: Instant,
    passengers: z.number().int('乘车人数须为整数').min(1, '乘车人数至少 1 人').max(60, '乘车人数最多 60 人'),
    vehicleType: VehicleType.optional(),
    note: multiLine().max(200, '备注不能超过 200 个字').optional(),
  })
  .superRefine((value, ctx) => {
    if (value.endAt.getTime() <= value.startAt.getTime()) ctx.addIssue({ code: 'custom', path: ['endAt'], message: '结束时间须晚于开始时间' })
  })
export type VehicleRequestCreate = z.input<typeof VehicleRequestCreate>
export const VehicleRequestCreated = z.object({ id: z.number().int(), status: VehicleRequestStatus })

export const StaffRef = z.object({ id: z.number().int(), name: z.string(), unitName: z.string().nullable() })

/** 修改留痕: one change to a request or its trip. */
export const VehicleHistoryEntry = z.object({
  at: z.string(),
  by: z.string(),
  /** created | approved | rejected | cancelled | dispatched | reassigned | trip_started | trip_finished | rated */
  action: z.string(),
  /** field → old and new, as shown to people (Chinese labels, formatted values) */
  changes: z.array(z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  reason: z.string().nullable(),
})

export const VehicleBrief = z.object({ id: z.number().int(), plateNo: z.string(), type: VehicleType, seats: z.number().int() })
export const DriverBrief = z.object({ id: z.number().int(), userId: z.number().int(), name: z.string() })

export const Trip = z.object({
  id: z.number().int(),
  requestId: z.number().int(),
  vehicle: VehicleBrief,
  driver: DriverBrief,
  status: z.enum(['in_progress', 'finished']),
  startedAt: z.string(),
  startOdometerKm: z.number().int(),
  finishedAt: z.string().nullable(),
  endOdometerKm: z.number().int().nullable(),
  distanceKm: z.number().int().nullable(),
  tollFen: z.number().int(),
  parkingFen: z.number().int(),
  fuelFen: z.number().int(),
  energyKwh: z.number().nullable(),
  fuelLitres: z.number().nullable(),
  /** charged back to the requesting unit: distance × rate + tolls + parking + fuel/charging */
  chargeFen: z.number().int().nullable(),
})
export type Trip = z.infer<typeof Trip>

export const VehicleRequest = z.object({
  id: z.number().int(),
  status: VehicleRequestStatus,
  purpose: z.string(),
  origin: z.string(),
  destination: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  passengers: z.number().int(),
  vehicleType: VehicleType.nullable(),
  note: z.string().nullable(),
  requester: StaffRef,
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  vehicle: VehicleBrief.nullable(),
  driver: DriverBrief.nullable(),
  dispatchedAt: z.string().nullable(),
  trip: Trip.nullable(),
  rating: z.object({ stars: z.number().int(), comment: z.string().nullable() }).nullable(),
  history: z.array(VehicleHistoryEntry),
  createdAt: z.string(),
  can: z.object({ approve: z.boolean(), cancel: z.boolean(), dispatch: z.boolean(), rate: z.boolean() }),
})
export type VehicleRequest = z.infer<typeof VehicleRequest>

export const VehicleRequestListQuery = z.object({
  as: z.enum(['requester', 'approver', 'dispatcher']).default('requester'),
  status: VehicleRequestStatus.optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})
export const VehicleRequestList = z.object({ items: z.array(VehicleRequest), nextCursor: z.string().nullable() })
export type VehicleRequestList = z.infer<typeof VehicleRequestList>

export const VehicleReject = z.object({ reason: reasonText('驳回原因', 100) })
export const VehicleRate = z.object({ stars: z.number().int().min(1, '请选择 1–5 星').max(5, '请选择 1–5 星'), comment: multiLine().max(200).optional() })

export const VehicleDispatch = z.object({
  vehicleId: z.number().int().positive('请选择车辆'),
  driverId: z.number().int().positive('请选择驾驶员'),
  /** required when the request already has a car or driver (改派) */
  reason: multiLine().max(100).optional(),
})

/** A car's or driver's booked time: dispatched or running requests. */
export const Commitment = z.object({ requestId: z.number().int(), startAt: z.string(), endAt: z.string(), status: VehicleRequestStatus, destination: z.string() })

export const DispatchBoardQuery = z.object({ date: CalendarDate })
export const BoardVehicle = z.object({
  id: z.number().int(),
  plateNo: z.string(),
  type: VehicleType,
  seats: z.number().int(),
  energy: VehicleEnergy,
  status: VehicleStatus,
  unitName: z.string().nullable(),
  /** the printed code's URL */
  code: z.string(),
  commitments: z.array(Commitment),
})
export const BoardDriver = z.object({ id: z.number().int(), userId: z.number().int(), name: z.string(), onDuty: z.boolean(), commitments: z.array(Commitment) })
export const DispatchBoard = z.object({
  date: z.string(),
  /** approved requests waiting for a car, then that day's dispatched ones */
  requests: z.array(VehicleRequest),
  vehicles: z.array(BoardVehicle),
  drivers: z.array(BoardDriver),
})
export type DispatchBoard = z.infer<typeof DispatchBoard>

/** Cars and drivers free for a request's window (offered when an assignment is refused). */
export const DispatchOptions = z.object({
  vehicles: z.array(VehicleBrief),
  drivers: z.array(DriverBrief),
})

// ---------------------------------------------------------------------------------------------
// The driver at the car, trips
// ---------------------------------------------------------------------------------------------

export const VehicleScanQuery = z.object({ code: z.string().trim().min(1, '请扫描车辆二维码').max(300) })
/** What a signed-in user sees after scanning a car: the driver's task on it now, or the public view. */
export const VehicleScanned = z.object({
  vehicle: VehicleBrief.extend({ unitName: z.string().nullable(), status: VehicleStatus, energy: VehicleEnergy, lastOdometerKm: z.number().int() }),
  /** the task dispatched to me on this car now (from 30 min before its window) */
  task: VehicleRequest.nullable(),
  /** the trip running on this car, if it is mine */
  trip: Trip.nullable(),
  canStart: z.boolean(),
  /** why I cannot start (e.g. 不是本车的派车驾驶员 / 还未到出车时间) */
  startBlockedReason: z.string().nullable(),
})

export const TripStart = z.object({
  code: z.string().trim().min(1, '请扫描车辆二维码').max(300),
  odometerKm: z.number().int('里程须为整数公里').min(0, '里程不能为负').max(2_000_000, '里程读数过大'),
})
const Fen = (what: string) => z.number().int(`${what}须为整数（分）`).min(0, `${what}不能为负`).max(10_000_000, `${what}过大`)
export const TripFinish = z.object({
  odometerKm: z.number().int('里程须为整数公里').min(0, '里程不能为负').max(2_000_000, '里程读数过大'),
  tollFen: Fen('通行费').optional(),
  parkingFen: Fen('停车费').optional(),
  fuelFen: Fen('油费/充电费').optional(),
  energyKwh: z.number().min(0, '电量不能为负').max(10_000, '电量过大').optional(),
  fuelLitres: z.number().min(0, '油量不能为负').max(10_000, '油量过大').optional(),
})

// ---------------------------------------------------------------------------------------------
// 亮身份: the public scan and 公车私用 reports
// ---------------------------------------------------------------------------------------------

export const PublicVehicleTokenParam = z.object({ token: z.string().trim().min(1).max(200) })
export const PublicVehicle = z.object({
  plateNo: z.string(),
  type: VehicleType,
  unitName: z.string().nullable(),
  onTask: z.boolean(),
  /** no personal data: the window, a coarse destination, the requesting unit */
  task: z.object({ startAt: z.string(), endAt: z.string(), destinationArea: z.string(), requestingUnit: z.string().nullable() }).optional(),
})
export type PublicVehicle = z.infer<typeof PublicVehicle>

/** A photo as a data URL (JPEG/PNG, at most ~1 MB once decoded). */
export const REPORT_PHOTO_MAX_BYTES = 1_000_000
export const PublicReportCreate = z.object({
  text: requiredText('反映内容', 500),
  photo: z
    .string()
    .max(Math.ceil((REPORT_PHOTO_MAX_BYTES * 4) / 3) + 40, '照片过大，请重新拍摄（不超过 1 MB）')
    .regex(/^data:image\/(jpeg|png);base64,[A-Za-z0-9+/]+=*$/, '照片格式应为 JPEG 或 PNG')
    .optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
})
export const PublicReportCreated = z.object({ id: z.number().int(), message: z.string() })

export const VehicleReport = z.object({
  id: z.number().int(),
  vehicle: z.object({ id: z.number().int(), plateNo: z.string(), unitName: z.string().nullable() }),
  text: z.string(),
  hasPhoto: z.boolean(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  /** the car's task status at the moment of the report */
  taskAtReport: z.object({ onTask: z.boolean(), requestId: z.number().int().nullable(), startAt: z.string().nullable(), endAt: z.string().nullable(), destination: z.string().nullable(), requestingUnit: z.string().nullable() }),
  status: z.enum(['open', 'resolved']),
  resolvedBy: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
})
export const VehicleReportListQuery = z.object({ status: z.enum(['open', 'resolved']).optional(), cursor: Cursor.optional(), limit: z.coerce.number().int().min(1).max(50).default(20) })
export const VehicleReportList = z.object({ items: z.array(VehicleReport), nextCursor: z.string().nullable() })
export const VehicleReportResolve = z.object({ note: reasonText('处理意见', 200) })

// ---------------------------------------------------------------------------------------------
// Admin: cars, drivers, statistics
// ---------------------------------------------------------------------------------------------

export const VehicleAdmin = z.object({
  id: z.number().int(),
  plateNo: z.string(),
  type: VehicleType,
  seats: z.number().int(),
  energy: VehicleEnergy,
  status: VehicleStatus,
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  lastOdometerKm: z.number().int(),
  /** the printed code's URL and its short code */
  code: z.string(),
  shortCode: z.string(),
})
export const VehicleAdminList = z.object({ items: z.array(VehicleAdmin) })
export const VehicleCreate = z.object({
  plateNo: PlateNo,
  type: VehicleType,
  seats: z.number().int().min(1, '座位数至少 1').max(60, '座位数最多 60'),
  energy: VehicleEnergy,
  unitId: z.number().int().positive('请选择所属单位'),
  lastOdometerKm: z.number().int().min(0).max(2_000_000).default(0),
})
export const VehicleUpdate = z.object({
  type: VehicleType.optional(),
  seats: z.number().int().min(1).max(60).optional(),
  energy: VehicleEnergy.optional(),
  unitId: z.number().int().positive().optional(),
  status: VehicleStatus.optional(),
  /** why, for the 留痕 */
  reason: reasonText('修改原因', 200).optional(),
})
export const DriverAdmin = z.object({ id: z.number().int(), userId: z.number().int(), name: z.string(), unitName: z.string().nullable(), onDuty: z.boolean() })
export const DriverAdminList = z.object({ items: z.array(DriverAdmin) })
export const DriverCreate = z.object({ userId: z.number().int().positive('请选择驾驶员'), onDuty: z.boolean().default(true) })
export const DriverUpdate = z.object({ onDuty: z.boolean(), reason: reasonText('修改原因', 200).optional() })

export const VehicleStatsQuery = z.object({ month: CalendarMonth })
const CostRow = z.object({ tasks: z.number().int(), km: z.number().int(), costFen: z.number().int() })
export const VehicleStats = z.object({
  month: z.string(),
  chargePerKmFen: z.number().int(),
  totals: CostRow,
  byVehicle: z.array(CostRow.extend({ vehicleId: z.number().int(), plateNo: z.string(), energy: VehicleEnergy, /** litres or kWh per 100 km; null without readings */ per100Km: z.number().nullable() })),
  byDriver: z.array(CostRow.extend({ driverId: z.number().int(), name: z.string() })),
  /** charge-back to each requesting unit: distance × rate + actual costs */
  byUnit: z.array(CostRow.extend({ unitId: z.number().int().nullable(), unitName: z.string(), chargeFen: z.number().int() })),
})
export type VehicleStats = z.infer<typeof VehicleStats>
