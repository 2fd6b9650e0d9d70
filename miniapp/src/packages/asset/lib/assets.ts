import {
  assetTransfersApi,
  inShanghai,
  PAGES,
  pageUrl,
  parseQrContent,
  type AssetDateRange,
  type AssetLoanStatus,
  type AssetStatus,
  type AssetTransferStatus,
} from '@egj/shared'
import { fetchBytes } from '../../../api/client'
import type { PillTone } from '../../../components/Pill'
import { fieldErrorsFrom } from '../../../utils/field-errors'
import { openHtmlSheet, type SheetResult } from '../../../utils/files'
import { addDays, dayText } from '../../../utils/time'

export { addDays, dayText, momentText, todayInShanghai } from '../../../utils/time'

/*
 * What the 公物仓 pages (packages/asset) share: their addresses, how statuses and dates read on
 * screen, a scanned code read as an asset code, the overlap refusal's details, the 调拨单.
 */

export const WAREHOUSE_PAGE = pageUrl(PAGES.assetWarehouse)
export const assetDetailPage = (id: number) => pageUrl(PAGES.assetDetail, { id })
export const assetBorrowPage = (assetId: number, dates?: { start: string; end: string }) => pageUrl(PAGES.assetBorrow, { assetId, ...dates })
export const assetLoansPage = (view?: 'mine' | 'todo' | 'unit') => pageUrl(PAGES.assetLoans, { view })
export const assetLoanPage = (id: number) => pageUrl(PAGES.assetLoan, { id })
export const assetTransfersPage = (view?: 'mine' | 'todo' | 'all') => pageUrl(PAGES.assetTransfers, { view })
export const assetTransferPage = (id: number) => pageUrl(PAGES.assetTransfer, { id })
/** the 资产管理 page (packages/asset-admin): a link, not an import */
export const assetEditPage = (id: number) => pageUrl(PAGES.assetEdit, { id })

export const ASSET_STATUS_TONES: Record<AssetStatus, PillTone> = { idle: 'green', in_use: 'blue', on_loan: 'orange', disposed: 'gray' }
export const LOAN_STATUS_TONES: Record<AssetLoanStatus, PillTone> = { pending: 'orange', approved: 'blue', on_loan: 'blue', returned: 'green', rejected: 'red', cancelled: 'gray' }
export const TRANSFER_STATUS_TONES: Record<AssetTransferStatus, PillTone> = {
  pending_owner: 'orange',
  pending_centre: 'orange',
  pending_receipt: 'blue',
  done: 'green',
  rejected: 'red',
  cancelled: 'gray',
}

/** "2025-12-08" → "12-08" (the one-tap 改为 button) */
export const mmdd = (day: string) => day.slice(5)
/** Days in a range, both ends counted. */
export const daysIn = (startDate: string, endDate: string) => inShanghai(`${endDate}T12:00:00+08:00`).diff(inShanghai(`${startDate}T12:00:00+08:00`), 'day') + 1
/** "12月8日 周一 至 12月10日 周三（3 天）", or one day "12月8日 周一（1 天）"; `short`: without the weekdays (lists) */
export function rangeText(startDate: string, endDate: string, short = false): string {
  const days = daysIn(startDate, endDate)
  const text = (day: string) => (short ? inShanghai(`${day}T12:00:00+08:00`).format('M月D日') : dayText(day))
  return startDate === endDate ? `${text(startDate)}（1 天）` : `${text(startDate)} 至 ${text(endDate)}（${days} 天）`
}
/** "12-08 至 12-10" */
export const shortRange = (r: AssetDateRange) => (r.startDate === r.endDate ? mmdd(r.startDate) : `${mmdd(r.startDate)} 至 ${mmdd(r.endDate)}`)

/** The borrow form's default: tomorrow to the day after next. */
export function defaultLoanDates(today: string): { startDate: string; endDate: string } {
  return { startDate: addDays(today, 1), endDate: addDays(today, 2) }
}

/** The details of a 409 ASSET_LOAN_OVERLAP: the ranges in the way, and the nearest free range of the same length. */
export function overlapDetails(details: unknown): { taken: AssetDateRange[]; nextFree: AssetDateRange | null } {
  const d = (details ?? {}) as { taken?: unknown; nextFree?: unknown }
  const isRange = (r: unknown): r is AssetDateRange => !!r && typeof (r as AssetDateRange).startDate === 'string' && typeof (r as AssetDateRange).endDate === 'string'
  return { taken: Array.isArray(d.taken) ? d.taken.filter(isRange) : [], nextFree: isRange(d.nextFree) ? d.nextFree : null }
}

/** The borrow form's field errors from a refusal: the dates share one slot, under the two pickers. */
export function loanFieldErrors(error: { code: string; message: string; details?: unknown }): Record<string, string> {
  const fields = fieldErrorsFrom(error, { ASSET_LOAN_IN_PAST: 'dates', ASSET_LOAN_TOO_LONG: 'dates', ASSET_LOAN_TOO_FAR: 'dates', ASSET_LOAN_OVERLAP: 'dates' }, { topLevel: true })
  const dates = fields.dates ?? fields.startDate ?? fields.endDate
  const out: Record<string, string> = {}
  if (dates) out.dates = dates
  if (fields.purpose) out.purpose = fields.purpose
  return out
}

/**
 * Scanned or typed text read as an asset code: the path form the BFF reads (`/q/a/<token>`, or
 * the typed 编号 A12-7KQ4PX inside it), or null when it is not an asset code.
 */
export function assetCodeOf(text: string): string | null {
  const parsed = parseQrContent(text, 'a')
  return parsed ? `/q/a/${parsed.token}` : null
}

/** The 调拨单 (HTML, printable): a new tab to print (H5); weapp: 'use-computer'. */
export function openTransferSlip(id: number): Promise<SheetResult> {
  return openHtmlSheet('正在生成调拨单…', () => fetchBytes(assetTransfersApi.slip, { params: { id } }))
}
