import { ASSET_CATEGORIES, ASSET_CATEGORY_LABELS, ASSET_CONDITION_LABELS, ASSET_CONDITIONS, inShanghai, type AssetDisposalStatus, type AssetStatus } from '@egj/shared'
import { formatTime } from '../../../utils/time'
import type { PillTone } from '../../../components/Pill'

export const STATUS_TONES: Record<AssetStatus, PillTone> = { idle: 'green', in_use: 'blue', on_loan: 'orange', disposed: 'gray' }
export const DISPOSAL_TONES: Record<AssetDisposalStatus, PillTone> = { pending: 'orange', approved: 'gray', rejected: 'red' }

export const CATEGORY_OPTIONS = ASSET_CATEGORIES.map((value) => ({ value, label: ASSET_CATEGORY_LABELS[value] }))
export const CATEGORY_NAMES = CATEGORY_OPTIONS.map((option) => option.label)
export const CONDITION_OPTIONS = ASSET_CONDITIONS.map((value) => ({ value, label: ASSET_CONDITION_LABELS[value] }))


/** A day ("2026-12-07" → "12月7日") or an instant (→ "12月7日 10:30"), other years with the year, Asia/Shanghai. */
export function whenText(value: string, now: Date = new Date()): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = `${Number(value.slice(5, 7))}月${Number(value.slice(8, 10))}日`
    return Number(value.slice(0, 4)) === inShanghai(now).year() ? day : `${value.slice(0, 4)}年${day}`
  }
  return formatTime(value, now)
}
