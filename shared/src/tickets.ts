import {
  REPAIR_CATEGORIES,
  TICKET_EVENT_KINDS,
  TICKET_KINDS,
  TICKET_MAX_PHOTOS,
  TICKET_PAUSE_REASONS,
  TICKET_PHOTO_MAX_BYTES,
  TICKET_STATUSES,
  TICKET_URGENCIES,
  WORK_DAY_KINDS,
} from './tickets-values'
import { Cursor, IdNumber } from './ids'
import { multiLine, reasonText, requiredLine, requiredText, singleLine } from './text'
import { CalendarDate, CalendarMonth } from './time'
import { z } from './zod'

// 报修 and 服务受理: one ticket engine — report, dispatch, repair against working-hour clocks, confirm and rate.

export * from './tickets-values'

export const TicketKindSchema = z.enum(TICKET_KINDS)
export const RepairCategorySchema = z.enum(REPAIR_CATEGORIES)
export const TicketUrgencySchema = z.enum(TICKET_URGENCIES)
export const TicketStatusSchema = z.enum(TICKET_STATUSES)
export const TicketPauseReasonSchema = z.enum(TICKET_PAUSE_REASONS)
export const WorkDayKindSchema = z.enum(WORK_DAY_KINDS)

/**
 * A photo sent inside JSON: base64, bare or as a data URL (`data:image/jpeg;base64,…`). The bytes
 * themselves are checked by the server (JPEG / PNG signature, ≤ 2 MB once decoded).
 */
export const TicketPhoto = z
  .string()
  .max(Math.ceil((TICKET_PHOTO_MAX_BYTES * 4) / 3) + 64, '照片过大，每张不超过 2 MB')
  .regex(/^(data:image\/(jpeg|png);base64,)?[A-Za-z0-9+/]+=*$/, '照片应为 JPEG 或 PNG 图片（base64）')
export const TicketPhotos = z.array(TicketPhoto).max(TICKET_MAX_PHOTOS, `最多 ${TICKET_MAX_PHOTOS} 张照片`)

/** Money on a ticket (parts, labour): 0 – ¥100,000.00. */
const CostFen = z.number().int('费用须为整数（分）').min(0, '费用不能为负').max(10_000_000, '费用过大，请检查')

// --- reporting ---------------------------------------------------------------------------------------

export const TicketCreate = z
  .object({
    kind: TicketKindSchema,
    /** a scanned code where the fault is: a room's door code, an asset's code or a location code (URL, path or 编号) */
    code: singleLine().max(300, '码内容过长').optional(),
    /** or a location picked from the list */
    locationId: IdNumber.optional(),
    category: RepairCategorySchema.optional(),
    description: requiredText('问题描述', 500),
    urgency: TicketUrgencySchema.default('normal'),
    photos: TicketPhotos.default([]),
  })
  .superRefine((t, ctx) => {
    if (t.kind === 'repair' && !t.category) ctx.addIssue({ code: 'custom', path: ['category'], message: '请选择报修类别' })
    if (t.kind === 'repair' && !t.code && !t.locationId) ctx.addIssue({ code: 'custom', path: ['locationId'], message: '请扫码或选择报修地点' })
  })
export type TicketCreate = z.infer<typeof TicketCreate>

/** What a scanned code names, before reporting: the place, and tickets still open there. */
export const TicketPlaceQuery = z.object({ code: singleLine().min(1, '请扫码或输入编号').max(300, '码内容过长') })
export const TicketPlace = z.object({
  locationId: z.number().int().nullable(),
  roomId: z.number().int().nullable(),
  assetId: z.number().int().nullable(),
  /** e.g. 行政中心A座 5楼 · 第一会议室 */
  place: z.string(),
  openTickets: z.array(z.object({ id: z.number().int(), category: RepairCategorySchema.nullable(), description: z.string(), status: TicketStatusSchema, createdAt: z.string() })),
})
export type TicketPlace = z.infer<typeof TicketPlace>

export const TicketInfoAdd = z.object({ text: requiredText('补充内容', 500), photos: TicketPhotos.default([]) })

// --- the ticket --------------------------------------------------------------------------------------

export const TicketClocks = z.object({
  /** when the SLA clock started: the report, or the last reopening */
  startedAt: z.string(),
  acceptBy: z.string(),
  finishBy: z.string(),
  /** working minutes spent paused (not counted) */
  pausedMinutes: z.number().int(),
  /** working minutes counted so far against each target, and the targets */
  acceptTargetMinutes: z.number().int(),
  finishTargetMinutes: z.number().int(),
  acceptUsedMinutes: z.number().int(),
  finishUsedMinutes: z.number().int(),
  acceptBreached: z.boolean(),
  finishBreached: z.boolean(),
  /** either clock past its target */
  breached: z.boolean(),
})
export type TicketClocks = z.infer<typeof TicketClocks>

const Person = z.object({ id: z.number().int(), name: z.string() })

export const TicketListItem = z.object({
  id: z.number().int(),
  /** 工单号, e.g. BX20261207-0012 (报修) / FW… (服务受理) */
  no: z.string(),
  kind: TicketKindSchema,
  category: RepairCategorySchema.nullable(),
  urgency: TicketUrgencySchema,
  status: TicketStatusSchema,
  statusLabel: z.string(),
  description: z.string(),
  place: z.string().nullable(),
  reporter: Person.extend({ unitName: z.string().nullable() }),
  /** who has it now: a worker or a firm (null: waiting for dispatch or for the centre's reply) */
  holderName: z.string().nullable(),
  acceptBy: z.string(),
  finishBy: z.string(),
  breached: z.boolean(),
  /** linked to an earlier ticket at the same place and category (重复报修) */
  repeatOfId: z.number().int().nullable(),
  reopenCount: z.number().int(),
  createdAt: z.string(),
})
export type TicketListItem = z.infer<typeof TicketListItem>

export const TicketListQuery = z.object({
  /** mine: my reports; dispatch: the repair queue; worker: my work; admin: everything (服务受理 to answer) */
  as: z.enum(['mine', 'dispatch', 'worker', 'admin']).default('mine'),
  status: z.union([TicketStatusSchema, z.literal('open')]).optional(),
  kind: z.union([TicketKindSchema, z.literal('service')]).optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
})
export const TicketList = z.object({ items: z.array(TicketListItem), nextCursor: z.string().nullable() })
export type TicketList = z.infer<typeof TicketList>

export const TicketEvent = z.object({ at: z.string(), actorName: z.string(), kind: z.enum(TICKET_EVENT_KINDS), text: z.string() })
export type TicketEvent = z.infer<typeof TicketEvent>

export const TicketPhotoLink = z.object({ id: z.number().int(), stage: z.enum(['report', 'info', 'finish']), url: z.string() })

export const TicketDetail = TicketListItem.extend({
  locationId: z.number().int().nullable(),
  roomId: z.number().int().nullable(),
  assetId: z.number().int().nullable(),
  worker: Person.nullable(),
  firm: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** the firm's signed link, for the dispatcher and the centre to forward when an SMS does not arrive (null for everyone else) */
  firmLink: z.string().nullable(),
  pauseReason: TicketPauseReasonSchema.nullable(),
  finishNote: z.string().nullable(),
  parts: z.string().nullable(),
  costFen: z.number().int().nullable(),
  reply: z.string().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  photos: z.array(TicketPhotoLink),
  clocks: TicketClocks,
  events: z.array(TicketEvent),
  /** what the caller may do now */
  can: z.object({
    addInfo: z.boolean(),
    cancel: z.boolean(),
    assign: z.boolean(),
    accept: z.boolean(),
    start: z.boolean(),
    pause: z.boolean(),
    resume: z.boolean(),
    finish: z.boolean(),
    reply: z.boolean(),
    confirm: z.boolean(),
    reopen: z.boolean(),
  }),
})
export type TicketDetail = z.infer<typeof TicketDetail>

// --- handling ----------------------------------------------------------------------------------------

export const TicketAssign = z
  .object({ workerId: IdNumber.optional(), firmId: IdNumber.optional() })
  .superRefine(({ workerId, firmId }, ctx) => {
    if ((workerId === undefined) === (firmId === undefined)) ctx.addIssue({ code: 'custom', path: ['workerId'], message: '请选择一位维修人员或一家定点维修单位' })
  })
export const TicketPause = z.object({ reason: TicketPauseReasonSchema, note: singleLine().max(100, '说明不能超过 100 个字').optional() })
export const TicketFinish = z.object({
  note: requiredText('维修说明', 500),
  parts: singleLine().max(200, '更换配件不能超过 200 个字').optional(),
  costFen: CostFen.optional(),
  photos: TicketPhotos.default([]),
})
export const TicketConfirm = z.object({
  rating: z.number().int('评分为 1–5 的整数').min(1, '请打 1–5 分').max(5, '请打 1–5 分'),
  comment: multiLine().max(300, '评价不能超过 300 个字').optional(),
})
export const TicketReopen = z.object({ reason: reasonText('未修好的情况', 300) })
export const TicketReply = z.object({ text: requiredText('答复内容', 1000) })

/** Who the dispatcher can give a ticket to. */
export const TicketAssignees = z.object({
  workers: z.array(Person.extend({ openCount: z.number().int() })),
  firms: z.array(z.object({ id: z.number().int(), name: z.string(), categories: z.array(RepairCategorySchema), openCount: z.number().int() })),
})
export type TicketAssignees = z.infer<typeof TicketAssignees>

export const TicketPhotoTokenParam = z.object({ token: z.string().regex(/^\d{1,16}\.[A-Za-z0-9_-]{8,64}$/, '照片地址无效') })

// --- a contracted firm, through its signed link (no account) -------------------------------------------

export const FirmTokenParam = z.object({ token: z.string().min(10, '链接无效').max(200, '链接无效').regex(/^[A-Za-z0-9._-]+$/, '链接无效') })
export const FirmTicket = z.object({
  id: z.number().int(),
  no: z.string(),
  firmName: z.string(),
  category: RepairCategorySchema.nullable(),
  urgency: TicketUrgencySchema,
  status: TicketStatusSchema,
  statusLabel: z.string(),
  description: z.string(),
  place: z.string().nullable(),
  /** the reporter's name and unit (no mobile) */
  reporterName: z.string(),
  reporterUnit: z.string().nullable(),
  acceptBy: z.string(),
  finishBy: z.string(),
  photos: z.array(TicketPhotoLink),
  linkExpiresAt: z.string(),
  can: z.object({ accept: z.boolean(), finish: z.boolean() }),
})
export type FirmTicket = z.infer<typeof FirmTicket>
export const FirmFinish = TicketFinish.extend({ workerName: requiredLine('维修人员姓名', 20) })

// --- locations ---------------------------------------------------------------------------------------

export const LocationCreate = z.object({
  building: requiredLine('楼宇', 30),
  floor: requiredLine('楼层', 10),
  spot: requiredLine('位置', 30),
})
export const LocationUpdate = z.object({
  building: requiredLine('楼宇', 30).optional(),
  floor: requiredLine('楼层', 10).optional(),
  spot: requiredLine('位置', 30).optional(),
  active: z.boolean().optional(),
})
export const Location = z.object({
  id: z.number().int(),
  building: z.string(),
  floor: z.string(),
  spot: z.string(),
  /** 行政中心A座 5楼 · 东侧卫生间 */
  name: z.string(),
  active: z.boolean(),
  /** the printed code: URL and the 编号 typed by hand (L12-XXXXXX) */
  codeUrl: z.string(),
  shortCode: z.string(),
})
export type Location = z.infer<typeof Location>
export const LocationListQuery = z.object({ building: singleLine().max(30).optional(), includeInactive: z.enum(['1']).optional() })
export const LocationList = z.object({ items: z.array(Location) })
export type LocationList = z.infer<typeof LocationList>
export const LocationQrSheetQuery = z.object({
  /** comma-separated ids; none: every active location (of the building, if given) */
  ids: z.string().regex(/^\d{1,16}(,\d{1,16}){0,199}$/, '编号列表格式应为 1,2,3').optional(),
  building: singleLine().max(30).optional(),
})

// --- 定点维修单位 --------------------------------------------------------------------------------------

export const RepairFirmCreate = z.object({
  name: requiredLine('单位名称', 50),
  contactName: requiredLine('联系人', 20),
  contactMobile: z.string().trim().regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号'),
  categories: z.array(RepairCategorySchema).min(1, '请至少选择一个维修类别'),
})
export const RepairFirmUpdate = RepairFirmCreate.partial().extend({ active: z.boolean().optional(), reason: singleLine().max(100).optional() })
export const RepairFirm = z.object({
  id: z.number().int(),
  name: z.string(),
  contactName: z.string(),
  /** masked: 138****1234 */
  contactMobile: z.string(),
  categories: z.array(RepairCategorySchema),
  active: z.boolean(),
})
export type RepairFirm = z.infer<typeof RepairFirm>
export const RepairFirmList = z.object({ items: z.array(RepairFirm) })

// --- SLA targets and the working calendar --------------------------------------------------------------

/** Working minutes allowed to accept and to finish, per kind of work. */
export const SlaTarget = z.object({
  /** a repair category, or `service` for 服务受理 */
  category: z.union([RepairCategorySchema, z.literal('service')]),
  urgency: TicketUrgencySchema,
  acceptMinutes: z.number().int().min(10, '时限至少 10 分钟').max(60 * 8 * 30, '时限过长'),
  finishMinutes: z.number().int().min(30, '时限至少 30 分钟').max(60 * 8 * 60, '时限过长'),
})
export type SlaTarget = z.infer<typeof SlaTarget>
export const SlaTargetsUpdate = z.object({ items: z.array(SlaTarget).min(1).max(32), reason: reasonText('修改原因', 100) })
/** A working day's hours as minute-of-day spans, e.g. 08:30–12:00 and 13:30–17:30. */
export const WorkSpan = z.object({ start: z.number().int().min(0).max(1440), end: z.number().int().min(0).max(1440) }).refine((s) => s.end > s.start, '结束时间应晚于开始时间')
export const WorkCalendarDay = z.object({ date: CalendarDate, kind: WorkDayKindSchema, name: singleLine().max(20, '名称不能超过 20 个字') })
export type WorkCalendarDay = z.infer<typeof WorkCalendarDay>
export const WorkCalendar = z.object({
  /** Monday = 1 … Sunday = 7 */
  weekdays: z.array(z.number().int().min(1).max(7)),
  spans: z.array(WorkSpan),
  days: z.array(WorkCalendarDay),
  targets: z.array(SlaTarget),
})
export type WorkCalendar = z.infer<typeof WorkCalendar>
export const WorkCalendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2099).optional() })
export const WorkHoursUpdate = z.object({
  weekdays: z.array(z.number().int().min(1).max(7)).min(1, '请至少选择一个工作日').max(7),
  spans: z.array(WorkSpan).min(1, '请至少设置一段工作时间').max(4),
  reason: reasonText('修改原因', 100),
})
export const WorkDayParam = z.object({ date: CalendarDate })
export const WorkDaySet = z.object({ kind: WorkDayKindSchema, name: requiredLine('名称', 20) })

// --- statistics --------------------------------------------------------------------------------------

export const TicketStatsQuery = z.object({ month: CalendarMonth })
export const TicketStats = z.object({
  month: z.string(),
  total: z.number().int(),
  byCategory: z.array(z.object({ category: z.string(), label: z.string(), count: z.number().int() })),
  byUnit: z.array(z.object({ unitId: z.number().int().nullable(), unitName: z.string(), count: z.number().int() })),
  /** share of tickets (with an accept / finish in the month's reports) done within the target, in % (null: none) */
  acceptedOnTimePercent: z.number().nullable(),
  finishedOnTimePercent: z.number().nullable(),
  /** average working hours from the clock's start to the finish, pauses left out */
  averageFinishHours: z.number().nullable(),
  /** ratings of 4 or 5 among rated tickets, in % */
  satisfactionPercent: z.number().nullable(),
  averageRating: z.number().nullable(),
  reopenRatePercent: z.number().nullable(),
  repeatCount: z.number().int(),
  byFirm: z.array(z.object({ firmId: z.number().int().nullable(), firmName: z.string(), tickets: z.number().int(), costFen: z.number().int() })),
  serviceRequests: z.object({ total: z.number().int(), replied: z.number().int() }),
})
export type TicketStats = z.infer<typeof TicketStats>
