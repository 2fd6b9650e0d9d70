import {
  ASSET_CATEGORIES,
  ASSET_CONDITIONS,
  ASSET_DISPOSAL_STATUSES,
  ASSET_LOAN_STATUSES,
  ASSET_STATUSES,
  ASSET_TRANSFER_STATUSES,
} from './assets-values'
import { Cursor, IdNumber } from './ids'
import { multiLine, reasonText, requiredLine, singleLine } from './text'
import { CalendarDate, CalendarMonth } from './time'
import { z } from './zod'

// 公物仓: idle assets shared between units — register, 调剂 (transfer), 借用 (loan), 盘点, check before buying.

export * from './assets-values'

export const AssetCategorySchema = z.enum(ASSET_CATEGORIES)
export const AssetConditionSchema = z.enum(ASSET_CONDITIONS)
export const AssetStatusSchema = z.enum(ASSET_STATUSES)
export const AssetTransferStatusSchema = z.enum(ASSET_TRANSFER_STATUSES)
export const AssetLoanStatusSchema = z.enum(ASSET_LOAN_STATUSES)
export const AssetDisposalStatusSchema = z.enum(ASSET_DISPOSAL_STATUSES)

/** 1 亿元 in 分: above it, a typo (an extra zero or two), not a desk. */
export const ASSET_MAX_VALUE_FEN = 10_000_000_000

// --- the asset --------------------------------------------------------------------------------------

export const AssetCreate = z.object({
  name: requiredLine('资产名称', 50),
  category: AssetCategorySchema,
  brand: singleLine().max(30, '品牌不能超过 30 个字').optional(),
  model: singleLine().max(50, '规格型号不能超过 50 个字').optional(),
  condition: AssetConditionSchema,
  originalValueFen: z.number().int('原值须为整数（分）').min(0, '原值不能为负').max(ASSET_MAX_VALUE_FEN, '原值过大，请检查'),
  acquiredOn: CalendarDate.describe('取得日期（不晚于今天）'),
  location: requiredLine('存放地点', 50),
  /** list it in the warehouse at once (闲置) */
  idle: z.boolean().default(false),
})
export type AssetCreate = z.infer<typeof AssetCreate>

export const AssetUpdate = z.object({
  name: requiredLine('资产名称', 50).optional(),
  category: AssetCategorySchema.optional(),
  brand: singleLine().max(30, '品牌不能超过 30 个字').optional(),
  model: singleLine().max(50, '规格型号不能超过 50 个字').optional(),
  condition: AssetConditionSchema.optional(),
  location: requiredLine('存放地点', 50).optional(),
  /** 闲置 (offered in the warehouse) or 在用; on_loan and disposed come from loans and 报废 */
  status: z.enum(['idle', 'in_use']).optional(),
  reason: singleLine().max(100, '修改原因不能超过 100 个字').optional(),
})
export type AssetUpdate = z.infer<typeof AssetUpdate>

export const AssetListQuery = z.object({
  status: AssetStatusSchema.optional().describe('omitted: every status but disposed'),
  category: AssetCategorySchema.optional(),
  unitId: IdNumber.optional(),
  q: singleLine().max(50).optional().describe('名称、品牌、型号或编号'),
  /** only my unit's (a keeper's own list) */
  mine: z.enum(['1']).optional(),
  cursor: Cursor.optional(),
})
export type AssetListQuery = z.infer<typeof AssetListQuery>

export const AssetListItem = z.object({
  id: z.number().int(),
  name: z.string(),
  category: AssetCategorySchema,
  condition: AssetConditionSchema,
  unitId: z.number().int(),
  unitName: z.string(),
  status: AssetStatusSchema,
  /** signed addresses: an <image> loads them without a token */
  photoUrls: z.array(z.string()),
  /** the printed code's URL */
  code: z.string(),
  /** the typable 编号 under the QR, e.g. A12-7KQ4PX */
  shortCode: z.string(),
  brand: z.string().nullable(),
  model: z.string().nullable(),
  location: z.string(),
  originalValueFen: z.number().int(),
})
export type AssetListItem = z.infer<typeof AssetListItem>
export const AssetList = z.object({ items: z.array(AssetListItem), nextCursor: z.string().nullable() })
export type AssetList = z.infer<typeof AssetList>

export const AssetHistoryEntry = z.object({
  at: z.string(),
  /** registered, listed, unlisted, updated, transfer_* and transferred, loan_requested / _approved / _rejected / _cancelled, loaned, returned, damaged, disposal_requested, disposed, stocktake_found (repairs once 报修 exists) */
  kind: z.string(),
  text: z.string(),
})
export type AssetHistoryEntry = z.infer<typeof AssetHistoryEntry>

export const AssetDateRange = z.object({ startDate: z.string(), endDate: z.string() })
export type AssetDateRange = z.infer<typeof AssetDateRange>

export const AssetDetail = AssetListItem.extend({
  acquiredOn: z.string(),
  /** straight-line over the category's life (ASSET_LIFE_YEARS), today */
  residualValueFen: z.number().int(),
  photos: z.array(z.object({ id: z.number().int(), url: z.string() })),
  history: z.array(AssetHistoryEntry),
  /** days held by pending, approved and current loans, from today on (the borrow form's calendar) */
  takenRanges: z.array(AssetDateRange.extend({ status: AssetLoanStatusSchema })),
  /** a transfer in progress, if any */
  openTransferId: z.number().int().nullable(),
  /** a 报废 waiting for the centre, if any */
  openDisposalId: z.number().int().nullable(),
  /** what the caller may do now (the page shows only these buttons) */
  can: z.object({ edit: z.boolean(), borrow: z.boolean(), requestTransfer: z.boolean(), dispose: z.boolean() }),
})
export type AssetDetail = z.infer<typeof AssetDetail>

/** A scanned asset code: the asset, and what the scan can do for the caller right now. */
export const AssetScanQuery = z.object({ code: z.string().trim().min(1, '请扫描资产二维码').max(300) })
export const AssetScan = z.object({
  asset: AssetListItem,
  /** an approved loan of this asset the caller (its keeper) can hand over now */
  handOverLoanId: z.number().int().nullable(),
  /** the loan of this asset now out, which the caller (its keeper) can take back */
  returnLoanId: z.number().int().nullable(),
  /** the caller's unit's stocktake in progress: scanning adds the asset to it */
  stocktakeId: z.number().int().nullable(),
})
export type AssetScan = z.infer<typeof AssetScan>

export const AssetQrSheetQuery = z.object({
  ids: z
    .string()
    .regex(/^\d{1,16}(,\d{1,16}){0,199}$/, '资产编号以逗号分隔，最多 200 个')
    .optional()
    .describe('comma-separated asset ids; omitted: every asset of my unit'),
})

export const AssetPhotoParams = z.object({ id: IdNumber, photoId: IdNumber })
/** A photo's signed address: `<photoId>.<signature>` (assets in the warehouse are seen by every unit; the signature stops enumeration). */
export const AssetPhotoTokenParam = z.object({ token: z.string().regex(/^\d{1,16}\.[A-Za-z0-9_-]{16}$/, '照片地址无效') })

// --- 报废 ---------------------------------------------------------------------------------------------

export const AssetDisposalCreate = z.object({ reason: reasonText('报废原因', 200) })
export const AssetDisposalReject = z.object({ reason: reasonText('不通过的原因', 200) })
export const AssetDisposal = z.object({
  id: z.number().int(),
  assetId: z.number().int(),
  assetName: z.string(),
  unitName: z.string(),
  originalValueFen: z.number().int(),
  reason: z.string(),
  status: AssetDisposalStatusSchema,
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
})
export type AssetDisposal = z.infer<typeof AssetDisposal>
export const AssetDisposalListQuery = z.object({ status: AssetDisposalStatusSchema.optional() })
export const AssetDisposalList = z.object({ items: z.array(AssetDisposal) })

// --- 调剂 ---------------------------------------------------------------------------------------------

export const AssetTransferCreate = z.object({ assetId: z.number().int().positive(), reason: reasonText('调剂理由', 200) })
export type AssetTransferCreate = z.infer<typeof AssetTransferCreate>
export const AssetTransferReject = z.object({ reason: reasonText('不同意的原因', 200) })

export const AssetTransfer = z.object({
  id: z.number().int(),
  /** 调拨单号 once received: DB-<year>-<id, 5 digits>, e.g. DB-2026-00017 */
  slipNo: z.string().nullable(),
  assetId: z.number().int(),
  assetName: z.string(),
  category: AssetCategorySchema,
  originalValueFen: z.number().int(),
  residualValueFen: z.number().int(),
  fromUnitId: z.number().int(),
  fromUnitName: z.string(),
  toUnitId: z.number().int(),
  toUnitName: z.string(),
  reason: z.string(),
  status: AssetTransferStatusSchema,
  requestedBy: z.string(),
  requestedAt: z.string(),
  /** who decides now, in words ("市发改委 资产管理员", "机关事务管理中心"); null when finished */
  waitingFor: z.string().nullable(),
  steps: z.array(z.object({ label: z.string(), by: z.string().nullable(), at: z.string().nullable(), done: z.boolean() })),
  rejectReason: z.string().nullable(),
  rejectedBy: z.string().nullable(),
  /** what the caller may do now */
  can: z.object({ agree: z.boolean(), approve: z.boolean(), receive: z.boolean(), reject: z.boolean(), cancel: z.boolean() }),
})
export type AssetTransfer = z.infer<typeof AssetTransfer>
export const AssetTransferListQuery = z.object({
  /** mine: my unit's requests and those of its assets; todo: waiting for me; all: every transfer (admin) */
  view: z.enum(['mine', 'todo', 'all']).default('mine'),
  status: AssetTransferStatusSchema.optional(),
  cursor: Cursor.optional(),
})
export const AssetTransferList = z.object({ items: z.array(AssetTransfer), nextCursor: z.string().nullable() })
export type AssetTransferList = z.infer<typeof AssetTransferList>

// --- 借用 ---------------------------------------------------------------------------------------------

export const AssetLoanCreate = z
  .object({
    assetId: z.number().int().positive(),
    startDate: CalendarDate,
    endDate: CalendarDate,
    purpose: requiredLine('借用事由', 100),
  })
  .superRefine((value, ctx) => {
    if (value.endDate < value.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: '归还日期不能早于借用日期' })
  })
export type AssetLoanCreate = z.infer<typeof AssetLoanCreate>
export const AssetLoanReject = z.object({ reason: reasonText('不同意的原因', 200) })
/** Hand-over and return are recorded by scanning the asset's code: the code must be this loan's asset. */
export const AssetLoanHandOver = z.object({ code: z.string().trim().min(1, '请扫描资产二维码').max(300) })
export const AssetLoanReturn = z.object({
  code: z.string().trim().min(1, '请扫描资产二维码').max(300),
  condition: AssetConditionSchema,
  note: multiLine().max(200, '说明不能超过 200 个字').optional(),
})

export const AssetLoan = z.object({
  id: z.number().int(),
  assetId: z.number().int(),
  assetName: z.string(),
  assetShortCode: z.string(),
  ownerUnitId: z.number().int(),
  ownerUnitName: z.string(),
  borrowerId: z.number().int(),
  borrowerName: z.string(),
  borrowerUnitName: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  purpose: z.string(),
  status: AssetLoanStatusSchema,
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  rejectReason: z.string().nullable(),
  handedOverAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnCondition: AssetConditionSchema.nullable(),
  returnNote: z.string().nullable(),
  /** days past the due date, while out (0 when not overdue) */
  daysOverdue: z.number().int(),
  can: z.object({ approve: z.boolean(), reject: z.boolean(), handOver: z.boolean(), return: z.boolean(), cancel: z.boolean() }),
})
export type AssetLoan = z.infer<typeof AssetLoan>
export const AssetLoanListQuery = z.object({
  /** mine: I borrow; todo: waiting for me as keeper (approve, hand over, take back); unit: my unit's assets' loans */
  view: z.enum(['mine', 'todo', 'unit']).default('mine'),
  status: AssetLoanStatusSchema.optional(),
  cursor: Cursor.optional(),
})
export const AssetLoanList = z.object({ items: z.array(AssetLoan), nextCursor: z.string().nullable() })
export type AssetLoanList = z.infer<typeof AssetLoanList>
export const AssetOverdueList = z.object({ items: z.array(AssetLoan) })

// --- 公物仓优先: check before buying -------------------------------------------------------------------

export const AssetBuyCheckQuery = z.object({
  category: AssetCategorySchema,
  q: singleLine().max(50).optional().describe('what the unit means to buy: 名称、品牌、型号'),
})
export const AssetBuyCheck = z.object({
  /** the numbered 查询凭证, e.g. CK-20261207-0003 */
  receiptNo: z.string(),
  category: AssetCategorySchema,
  q: z.string().nullable(),
  checkedAt: z.string(),
  validUntil: z.string(),
  unitName: z.string(),
  /** "公物仓无可调剂资产" or "公物仓有 N 件可调剂资产" */
  verdict: z.string(),
  matches: z.array(AssetListItem),
})
export type AssetBuyCheck = z.infer<typeof AssetBuyCheck>

export const AssetPurchaseCreate = z.object({
  receiptNo: z.string().trim().regex(/^CK-\d{8}-\d{4,12}$/, '查询凭证号格式为 CK-YYYYMMDD-NNNN'),
  category: AssetCategorySchema,
  name: requiredLine('拟购资产名称', 50),
  quantity: z.number().int().min(1, '数量至少为 1').max(10_000, '数量过大'),
  budgetFen: z.number().int().min(1, '请填写预算').max(ASSET_MAX_VALUE_FEN, '预算过大，请检查'),
  /** required when the 凭证 found assets: why none of them will do */
  whyNotReuse: multiLine().max(200, '说明不能超过 200 个字').optional(),
})
export type AssetPurchaseCreate = z.infer<typeof AssetPurchaseCreate>
export const AssetPurchase = z.object({
  id: z.number().int(),
  receiptNo: z.string(),
  unitName: z.string(),
  category: AssetCategorySchema,
  name: z.string(),
  quantity: z.number().int(),
  budgetFen: z.number().int(),
  whyNotReuse: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
})
export type AssetPurchase = z.infer<typeof AssetPurchase>
export const AssetPurchaseList = z.object({ items: z.array(AssetPurchase) })

// --- 盘点 ---------------------------------------------------------------------------------------------

export const AssetStocktakeScans = z.object({
  codes: z.array(z.string().trim().min(1).max(300)).min(1, '没有要提交的扫码').max(500, '一次最多提交 500 个码'),
})
export const AssetStocktakeLine = z.object({ id: z.number().int(), name: z.string(), shortCode: z.string(), location: z.string(), unitName: z.string(), status: AssetStatusSchema })
export const AssetStocktake = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  status: z.enum(['open', 'finished']),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** the unit's assets to find (not disposed) */
  expected: z.number().int(),
  scanned: z.number().int(),
  found: z.array(AssetStocktakeLine),
  /** once finished (while open: not yet scanned) */
  missing: z.array(AssetStocktakeLine),
  /** scanned here, registered to another unit */
  foreign: z.array(AssetStocktakeLine),
  /** out on loan: not expected on the shelf */
  onLoan: z.array(AssetStocktakeLine),
})
export type AssetStocktake = z.infer<typeof AssetStocktake>
export const AssetStocktakeScanResult = z.object({
  /** codes newly counted by this request (a code sent twice counts once) */
  accepted: z.number().int(),
  /** codes that are not asset codes, or forged */
  unknown: z.array(z.string()),
  scanned: z.number().int(),
  expected: z.number().int(),
})
export const AssetStocktakeList = z.object({ items: z.array(AssetStocktake.omit({ found: true, missing: true, foreign: true, onLoan: true })) })
export const AssetStocktakeFinished = z.object({
  found: z.array(AssetStocktakeLine),
  missing: z.array(AssetStocktakeLine),
  foreign: z.array(AssetStocktakeLine),
  onLoan: z.array(AssetStocktakeLine),
})

// --- 统计 ---------------------------------------------------------------------------------------------

export const AssetStatsQuery = z.object({ month: CalendarMonth })
export const AssetStats = z.object({
  month: z.string(),
  /** assets put in the warehouse (闲置) this month */
  listed: z.number().int(),
  transfersDone: z.number().int(),
  /** loans handed over this month */
  loansDone: z.number().int(),
  /** original value of what was transferred or lent this month */
  reusedOriginalFen: z.number().int(),
  reusedResidualFen: z.number().int(),
  /** loans out past their due date now */
  overdueNow: z.number().int(),
  /** purchases filed, and 查询凭证 that found something */
  purchases: z.number().int(),
  checks: z.number().int(),
  checksWithMatches: z.number().int(),
  idleNow: z.number().int(),
  byUnit: z.array(
    z.object({ unitId: z.number().int(), unitName: z.string(), listed: z.number().int(), transfersIn: z.number().int(), transfersOut: z.number().int(), loansOut: z.number().int(), reusedOriginalFen: z.number().int() }),
  ),
})
export type AssetStats = z.infer<typeof AssetStats>
