import Taro from '@tarojs/taro'
import { PAGES, pageUrl, parseQrContent, parseYuan, routeForQr, type VehicleRequestStatus } from '@egj/shared'
import type { PillTone } from '../components/Pill'
import { fieldErrorsFrom } from './field-errors'

export { addDays, clockText, dayText, momentText, monthLabel, shanghaiInstant, thisMonthInShanghai, todayInShanghai, windowText } from './time'

/*
 * What the 一车一码 pages (vehicle, dispatch, vehicle-admin subpackages) share: their addresses,
 * how a window and a status read on screen, field errors from a refusal. Only subpackages import
 * this file, so it stays out of the weapp main package.
 */

export const VEHICLE_LIST_PAGE = pageUrl(PAGES.vehicleList)
export const VEHICLE_APPROVE_PAGE = pageUrl(PAGES.vehicleList, { tab: 'approver' })
export const VEHICLE_REQUEST_PAGE = pageUrl(PAGES.vehicleRequestForm)
export const vehicleDetailPage = (id: number) => pageUrl(PAGES.vehicleRequest, { id })
export const DISPATCH_BOARD_PAGE = pageUrl(PAGES.dispatchBoard)
export const VEHICLE_ADMIN_PAGE = pageUrl(PAGES.vehicleAdmin)
export const VEHICLE_DRIVERS_PAGE = pageUrl(PAGES.vehicleDrivers)
export const VEHICLE_REPORTS_PAGE = pageUrl(PAGES.vehicleReports)
export const VEHICLE_STATS_PAGE = pageUrl(PAGES.vehicleStats)

export const REQUEST_STATUS_TONES: Record<VehicleRequestStatus, PillTone> = {
  pending_approval: 'orange',
  approved: 'blue',
  dispatched: 'blue',
  in_progress: 'green',
  completed: 'gray',
  rejected: 'red',
  cancelled: 'gray',
}


/** Keeps only what an amount in 元 may contain (digits and one dot, two decimals). */
export function cleanYuanText(text: string): string {
  const cleaned = text.replace(/[^\d.]/g, '')
  const [whole, ...rest] = cleaned.split('.')
  return rest.length ? `${whole}.${rest.join('').slice(0, 2)}` : whole
}
/** Digits and one dot (litres, kWh: one decimal). */
export function cleanDecimalText(text: string, decimals = 1): string {
  const cleaned = text.replace(/[^\d.]/g, '')
  const [whole, ...rest] = cleaned.split('.')
  return rest.length ? `${whole}.${rest.join('').slice(0, decimals)}` : whole
}
/** An optional amount in 元 → 分; undefined when empty, null when not a valid amount. */
export function optionalFen(text: string): number | undefined | null {
  if (!text.trim()) return undefined
  return parseYuan(text)
}

/** Codes about one field of the vehicle forms (shown under that field, never as a dialog). */
const FIELD_OF_CODE: Record<string, string> = {
  VEHICLE_WINDOW_PAST: 'startAt',
  VEHICLE_WINDOW_TOO_FAR: 'startAt',
  VEHICLE_REASSIGN_REASON_REQUIRED: 'reason',
  TRIP_ODOMETER_BACKWARDS: 'odometerKm',
  TRIP_DISTANCE_IMPLAUSIBLE: 'odometerKm',
  VEHICLE_PLATE_EXISTS: 'plateNo',
}

/** Field errors from a refusal (see utils/field-errors.ts). */
export const fieldErrorsOf = (error: { code: string; message: string; details?: unknown }) => fieldErrorsFrom(error, FIELD_OF_CODE)

/** Drops the given fields' errors (a field's error clears when it changes). */
export function without(errors: Record<string, string>, ...fields: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([key]) => !fields.includes(key)))
}

/** The car page for a printed code URL (`…/q/v/<token>`). */
export function carPageOf(codeUrl: string): string | null {
  const parsed = parseQrContent(codeUrl, 'v')
  return parsed ? routeForQr(parsed) : null
}

const DEVICE_KEY = 'egj.device'
/**
 * A random id for this phone (kept in storage), sent as `X-Device-Id` with a 公车私用 report: the
 * BFF limits reports per device, and per address only loosely when a device says who it is.
 */
export function deviceId(): string {
  try {
    const known: unknown = Taro.getStorageSync(DEVICE_KEY)
    if (typeof known === 'string' && /^[\w-]{8,64}$/.test(known)) return known
    const made = `d-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
    Taro.setStorageSync(DEVICE_KEY, made)
    return made
  } catch {
    return `d-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
  }
}
