/*
 * The plain values of 公物仓 (no schemas), re-exported by assets.ts: the pages need the lists and
 * labels, not the schemas (see org-admin-values.ts for why this keeps the weapp main package small).
 */

/** The fixed category tree: a category decides the life used for the residual value. */
export const ASSET_CATEGORIES = ['furniture', 'computer', 'office_equipment', 'vehicle_parts', 'meeting_equipment', 'other'] as const
export type AssetCategory = (typeof ASSET_CATEGORIES)[number]
export const ASSET_CATEGORY_LABELS: Record<AssetCategory, string> = {
  furniture: '办公家具',
  computer: '电脑及外设',
  office_equipment: '办公设备',
  vehicle_parts: '车辆配件',
  meeting_equipment: '会议设备',
  other: '其他',
}
/**
 * Years of use by category (财政部《政府会计准则第3号——固定资产》应用指南 minimums: 家具 15 年,
 * 计算机 6 年, 办公设备 6 年, 车辆 8 年, 会议音视频 5 年): the residual value of a reused asset is
 * its original value written down straight-line over these.
 */
export const ASSET_LIFE_YEARS: Record<AssetCategory, number> = {
  furniture: 15,
  computer: 6,
  office_equipment: 6,
  vehicle_parts: 8,
  meeting_equipment: 5,
  other: 5,
}

export const ASSET_CONDITIONS = ['new', 'good', 'fair', 'needs_repair'] as const
export type AssetCondition = (typeof ASSET_CONDITIONS)[number]
export const ASSET_CONDITION_LABELS: Record<AssetCondition, string> = { new: '全新', good: '良好', fair: '一般', needs_repair: '待修' }

/** idle: in the warehouse, visible to every unit; in_use: the owner's, not offered; on_loan: handed over to a borrower; disposed: 报废 (kept for its history). */
export const ASSET_STATUSES = ['idle', 'in_use', 'on_loan', 'disposed'] as const
export type AssetStatus = (typeof ASSET_STATUSES)[number]
export const ASSET_STATUS_LABELS: Record<AssetStatus, string> = { idle: '闲置可调剂', in_use: '在用', on_loan: '借出中', disposed: '已报废' }

/** 调剂: requested → the owning keeper agrees → the centre approves → the receiving keeper confirms receipt. */
export const ASSET_TRANSFER_STATUSES = ['pending_owner', 'pending_centre', 'pending_receipt', 'done', 'rejected', 'cancelled'] as const
export type AssetTransferStatus = (typeof ASSET_TRANSFER_STATUSES)[number]
export const ASSET_TRANSFER_STATUS_LABELS: Record<AssetTransferStatus, string> = {
  pending_owner: '待原单位同意',
  pending_centre: '待管理中心审批',
  pending_receipt: '待接收确认',
  done: '已完成调剂',
  rejected: '未通过',
  cancelled: '已撤回',
}

/** 借用: pending → approved (by the owning keeper) → on_loan (handed over, scanned) → returned (scanned). */
export const ASSET_LOAN_STATUSES = ['pending', 'approved', 'on_loan', 'returned', 'rejected', 'cancelled'] as const
export type AssetLoanStatus = (typeof ASSET_LOAN_STATUSES)[number]
export const ASSET_LOAN_STATUS_LABELS: Record<AssetLoanStatus, string> = {
  pending: '待审批',
  approved: '已批准，待领用',
  on_loan: '借用中',
  returned: '已归还',
  rejected: '未通过',
  cancelled: '已取消',
}
/** The loan statuses that hold their days (the database refuses a second holder of a day). */
export const ASSET_LOAN_HOLDING = ['pending', 'approved', 'on_loan'] as const satisfies readonly AssetLoanStatus[]

/** Longest loan, in days (both ends counted): 3 months; `ASSET_LOAN_MAX_DAYS` in the BFF's env may lower it. */
export const ASSET_LOAN_MAX_DAYS = 90
/** How far ahead a loan may start. */
export const ASSET_LOAN_HORIZON_DAYS = 180
/** A 查询凭证 stands behind a purchase for this many days. */
export const ASSET_BUY_CHECK_VALID_DAYS = 30
export const ASSET_MAX_PHOTOS = 6
export const ASSET_PHOTO_MAX_BYTES = 2 * 1024 * 1024
/** What a photo may be: its bytes are checked too, not only the declared type. */
export const ASSET_PHOTO_TYPES = ['image/jpeg', 'image/png'] as const

/** The reminder steps of a loan: before and on the due date to the borrower, then escalating. */
export const ASSET_LOAN_REMINDERS = ['due_in_3', 'due_today', 'overdue_1', 'overdue_3', 'overdue_7'] as const
export type AssetLoanReminder = (typeof ASSET_LOAN_REMINDERS)[number]

export const ASSET_DISPOSAL_STATUSES = ['pending', 'approved', 'rejected'] as const
export type AssetDisposalStatus = (typeof ASSET_DISPOSAL_STATUSES)[number]
export const ASSET_DISPOSAL_STATUS_LABELS: Record<AssetDisposalStatus, string> = { pending: '待审批', approved: '已报废', rejected: '未通过' }
