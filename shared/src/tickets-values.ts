/*
 * The plain values of 报修 and 服务受理 (no schemas), re-exported by tickets.ts: pages need the lists
 * and labels, not the schemas (see org-admin-values.ts for why this keeps the weapp main package small).
 */

/** One engine: 报修 (a fault somewhere) and three kinds of 服务受理 answered by the centre. */
export const TICKET_KINDS = ['repair', 'suggestion', 'complaint', 'question'] as const
export type TicketKind = (typeof TICKET_KINDS)[number]
export const TICKET_KIND_LABELS: Record<TicketKind, string> = { repair: '报修', suggestion: '意见建议', complaint: '投诉', question: '咨询' }
/** 服务受理: no place, no worker; the centre replies. */
export const SERVICE_REQUEST_KINDS = ['suggestion', 'complaint', 'question'] as const satisfies readonly TicketKind[]
export const isServiceRequest = (kind: TicketKind) => kind !== 'repair'

export const REPAIR_CATEGORIES = ['water_power', 'hvac', 'door_lock', 'network_phone', 'furniture', 'elevator', 'other'] as const
export type RepairCategory = (typeof REPAIR_CATEGORIES)[number]
export const REPAIR_CATEGORY_LABELS: Record<RepairCategory, string> = {
  water_power: '水电',
  hvac: '空调暖通',
  door_lock: '门窗锁具',
  network_phone: '网络电话',
  furniture: '家具',
  elevator: '电梯',
  other: '其他',
}

export const TICKET_URGENCIES = ['normal', 'urgent'] as const
export type TicketUrgency = (typeof TICKET_URGENCIES)[number]
export const TICKET_URGENCY_LABELS: Record<TicketUrgency, string> = { normal: '一般', urgent: '紧急' }

/**
 * 报修: submitted (待派单) → assigned (to a worker or a firm, 待接单) → accepted → in_progress ⇄ paused
 * → finished (待确认) → closed (confirmed and rated). Not fixed: finished → assigned, same holder.
 * 服务受理: submitted → finished (answered) → closed. The reporter may cancel before it is accepted.
 */
export const TICKET_STATUSES = ['submitted', 'assigned', 'accepted', 'in_progress', 'paused', 'finished', 'closed', 'cancelled'] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]
export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  submitted: '待派单',
  assigned: '待接单',
  accepted: '已接单',
  in_progress: '维修中',
  paused: '已暂停',
  finished: '待确认',
  closed: '已完成',
  cancelled: '已撤销',
}
/** 服务受理 read their states in their own words. */
export const SERVICE_STATUS_LABELS: Record<TicketStatus, string> = { ...TICKET_STATUS_LABELS, submitted: '待答复', finished: '已答复，待评价' }
export const ticketStatusLabel = (kind: TicketKind, status: TicketStatus) => (kind === 'repair' ? TICKET_STATUS_LABELS : SERVICE_STATUS_LABELS)[status]
/** Still someone's work (the SLA clocks run, reminders go out). */
export const TICKET_OPEN_STATUSES = ['submitted', 'assigned', 'accepted', 'in_progress', 'paused'] as const satisfies readonly TicketStatus[]

export const TICKET_PAUSE_REASONS = ['parts', 'reporter', 'outsourcing'] as const
export type TicketPauseReason = (typeof TICKET_PAUSE_REASONS)[number]
export const TICKET_PAUSE_REASON_LABELS: Record<TicketPauseReason, string> = { parts: '等待配件', reporter: '等待报修人', outsourcing: '等待外协' }

/** The lines of a ticket's history. */
export const TICKET_EVENT_KINDS = [
  'submitted',
  'info_added',
  'assigned',
  'accepted',
  'started',
  'paused',
  'resumed',
  'finished',
  'replied',
  'confirmed',
  'reopened',
  'cancelled',
  'reminded',
  'escalated',
] as const
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number]
export const TICKET_EVENT_LABELS: Record<TicketEventKind, string> = {
  submitted: '提交',
  info_added: '补充信息',
  assigned: '派单',
  accepted: '接单',
  started: '开始维修',
  paused: '暂停',
  resumed: '恢复',
  finished: '完工',
  replied: '答复',
  confirmed: '确认评价',
  reopened: '未修好，重新处理',
  cancelled: '撤销',
  reminded: '超时提醒',
  escalated: '超时上报',
}

export const TICKET_MAX_PHOTOS = 6
export const TICKET_PHOTO_MAX_BYTES = 2 * 1024 * 1024
export const TICKET_PHOTO_TYPES = ['image/jpeg', 'image/png'] as const
/** A new ticket at the same place (location, room or asset) and category within this many days is a 重复报修. */
export const TICKET_REPEAT_DAYS = 30
/** The SLA reminder steps, as a share of the target: the holder, then the dispatcher, then the centre. */
export const TICKET_SLA_STEPS = [
  { level: 'warn', percent: 75 },
  { level: 'breach', percent: 100 },
  { level: 'escalate', percent: 200 },
] as const
export type TicketSlaLevel = (typeof TICKET_SLA_STEPS)[number]['level']
/** How long a contracted firm's link stays good (it also ends when the ticket is finished or reassigned). */
export const FIRM_LINK_VALID_DAYS = 7

/** Working-calendar days that differ from the week: 法定节假日 off on a weekday, 调休 work on a weekend. */
export const WORK_DAY_KINDS = ['holiday', 'workday'] as const
export type WorkDayKind = (typeof WORK_DAY_KINDS)[number]
export const WORK_DAY_KIND_LABELS: Record<WorkDayKind, string> = { holiday: '法定节假日（休）', workday: '调休（上班）' }

/** The working week when nothing else is set: Monday–Friday, 08:30–12:00 and 13:30–17:30 (7.5 h). */
export const DEFAULT_WORK_WEEKDAYS = [1, 2, 3, 4, 5]
export const DEFAULT_WORK_SPANS = [
  { start: 8 * 60 + 30, end: 12 * 60 },
  { start: 13 * 60 + 30, end: 17 * 60 + 30 },
]

/**
 * Working minutes to accept and to finish when the centre has set nothing else (a working day is
 * 450 minutes). 服务受理 (`service`): answered within 3 working days, as the 12345 line asks.
 */
export const DEFAULT_SLA_TARGETS: { category: RepairCategory | 'service'; urgency: TicketUrgency; acceptMinutes: number; finishMinutes: number }[] = [
  ...REPAIR_CATEGORIES.flatMap((category) => {
    const finishNormal = { water_power: 450, hvac: 900, door_lock: 450, network_phone: 450, furniture: 900, elevator: 240, other: 900 }[category]
    return [
      { category, urgency: 'normal' as const, acceptMinutes: 120, finishMinutes: finishNormal },
      { category, urgency: 'urgent' as const, acceptMinutes: 30, finishMinutes: Math.min(240, finishNormal) },
    ]
  }),
  { category: 'service', urgency: 'normal', acceptMinutes: 450, finishMinutes: 1350 },
  { category: 'service', urgency: 'urgent', acceptMinutes: 120, finishMinutes: 450 },
]
