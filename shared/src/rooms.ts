import { z } from './zod'
import { Cursor } from './ids'
import { CalendarDate, CalendarMonth, Instant } from './time'
import { reasonText, singleLine } from './text'

// 会议室预订 and meeting service.

/** Bookings sit on a 5-minute grid, at most 12 hours long; rooms take bookings this far ahead by default. */
export const ROOM_GRID_MINUTES = 5
export const ROOM_MAX_BOOKING_HOURS = 12
export const ROOM_DEFAULT_HORIZON_DAYS = 60
/** Check-in by the door code opens 10 minutes before the start and closes 15 after (then a no-show is released). */
export const ROOM_CHECK_IN_EARLY_MINUTES = 10
export const ROOM_CHECK_IN_LATE_MINUTES = 15
/** 会务 prepares the room this long before the start. */
export const ROOM_PREPARE_MINUTES = 30
/** A series is cancelled after this many no-shows in a row. */
export const ROOM_SERIES_NO_SHOW_LIMIT = 3

export const RoomEquipment = z.enum(['projector', 'video', 'mic', 'screen'])
export type RoomEquipment = z.infer<typeof RoomEquipment>
export const ROOM_EQUIPMENT_LABELS: Record<RoomEquipment, string> = { projector: '投影', video: '视频会议', mic: '话筒', screen: '电子屏' }

export const RoomBookingStatus = z.enum(['pending_approval', 'confirmed', 'rejected', 'cancelled', 'released', 'ended'])
export type RoomBookingStatus = z.infer<typeof RoomBookingStatus>
export const ROOM_BOOKING_STATUS_LABELS: Record<RoomBookingStatus, string> = {
  pending_approval: '待审批',
  confirmed: '已预订',
  rejected: '未通过',
  cancelled: '已取消',
  released: '已释放',
  ended: '已结束',
}

export const BusySlot = z.object({ startAt: z.string(), endAt: z.string(), status: RoomBookingStatus })

const RoomFields = {
  id: z.number().int(),
  name: z.string(),
  building: z.string(),
  floor: z.string(),
  capacity: z.number().int(),
  equipment: z.array(RoomEquipment),
  requiresApproval: z.boolean(),
  /** open hours as minutes after midnight, Asia/Shanghai (e.g. 480 = 08:00) */
  openFromMinute: z.number().int(),
  openToMinute: z.number().int(),
  horizonDays: z.number().int(),
  photos: z.array(z.string()),
}

const EQUIPMENT = `(?:${RoomEquipment.options.join('|')})`
/** `equipment=projector,video`: equipment names, comma-separated (a repeated query parameter is refused). */
const EquipmentFilter = z
  .string()
  .regex(new RegExp(`^${EQUIPMENT}(?:,${EQUIPMENT})*$`), `设备须为 ${RoomEquipment.options.join('、')} 之一，多个用英文逗号分隔`)
  .transform((value) => value.split(',') as RoomEquipment[])

export const RoomDayQuery = z.object({
  date: CalendarDate,
  capacity: z.coerce.number().int().min(1).max(10_000).optional(),
  equipment: EquipmentFilter.optional(),
})
export const RoomDay = z.object({ items: z.array(z.object({ ...RoomFields, busy: z.array(BusySlot) })) })
export type RoomDay = z.infer<typeof RoomDay>

const Nameplates = z.array(singleLine().min(1, '桌签姓名不能为空').max(20, '桌签姓名过长')).max(200, '桌签最多 200 个')
export const RoomServices = z.object({
  tea: z.boolean().optional(),
  teaCount: z.number().int().min(1).max(2000).optional(),
  nameplates: Nameplates.optional(),
  bannerText: singleLine().max(100, '横幅/屏幕文字不能超过 100 个字').optional(),
  av: z.boolean().optional(),
  /** meeting meals: a count per meal period; they become 电子餐券 billed to the booker's unit */
  meals: z.array(z.object({ period: singleLine().min(1).max(20), count: z.number().int().min(1).max(2000) })).max(5).optional(),
})
export type RoomServices = z.infer<typeof RoomServices>

export const RoomBookingCreate = z
  .object({
    roomId: z.number().int().positive('请选择会议室'),
    startAt: Instant,
    endAt: Instant,
    title: singleLine().min(1, '请填写会议名称').max(100, '会议名称不能超过 100 个字'),
    attendeeCount: z.number().int().min(1, '参会人数至少 1 人').max(10_000),
    services: RoomServices.optional(),
    /** a weekly series on the same weekday and time, until this date (inclusive) */
    recurrence: z.object({ weeklyUntil: CalendarDate }).optional(),
    confirmOverCapacity: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    if (value.endAt.getTime() <= value.startAt.getTime()) ctx.addIssue({ code: 'custom', path: ['endAt'], message: '结束时间须晚于开始时间' })
  })
export type RoomBookingCreate = z.input<typeof RoomBookingCreate>

export const OccurrenceRef = z.object({ id: z.number().int(), startAt: z.string(), endAt: z.string(), status: RoomBookingStatus })
export const RoomBookingCreated = z.object({ id: z.number().int(), status: RoomBookingStatus, occurrences: z.array(OccurrenceRef).optional() })

/** In `details` of ROOM_SLOT_TAKEN: who is in the way (no private details) and where else to go. */
export const RoomConflict = z.object({
  startAt: z.string(),
  endAt: z.string(),
  title: z.string(),
  organiserUnit: z.string().nullable(),
  /** the requested occurrence this booking is in the way of (a series lists every one) */
  occurrenceStartAt: z.string().optional(),
})
export const RoomSuggestion = z.object({ roomId: z.number().int(), roomName: z.string(), startAt: z.string(), endAt: z.string(), capacity: z.number().int() })

export const RoomBooking = z.object({
  id: z.number().int(),
  status: RoomBookingStatus,
  room: z.object({ id: z.number().int(), name: z.string(), building: z.string(), floor: z.string(), capacity: z.number().int() }),
  title: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  attendeeCount: z.number().int(),
  services: RoomServices,
  organiser: z.object({ id: z.number().int(), name: z.string(), unitName: z.string().nullable() }),
  series: z.object({ id: z.number().int(), weeklyUntil: z.string(), occurrences: z.array(OccurrenceRef) }).nullable(),
  /** this occurrence was changed on its own (a later series edit keeps its time) */
  detached: z.boolean(),
  checkedInAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
  can: z.object({ edit: z.boolean(), cancel: z.boolean(), approve: z.boolean(), checkIn: z.boolean(), end: z.boolean() }),
})
export type RoomBooking = z.infer<typeof RoomBooking>

export const RoomBookingListQuery = z.object({
  as: z.enum(['organiser', 'approver']).default('organiser'),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})
export const RoomBookingList = z.object({ items: z.array(RoomBooking), nextCursor: z.string().nullable() })
export type RoomBookingList = z.infer<typeof RoomBookingList>

export const EditScope = z.enum(['this', 'following', 'all'])
/**
 * A change to a booking. `this`: startAt/endAt are the new instants. `following` / `all`: startAt /
 * endAt give the new time of day for every occurrence in scope (their dates are ignored);
 * occurrences changed on their own before keep their time, cancelled ones stay cancelled.
 */
export const RoomBookingUpdate = z.object({
  scope: EditScope.default('this'),
  startAt: Instant.optional(),
  endAt: Instant.optional(),
  title: singleLine().min(1).max(100).optional(),
  attendeeCount: z.number().int().min(1).max(10_000).optional(),
  services: RoomServices.optional(),
  confirmOverCapacity: z.boolean().default(false),
})
export const RoomBookingCancel = z.object({ scope: EditScope.default('this') })
export const RoomBookingReject = z.object({ reason: reasonText('不通过的原因', 100) })

export const RoomCheckIn = z.object({ code: z.string().trim().min(1, '请扫描会议室门牌码').max(300) })
export const RoomDoorQuery = z.object({ code: z.string().trim().min(1).max(300) })
/** The door-code page: the room, what is on now and next, the day. */
export const RoomDoor = z.object({
  room: z.object({ ...RoomFields }),
  now: RoomBooking.nullable(),
  next: RoomBooking.nullable(),
  day: z.array(BusySlot.extend({ title: z.string() })),
  /** my booking here that I can check in to now */
  checkInFor: z.number().int().nullable(),
})
export type RoomDoor = z.infer<typeof RoomDoor>
export const RoomCheckedIn = z.object({ booking: RoomBooking, checkedInAt: z.string() })
export type RoomCheckedIn = z.infer<typeof RoomCheckedIn>

export const MeetingTaskKind = z.enum(['prepare_room', 'tea', 'nameplates', 'banner', 'av', 'meals'])
export const MEETING_TASK_LABELS: Record<z.infer<typeof MeetingTaskKind>, string> = { prepare_room: '会场布置', tea: '茶水', nameplates: '桌签', banner: '横幅/屏幕', av: '音视频保障', meals: '会议用餐' }
export const MeetingTask = z.object({
  id: z.number().int(),
  kind: MeetingTaskKind,
  dueAt: z.string(),
  /** what to do, e.g. 茶水 12 杯 / 桌签：张三、李四 */
  detail: z.string(),
  booking: z.object({ id: z.number().int(), title: z.string(), startAt: z.string(), endAt: z.string(), attendeeCount: z.number().int(), organiser: z.string(), roomName: z.string() }),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
})
export type MeetingTask = z.infer<typeof MeetingTask>
export const MeetingTaskQuery = z.object({ date: CalendarDate })
export const MeetingTaskList = z.object({ date: z.string(), items: z.array(MeetingTask) })
export type MeetingTaskList = z.infer<typeof MeetingTaskList>

export const RoomAdmin = z.object({
  ...RoomFields,
  status: z.enum(['active', 'disabled']),
  code: z.string(),
  shortCode: z.string(),
})
export const RoomAdminList = z.object({ items: z.array(RoomAdmin) })
export type RoomAdmin = z.infer<typeof RoomAdmin>
const Minute = z.number().int().min(0).max(1440)
export const RoomCreate = z
  .object({
    name: singleLine().min(1, '请填写会议室名称').max(50),
    building: singleLine().min(1, '请填写楼宇').max(50),
    floor: singleLine().min(1, '请填写楼层').max(20),
    capacity: z.number().int().min(1, '容纳人数至少 1').max(10_000),
    equipment: z.array(RoomEquipment).default([]),
    photos: z.array(z.string().url().max(500)).max(10).default([]),
    openFromMinute: Minute.default(8 * 60),
    openToMinute: Minute.default(18 * 60),
    requiresApproval: z.boolean().default(false),
    horizonDays: z.number().int().min(1).max(365).default(60),
  })
  .superRefine((value, ctx) => {
    if (value.openToMinute <= value.openFromMinute) ctx.addIssue({ code: 'custom', path: ['openToMinute'], message: '关门时间须晚于开门时间' })
  })
export const RoomUpdate = z.object({
  name: singleLine().min(1).max(50).optional(),
  building: singleLine().min(1).max(50).optional(),
  floor: singleLine().min(1).max(20).optional(),
  capacity: z.number().int().min(1).max(10_000).optional(),
  equipment: z.array(RoomEquipment).optional(),
  photos: z.array(z.string().url().max(500)).max(10).optional(),
  openFromMinute: Minute.optional(),
  openToMinute: Minute.optional(),
  requiresApproval: z.boolean().optional(),
  horizonDays: z.number().int().min(1).max(365).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  /** why, for the 留痕 */
  reason: reasonText('修改原因', 200).optional(),
})

export const RoomStatsQuery = z.object({ month: CalendarMonth })
export const RoomStats = z.object({
  month: z.string(),
  meetings: z.number().int(),
  attendeeTimes: z.number().int(),
  noShows: z.number().int(),
  noShowRate: z.number(),
  byRoom: z.array(z.object({ roomId: z.number().int(), name: z.string(), meetings: z.number().int(), attendeeTimes: z.number().int(), bookedHours: z.number(), openHours: z.number(), utilisation: z.number(), noShows: z.number().int() })),
  byOrganiser: z.array(z.object({ name: z.string(), unitName: z.string().nullable(), meetings: z.number().int(), noShows: z.number().int() })),
})
export type RoomStats = z.infer<typeof RoomStats>
