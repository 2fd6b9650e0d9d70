import { inShanghai, type RoomBookingStatus } from '@egj/shared'
import type { BookingRow } from '../common/booking-rows.repo'
import { WEEK_MS } from '../common/rules'

// 加入手机日历: a booking, or a whole weekly series, as one iCalendar file (RFC 5545).
//
// A series is ONE event with a weekly RRULE, so a phone shows every week, not just the one the
// file was downloaded from. Its occurrences are rows; the k-th row by id is week k of the rule
// (a series is inserted in one multi-row INSERT, in start order, and rows are never deleted).
// What differs from the rule is said the way calendars understand (the lessons of cal.com and
// MRBS, whose exports lost a series' exceptions): a cancelled, rejected or released week is an
// EXDATE; a week moved or changed on its own (or by a "this and following" edit) is an override
// VEVENT with the same UID and a RECURRENCE-ID naming the week it replaces. SEQUENCE is the sum of
// the rows' sequences: every change a calendar shows raises one row's, so it only ever rises and a
// phone that imports the file again takes the new version.

const TZID = 'Asia/Shanghai'
/** China keeps UTC+8 all year: one STANDARD rule is the whole zone. */
const VTIMEZONE = ['BEGIN:VTIMEZONE', `TZID:${TZID}`, 'BEGIN:STANDARD', 'DTSTART:19700101T000000', 'TZOFFSETFROM:+0800', 'TZOFFSETTO:+0800', 'TZNAME:CST', 'END:STANDARD', 'END:VTIMEZONE']

/** What happened or will: shown in the calendar. Cancelled, rejected and released weeks are left out. */
const ICS_STATUS: Partial<Record<RoomBookingStatus, string>> = { confirmed: 'CONFIRMED', ended: 'CONFIRMED', pending_approval: 'TENTATIVE' }
const isShown = (row: BookingRow) => ICS_STATUS[row.booking.status] !== undefined

const utc = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
const local = (at: Date) => inShanghai(at).format('YYYYMMDD[T]HHmmss')
const zoned = (name: string, ...at: Date[]) => `${name};TZID=${TZID}:${at.map(local).join(',')}`

/**
 * RFC 5545 TEXT: backslash, semicolon and comma escaped; every kind of line break (CR, LF, CRLF,
 * NEL, U+2028/2029) becomes the two characters \n; any other control character is dropped. A raw
 * break would end the property and start another (`SUMMARY:Meet\rATTENDEE:…`). The schemas refuse
 * these in new text; this also covers older rows and names that did not come through them.
 */
export const icsText = (text: string) =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, '\\n')
    // eslint-disable-next-line no-control-regex -- control characters are what it drops
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '')

/** Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = []
  let current = ''
  let bytes = 0
  for (const char of line) {
    const size = Buffer.byteLength(char)
    if (bytes + size > (out.length ? 74 : 75)) {
      out.push(current)
      current = ''
      bytes = 0
    }
    current += char
    bytes += size
  }
  out.push(current)
  return out.join('\r\n ')
}

/** The properties a row shows besides its times: an occurrence differing in any of them gets an override. */
function shownProperties(row: BookingRow): string[] {
  const b = row.booking
  return [
    `SUMMARY:${icsText(b.title)}`,
    `LOCATION:${icsText(`${row.room.building} ${row.room.floor} ${row.room.name}`)}`,
    `DESCRIPTION:${icsText(`预订人：${row.organiserName}${row.unitName ? `（${row.unitName}）` : ''}；参会 ${b.attendeeCount} 人`)}`,
    `STATUS:${ICS_STATUS[b.status] ?? 'CANCELLED'}`,
  ]
}

function vevent(uid: string, sequence: number, now: Date, start: Date, end: Date, row: BookingRow, rule: string[] = []): string[] {
  return ['BEGIN:VEVENT', `UID:${uid}`, `DTSTAMP:${utc(now)}`, `SEQUENCE:${sequence}`, ...rule, zoned('DTSTART', start), zoned('DTEND', end), ...shownProperties(row), 'END:VEVENT']
}

/** A weekly series as one recurring event: the RRULE, EXDATEs for the weeks that are off, overrides for the weeks that differ. */
function seriesEvents(rows: BookingRow[], uid: string, sequence: number, now: Date): string[] {
  const weeks = [...rows].sort((a, b) => a.booking.id - b.booking.id)
  const shown = weeks.filter(isShown)
  if (!shown.length) {
    // the whole series is off: the event itself is cancelled, so a calendar that has it drops it
    return vevent(uid, sequence, now, weeks[0].booking.startAt, weeks[0].booking.endAt, weeks[0], [`RRULE:FREQ=WEEKLY;COUNT=${weeks.length}`])
  }
  // the rule follows an occurrence that kept the series' time (never moved on its own) and shows
  const template = shown.find((row) => !row.booking.detached) ?? shown[0]
  const length = template.booking.endAt.getTime() - template.booking.startAt.getTime()
  const firstWeek = template.booking.startAt.getTime() - weeks.indexOf(template) * WEEK_MS
  const weekStart = (k: number) => new Date(firstWeek + k * WEEK_MS)
  const templateShows = shownProperties(template).join('\n')
  const off = weeks.flatMap((row, k) => (isShown(row) ? [] : [weekStart(k)]))
  const rule = [`RRULE:FREQ=WEEKLY;COUNT=${weeks.length}`, ...(off.length ? [zoned('EXDATE', ...off)] : [])]
  const lines = vevent(uid, sequence, now, weekStart(0), new Date(weekStart(0).getTime() + length), template, rule)
  weeks.forEach((row, k) => {
    if (!isShown(row)) return
    const { startAt, endAt } = row.booking
    const asRuled = startAt.getTime() === weekStart(k).getTime() && endAt.getTime() === weekStart(k).getTime() + length && shownProperties(row).join('\n') === templateShows
    if (!asRuled) lines.push(...vevent(uid, sequence, now, startAt, endAt, row, [zoned('RECURRENCE-ID', weekStart(k))]))
  })
  return lines
}

/**
 * A booking as an iCalendar file for the phone's calendar, in Asia/Shanghai local time. `rows`
 * is the booking alone, or every occurrence of its weekly series (any order).
 */
export function presentIcs(rows: BookingRow[], host: string, now: Date): string {
  const seriesId = rows[0].booking.seriesId
  const sequence = rows.reduce((sum, row) => sum + row.booking.sequence, 0)
  const events = seriesId
    ? seriesEvents(rows, `room-series-${seriesId}@${host}`, sequence, now)
    : vevent(`room-booking-${rows[0].booking.id}@${host}`, sequence, now, rows[0].booking.startAt, rows[0].booking.endAt, rows[0])
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//e管家//会议室预订//ZH', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', ...VTIMEZONE, ...events, 'END:VCALENDAR']
  return `${lines.map(fold).join('\r\n')}\r\n`
}
