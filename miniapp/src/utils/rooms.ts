import { inShanghai, PAGES, pageUrl, ROOM_GRID_MINUTES, roomBookingsApi, type RoomBookingStatus } from '@egj/shared'
import { authHeader, errorFromText, fetchBytes, fileUrl } from '../api/client'
import { fieldErrorsFrom } from './field-errors'
import { NETWORK_ERROR, openHtmlSheet, type SheetResult } from './files'
import type { PillTone } from '../components/Pill'
import { deliverFile, SAVES_TO_DEVICE } from './platform'
import { clockText, dayText } from './time'

export { addDays, clockText, dayText, shanghaiInstant, thisMonthInShanghai, todayInShanghai } from './time'

/*
 * What the 会议室 pages (room, meeting-service, room-admin subpackages) share: their addresses,
 * how times and statuses read on screen, field errors from a refusal, the nameplate sheet.
 * Only subpackages import this file, so it stays out of the weapp main package.
 */

export const ROOM_FIND_PAGE = pageUrl(PAGES.roomFind)
export const ROOM_MINE_PAGE = pageUrl(PAGES.roomMine)
export const ROOM_APPROVE_PAGE = pageUrl(PAGES.roomMine, { as: 'approver' })
export const roomBookPage = (roomId: number, date: string, start?: string) => pageUrl(PAGES.roomBook, { roomId, date, start: start || undefined })
export const roomBookingPage = (id: number) => pageUrl(PAGES.roomBooking, { id })
export const MEETING_TASKS_PAGE = pageUrl(PAGES.meetingTasks)
export const ROOM_ADMIN_PAGE = pageUrl(PAGES.roomAdmin)
export const roomAdminEditPage = (id?: number) => pageUrl(PAGES.roomAdminEdit, { id: id || undefined })
export const ROOM_STATS_PAGE = pageUrl(PAGES.roomStats)

export const BOOKING_STATUS_TONES: Record<RoomBookingStatus, PillTone> = {
  pending_approval: 'orange',
  confirmed: 'blue',
  rejected: 'red',
  cancelled: 'gray',
  released: 'gray',
  ended: 'green',
}

/** "11月21日 周五 10:00–11:00" */
export const slotText = (startAt: string, endAt: string) => `${dayText(startAt)} ${clockText(startAt)}–${clockText(endAt)}`
/** minutes after midnight (Asia/Shanghai) of an instant */
export const minuteOf = (iso: string | Date) => {
  const t = inShanghai(iso)
  return t.hour() * 60 + t.minute()
}
export const dateOf = (iso: string | Date) => inShanghai(iso).format('YYYY-MM-DD')


/** "HH:mm" of minutes after midnight. */
export const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
export const minuteOfText = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5))
/** Every grid time from `from` to `to` (minutes), as "HH:mm". */
export function gridTimes(from: number, to: number): string[] {
  const out: string[] = []
  for (let m = Math.ceil(from / ROOM_GRID_MINUTES) * ROOM_GRID_MINUTES; m <= to; m += ROOM_GRID_MINUTES) out.push(hhmm(m))
  return out
}

/** Codes about one field of the booking forms (shown under that field, never as a dialog). */
const FIELD_OF_CODE: Record<string, string> = {
  ROOM_OFF_GRID: 'startAt',
  ROOM_OUTSIDE_HOURS: 'startAt',
  ROOM_IN_PAST: 'startAt',
  ROOM_TOO_FAR: 'startAt',
  ROOM_TOO_LONG: 'endAt',
  ROOM_SERIES_TOO_LONG: 'recurrence',
}

/** Field errors from a refusal, keyed by the form's top-level field (see utils/field-errors.ts). */
export const roomFieldErrors = (error: { code: string; message: string; details?: unknown }) => fieldErrorsFrom(error, FIELD_OF_CODE, { topLevel: true })

/** "张三\n李四、王五" → ["张三", "李四", "王五"]: one name a line (commas and 、 split too). */
export const namesOf = (text: string) =>
  text
    .split(/[\n,，、;；]+/)
    .map((name) => name.trim())
    .filter(Boolean)

/**
 * A booking's nameplate sheet (A4, one folded card a name). H5: a new tab to print, opened inside
 * the tap so no pop-up blocker stops it. weapp cannot print: 'use-computer'.
 */
export function openNameplates(bookingId: number): Promise<SheetResult> {
  return openHtmlSheet('正在生成桌签…', () => fetchBytes(roomBookingsApi.nameplates, { params: { id: bookingId } }))
}

/** Saves a booking's .ics (H5: a download the phone's calendar opens). weapp cannot: false. */
export function downloadIcs(bookingId: number, title: string): Promise<boolean> {
  if (!SAVES_TO_DEVICE) return Promise.resolve(false)
  return deliverFile({
    fileName: `${title.replace(/[\\/:*?"<>|]/g, '').slice(0, 40) || '会议'}.ics`,
    mime: 'text/calendar;charset=utf-8',
    bytes: () => fetchBytes(roomBookingsApi.ics, { params: { id: bookingId } }).then(({ bytes }) => bytes),
    url: fileUrl(roomBookingsApi.ics, { params: { id: bookingId } }),
    header: authHeader(),
    failure: errorFromText,
    networkFailure: NETWORK_ERROR,
  }).then(() => true)
}
