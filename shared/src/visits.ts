import { z } from './zod'
import { Cursor } from './ids'
import { CalendarDate, CalendarMonth, Instant } from './time'
import { reasonText, requiredText, singleLine } from './text'

// ---------------------------------------------------------------------------------------------
// Identity documents, mobiles and plates: checked here, once, for the BFF and the phone alike.
// ---------------------------------------------------------------------------------------------

export const IdType = z.enum(['id_card', 'passport', 'hk_macau_permit'])
export type IdType = z.infer<typeof IdType>
export const ID_TYPE_LABELS: Record<IdType, string> = { id_card: '居民身份证', passport: '护照', hk_macau_permit: '港澳居民来往内地通行证' }

const ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CARD_CHECK = '10X98765432'

/** 居民身份证 (GB 11643-1999): 18 characters, a real birth date, and the ISO 7064 MOD 11-2 check digit. */
export function isValidIdCard(value: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) return false
  const year = Number(value.slice(6, 10))
  const month = Number(value.slice(10, 12))
  const day = Number(value.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth.getTime() > Date.now()) return false
  const sum = ID_CARD_WEIGHTS.reduce((total, weight, i) => total + weight * Number(value[i]), 0)
  return ID_CARD_CHECK[sum % 11] === value[17]
}

/** 护照: a Chinese passport (E12345678, EA1234567, G12345678) or a foreign one (5–17 letters and digits, with digits). */
export const isValidPassport = (value: string) => /^[A-Z0-9]{5,17}$/.test(value) && /\d/.test(value)

/** 港澳居民来往内地通行证: H (香港) or M (澳门), 8 digits, and on the card issued since 2013 two more for the issue count. */
export const isValidHkMacauPermit = (value: string) => /^[HM]\d{8}(\d{2})?$/.test(value)

const ID_CHECKS: Record<IdType, { valid: (value: string) => boolean; message: string }> = {
  id_card: { valid: isValidIdCard, message: '身份证号码有误，请核对（18 位，末位校验码）' },
  passport: { valid: isValidPassport, message: '护照号码有误：应为 5–17 位字母和数字' },
  hk_macau_permit: { valid: isValidHkMacauPermit, message: '港澳通行证号码有误：应为 H 或 M 开头加 8 位（或 10 位）数字' },
}

/** An ID number as typed: spaces dropped, letters upper-cased (x → X). */
export const normaliseIdNumber = (value: string) => value.replace(/\s+/g, '').toUpperCase()

/** Checks an ID number against its type; null when it is fine, else the Chinese message. */
export function idNumberProblem(idType: IdType, idNumber: string): string | null {
  const check = ID_CHECKS[idType]
  return check.valid(normaliseIdNumber(idNumber)) ? null : check.message
}

/**
 * What any of the three documents looks like (the regex /openapi.json shows): 18 characters of a
 * 居民身份证, or 5–17 letters and digits with at least one digit (护照; 港澳通行证 is one of these).
 * Which of them, and the check digit, depend on idType: `idNumberMatchesType` below.
 */
const ID_NUMBER_SHAPE = /^(?:[1-9]\d{16}[\dX]|(?=[A-Z]*\d)[A-Z0-9]{5,17})$/

/** The number of an identity document; normalised first (spaces dropped, x → X). */
const IdNumberText = z
  .string()
  .trim()
  .min(1, '请填写证件号码')
  .max(32, '证件号码过长')
  .overwrite(normaliseIdNumber)
  // abort: a number of no known shape is not checked against its type as well (one message)
  .regex(ID_NUMBER_SHAPE, { error: '证件号码有误：身份证 18 位，护照 5–17 位字母和数字，港澳通行证 H 或 M 加 8 或 10 位数字', abort: true })
  .describe('按 idType 校验：id_card 为 18 位居民身份证号（出生日期真实、末位 GB 11643 校验码）；passport 为 5–17 位大写字母和数字（含数字）；hk_macau_permit 为 H 或 M 加 8 或 10 位数字。空格会先去掉，小写 x 转为 X')

/** The number checked against its type (id_card's birth date and check digit); the message lands on idNumber. */
function idNumberMatchesType(doc: { idType: IdType; idNumber: string }, ctx: z.RefinementCtx) {
  const problem = idNumberProblem(doc.idType, doc.idNumber)
  if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem })
}

/** { idType, idNumber } with the number checked against its type. */
export const IdDocument = z.object({ idType: IdType, idNumber: IdNumberText }).superRefine(idNumberMatchesType)

const MOBILE = /^1[3-9]\d{9}$/
export const isValidMobile = (value: string) => MOBILE.test(value)
/** A mobile number as typed: spaces and dashes dropped, a +86 / 86 prefix removed. */
export const normaliseMobile = (value: string) => value.replace(/[\s-]/g, '').replace(/^\+?86/, '')
export const Mobile = z
  .string()
  .trim()
  .overwrite(normaliseMobile)
  .regex(MOBILE, '手机号码有误：应为 11 位中国大陆手机号')
  .describe('11 位中国大陆手机号；空格、短横线和 +86 前缀会先去掉')

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'
const PLATE_LETTER = 'A-HJ-NP-Z'
/**
 * A Chinese plate: province + issuing-office letter + 5 characters (letters without I/O, digits;
 * the last may be 挂/学/警/港/澳), or a new-energy plate with 6 (D/F then a letter or digit and 4
 * digits for small cars, 5 digits then D/F for large ones), and 使/领 plates.
 */
const PLATE = new RegExp(
  `^(?:[${PROVINCES}][${PLATE_LETTER}](?:[${PLATE_LETTER}0-9]{4}[${PLATE_LETTER}0-9挂学警港澳]|[DF][${PLATE_LETTER}0-9]\\d{4}|\\d{5}[DF])|使\\d{6}|\\d{3}使\\d{3}|[${PROVINCES}][${PLATE_LETTER}]\\d{4}领)$`,
)
export const normalisePlate = (value: string) => value.replace(/[\s·•.-]/g, '').toUpperCase()
export const isValidPlate = (value: string) => PLATE.test(normalisePlate(value))
export const PlateNo = z
  .string()
  .trim()
  .overwrite(normalisePlate)
  .regex(PLATE, '车牌号有误，例如 浙A12345 或新能源 浙AD12345')
  .describe('车牌号，如 浙A12345、新能源 浙AD12345；空格、点和短横线会先去掉，字母转为大写')

/** 330***********1234: the first 3 and last 4 characters of an ID number. */
export function maskIdNumber(value: string): string {
  if (value.length <= 7) return `${value.slice(0, 1)}${'*'.repeat(Math.max(0, value.length - 2))}${value.slice(-1)}`
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`
}
/** 138****5678 */
export const maskMobile = (value: string) => (value.length === 11 ? `${value.slice(0, 3)}****${value.slice(7)}` : maskIdNumber(value))

// ---------------------------------------------------------------------------------------------
// Visits
// ---------------------------------------------------------------------------------------------

/** Visit windows: at most this long, at most this far ahead; a pass opens this early. */
export const VISIT_MAX_LENGTH_DAYS = 30
export const VISIT_MAX_AHEAD_DAYS = 60
export const VISIT_EARLY_GRACE_MINUTES = 30
export const VISIT_MAX_COMPANIONS = 10

export const VisitStatus = z.enum(['invited', 'pending', 'approved', 'rejected', 'cancelled', 'checked_in', 'checked_out'])
export type VisitStatus = z.infer<typeof VisitStatus>
export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = {
  invited: '待访客填写',
  pending: '待审批',
  approved: '已通过',
  rejected: '未通过',
  cancelled: '已取消',
  checked_in: '已入园',
  checked_out: '已离开',
}
export const VisitSource = z.enum(['self', 'invitation', 'walk_in'])
export const VISIT_SOURCE_LABELS: Record<z.infer<typeof VisitSource>, string> = { self: '访客预约', invitation: '主人邀请', walk_in: '现场登记' }

const Name = (what: string) => singleLine().min(1, `请填写${what}`).max(32, `${what}过长`)

export const Companion = z
  .object({ name: Name('同行人姓名'), idType: IdType, idNumber: IdNumberText })
  .superRefine(idNumberMatchesType)

/** startAt < endAt, at most 30 days long; "not in the past" and "60 days ahead" are checked by the BFF against its clock. */
const withWindow = <T extends z.ZodType<{ startAt: Date; endAt: Date }>>(schema: T) =>
  schema.superRefine((value, ctx) => {
    if (value.endAt.getTime() <= value.startAt.getTime()) ctx.addIssue({ code: 'custom', path: ['endAt'], message: '离开时间须晚于到访时间' })
    else if (value.endAt.getTime() - value.startAt.getTime() > VISIT_MAX_LENGTH_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['endAt'], message: `一次来访最长 ${VISIT_MAX_LENGTH_DAYS} 天` })
  })

export const VisitCreate = withWindow(
  z
    .object({
      visitorName: Name('访客姓名'),
      mobile: Mobile,
      idType: IdType,
      idNumber: IdNumberText,
      company: singleLine().max(64, '单位名称不能超过 64 个字').optional(),
      purpose: requiredText('来访事由', 200),
      hostId: z.number().int().positive('请选择被访人'),
      startAt: Instant,
      endAt: Instant,
      companions: z.array(Companion).max(VISIT_MAX_COMPANIONS, `同行人最多 ${VISIT_MAX_COMPANIONS} 位`).default([]),
      plateNo: PlateNo.optional(),
    })
    .superRefine(idNumberMatchesType),
)
export type VisitCreate = z.input<typeof VisitCreate>

export const VisitCreated = z.object({ id: z.number().int(), status: VisitStatus })

export const Person = z.object({ id: z.number().int(), name: z.string(), unitName: z.string().nullable() })

/** A visit as its visitor, host, approver, guard or admin sees it: ID number and mobile masked. */
export const Visit = z.object({
  id: z.number().int(),
  status: VisitStatus,
  source: VisitSource,
  visitorName: z.string(),
  /** 138****5678 */
  mobileMasked: z.string().nullable(),
  idType: IdType.nullable(),
  /** 330***********1234 */
  idNumberMasked: z.string().nullable(),
  company: z.string().nullable(),
  purpose: z.string(),
  host: Person,
  startAt: z.string(),
  endAt: z.string(),
  companions: z.array(z.object({ name: z.string(), idType: IdType, idNumberMasked: z.string() })),
  plateNo: z.string().nullable(),
  /** who decides now: the host, or after escalation the host unit's approver */
  decider: z.object({ name: z.string(), escalated: z.boolean() }).nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  /** checked out by the end-of-day job, not at the gate */
  autoCheckedOut: z.boolean(),
  createdAt: z.string(),
  /** what the signed-in user may do with it now */
  can: z.object({ approve: z.boolean(), cancel: z.boolean(), viewPass: z.boolean(), viewPii: z.boolean() }),
})
export type Visit = z.infer<typeof Visit>

export const VisitListQuery = z.object({
  as: z.enum(['visitor', 'host']).default('visitor'),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})
export const VisitList = z.object({ items: z.array(Visit), nextCursor: z.string().nullable() })
export type VisitList = z.infer<typeof VisitList>

/** Hosts are found by name within a unit: never a list of all staff. */
export const HostSearchQuery = z.object({
  unitId: z.coerce.number().int().positive('请选择被访单位'),
  q: singleLine().min(1, '请输入被访人姓名').max(32),
})
export const HostList = z.object({ items: z.array(Person) })
export type HostList = z.infer<typeof HostList>

/** The visitor's details from earlier visits, masked, to fill the form again (the BFF keeps the values). */
export const VisitorProfile = z.object({
  items: z.array(
    z.object({
      /** the booking form is filled with these; the visitor re-types the full numbers (only masks leave the BFF) */
      visitorName: z.string(),
      mobileMasked: z.string(),
      idType: IdType,
      idNumberMasked: z.string(),
      company: z.string().nullable(),
      plateNo: z.string().nullable(),
    }),
  ),
})

export const InvitationCreate = withWindow(
  z.object({
    visitorName: Name('访客姓名'),
    mobile: Mobile,
    startAt: Instant,
    endAt: Instant,
    purpose: requiredText('来访事由', 200),
    plateNo: PlateNo.optional(),
  }),
)
export const InvitationCreated = z.object({ id: z.number().int(), inviteUrl: z.string() })
export const InvitationTokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '邀请链接无效') })
/** What the invited visitor sees before completing the details. */
export const InvitationView = z.object({
  visitorName: z.string(),
  mobileMasked: z.string(),
  host: Person,
  purpose: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  plateNo: z.string().nullable(),
  /** already completed: the visit's id */
  acceptedVisitId: z.number().int().nullable(),
})
export const InvitationAccept = z
  .object({
    idType: IdType,
    idNumber: IdNumberText,
    companions: z.array(Companion).max(VISIT_MAX_COMPANIONS, `同行人最多 ${VISIT_MAX_COMPANIONS} 位`).default([]),
  })
  .superRefine(idNumberMatchesType)

export const VisitReject = z.object({ reason: reasonText('不通过的原因', 100) })

// ---------------------------------------------------------------------------------------------
// The pass and the gate
// ---------------------------------------------------------------------------------------------

export const VisitPass = z.object({
  /** what the QR code carries now (see `./visit-pass`) */
  content: z.string(),
  refreshInSec: z.number().int(),
  validFrom: z.string(),
  validTo: z.string(),
  visitorName: z.string(),
  hostName: z.string(),
  plateNo: z.string().nullable(),
  status: VisitStatus,
  /** what the phone needs to compute the rotating code itself with no network */
  offline: z.object({
    visitId: z.number().int(),
    /** per-visit secret, hex (32 bytes); handed only to this visit's visitor */
    secret: z.string(),
    stepSec: z.number().int(),
    algorithm: z.literal('HMAC-SHA256'),
    /** the BFF's clock minus the phone's is corrected for with this (ms at the time of the answer) */
    serverTime: z.string(),
  }),
})
export type VisitPass = z.infer<typeof VisitPass>

export const GateScan = z.object({ content: z.string().trim().min(1, '请扫描或输入通行码').max(200, '通行码过长') })
export const GateDenyReason = z.enum(['expired', 'not_yet', 'cancelled', 'blocked', 'bad_signature', 'checked_out', 'not_approved'])
export type GateDenyReason = z.infer<typeof GateDenyReason>
export const GATE_DENY_LABELS: Record<GateDenyReason, string> = {
  expired: '过期',
  not_yet: '未到时间',
  cancelled: '已取消',
  blocked: '黑名单',
  bad_signature: '无效通行码',
  checked_out: '已离开',
  not_approved: '未审批',
}
/** What the guard should do about each refusal (under the reason on the gate's screen). */
export const GATE_DENY_HINTS: Record<GateDenyReason, string> = {
  expired: '来访时段已过，请访客联系被访人重新预约',
  not_yet: '未到来访时段（可提前 30 分钟入园），请访客稍后再来',
  cancelled: '本次来访已取消，请访客联系被访人',
  blocked: '该访客在黑名单中，请勿放行',
  // a camera's junk, another app's code, a screenshot of an old code, a forged one
  bad_signature: '不是有效的访客通行码，请让访客打开 e管家 通行码',
  checked_out: '本次来访已结束，再次来访需重新预约',
  not_approved: '来访尚未获批，请访客联系被访人',
}
export const GateVisitSummary = z.object({
  id: z.number().int(),
  visitorName: z.string(),
  hostName: z.string(),
  hostUnitName: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string(),
  plateNo: z.string().nullable(),
  companions: z.number().int(),
})
export const GateScanResult = z.object({
  result: z.enum(['allow', 'deny']),
  action: z.enum(['check_in', 'check_out']).optional(),
  reason: GateDenyReason.optional(),
  /** the reason in Chinese (过期 / 未到时间 / …) */
  reasonText: z.string().optional(),
  /** a refusal: what the guard should do (e.g. 不是有效的访客通行码，请让访客打开 e管家 通行码) */
  hint: z.string().optional(),
  /**
   * The visitor was already inside before this answer (the pass scanned again within a minute of
   * entry, or 入园 pressed for someone inside): when they came in. The gate shows 已在园 and offers 离开.
   */
  insideSince: z.string().optional(),
  visit: GateVisitSummary.optional(),
})
export type GateScanResult = z.infer<typeof GateScanResult>

export const GateExpectedQuery = z.object({ date: CalendarDate.optional() })
export const GateExpected = z.object({
  date: z.string(),
  items: z.array(GateVisitSummary.extend({ status: VisitStatus, checkedInAt: z.string().nullable() })),
  /** plates expected that day */
  plates: z.array(z.object({ plateNo: z.string(), visitorName: z.string(), visitId: z.number().int() })),
})
export const GateOnSite = z.object({
  items: z.array(GateVisitSummary.extend({ checkedInAt: z.string(), overstayed: z.boolean() })),
})

export const WalkInCreate = z
  .object({
    visitorName: Name('访客姓名'),
    mobile: Mobile,
    idType: IdType,
    idNumber: IdNumberText,
    company: singleLine().max(64).optional(),
    purpose: requiredText('来访事由', 200),
    hostId: z.number().int().positive('请选择被访人'),
    plateNo: PlateNo.optional(),
    companions: z.array(Companion).max(VISIT_MAX_COMPANIONS).default([]),
  })
  .superRefine(idNumberMatchesType)

// ---------------------------------------------------------------------------------------------
// Personal data, block list, statistics
// ---------------------------------------------------------------------------------------------

export const PiiQuery = z.object({ reason: reasonText('查看原因', 100) })
export const VisitPii = z.object({
  visitorName: z.string(),
  mobile: z.string().nullable(),
  idType: IdType.nullable(),
  idNumber: z.string().nullable(),
  companions: z.array(z.object({ name: z.string(), idType: IdType, idNumber: z.string() })),
})
export const PiiAuditList = z.object({
  items: z.array(z.object({ id: z.number().int(), viewer: z.string(), visitId: z.number().int(), visitorName: z.string(), reason: z.string(), viewedAt: z.string() })),
  nextCursor: z.string().nullable(),
})
export const PiiAuditQuery = z.object({ cursor: Cursor.optional(), limit: z.coerce.number().int().min(1).max(50).default(20) })

export const BlocklistEntryCreate = IdDocument.and(z.object({ name: singleLine().max(32).optional(), reason: reasonText('原因', 100) }))
export const BlocklistEntry = z.object({ id: z.number().int(), idType: IdType, idNumberMasked: z.string(), name: z.string().nullable(), reason: z.string(), createdAt: z.string(), createdBy: z.string() })
export const Blocklist = z.object({ items: z.array(BlocklistEntry) })

export const VisitStatsQuery = z.object({ month: CalendarMonth })
export const VisitStats = z.object({
  month: z.string(),
  /** 来访次数: visits booked, invited (and completed) or registered at the gate that start in the month */
  visits: z.number().int(),
  /** 访客人数: the different people who came, companions included; someone who came twice counts once */
  visitors: z.number().int(),
  /** 实际入园: visits checked in at the gate */
  checkedIn: z.number().int(),
  byUnit: z.array(z.object({ unitName: z.string(), visits: z.number().int() })),
  /** check-ins by hour of day (0–23, Asia/Shanghai) */
  byHour: z.array(z.object({ hour: z.number().int(), checkIns: z.number().int() })),
})
export type VisitStats = z.infer<typeof VisitStats>
