import type { RoomBooking } from '@egj/shared'
import type { AuthUser } from '../../../lib/auth'
import { bookingCan } from './booking.policy'
import type { BookingRow, OccurrenceRow } from './booking-rows.repo'

export const presentOccurrence = (o: Pick<OccurrenceRow, 'id' | 'startAt' | 'endAt' | 'status'>) => ({ id: o.id, startAt: o.startAt.toISOString(), endAt: o.endAt.toISOString(), status: o.status })

/** A booking as its organiser, approver or 会务 sees it; `occurrences` are its series' (all of them). */
export function presentBooking(row: BookingRow, occurrences: OccurrenceRow[], user: Pick<AuthUser, 'id' | 'roles' | 'unit'>, now: Date): RoomBooking {
  const b = row.booking
  const mine = b.seriesId ? occurrences.filter((o) => o.seriesId === b.seriesId) : []
  return {
    id: b.id,
    status: b.status,
    room: row.room,
    title: b.title,
    startAt: b.startAt.toISOString(),
    endAt: b.endAt.toISOString(),
    attendeeCount: b.attendeeCount,
    services: b.services ?? {},
    organiser: { id: b.organiserUserId, name: row.organiserName, unitName: row.unitName },
    series: b.seriesId && mine.length ? { id: b.seriesId, weeklyUntil: mine[0].weeklyUntil, occurrences: mine.map(presentOccurrence) } : null,
    detached: b.detached,
    checkedInAt: b.checkedInAt?.toISOString() ?? null,
    endedAt: b.endedAt?.toISOString() ?? null,
    decidedBy: row.decidedByName,
    rejectReason: b.rejectReason,
    createdAt: b.createdAt.toISOString(),
    can: bookingCan(user, b, now),
  }
}
