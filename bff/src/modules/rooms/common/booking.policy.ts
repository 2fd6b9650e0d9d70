import { ROLES, ROOM_CHECK_IN_EARLY_MINUTES, ROOM_CHECK_IN_LATE_MINUTES } from '@egj/shared'
import { hasRole, type AuthUser } from '../../../lib/auth'
import type { BookingRecord } from './booking-rows.repo'

const MINUTE_MS = 60_000
type Who = Pick<AuthUser, 'id' | 'roles' | 'unit'>

/** Rooms are for staff: every signed-in role but a visitor's. */
export const ROOM_USERS = ROLES.filter((role) => role !== 'visitor')

/** Only the organiser (or an admin) changes, cancels or ends a booking. */
export const isOrganiserOrAdmin = (user: Who, booking: Pick<BookingRecord, 'organiserUserId'>) => booking.organiserUserId === user.id || hasRole(user, 'admin')

/** An approver answers for the bookings of their own unit's staff, as for cars and visits (never another unit's). */
export const isApproverFor = (user: Who, booking: Pick<BookingRecord, 'organiserUnitId'>) => hasRole(user, 'approver') && !!booking.organiserUnitId && user.unit?.id === booking.organiserUnitId

/** Who may read a booking (title, services, names): its organiser and the staff who act on it. */
export const canView = (user: Who, booking: Pick<BookingRecord, 'organiserUserId' | 'organiserUnitId'>) =>
  booking.organiserUserId === user.id || hasRole(user, 'admin', 'meeting_service') || isApproverFor(user, booking)

/** Who may open the approval queue: approvers (their unit's bookings) and admin (all). */
export const approvesBookings = (user: Who) => hasRole(user, 'approver', 'admin')

/** Who decides this booking: an approver of the organiser's unit, or an admin. */
export const canApprove = (user: Who, booking: Pick<BookingRecord, 'organiserUnitId'>) => hasRole(user, 'admin') || isApproverFor(user, booking)

/** Check-in opens 10 minutes before the start and closes 15 after. */
export function checkInOpen(booking: Pick<BookingRecord, 'startAt'>, now: Date): boolean {
  const t = now.getTime()
  const start = booking.startAt.getTime()
  return t >= start - ROOM_CHECK_IN_EARLY_MINUTES * MINUTE_MS && t < start + ROOM_CHECK_IN_LATE_MINUTES * MINUTE_MS
}

export function bookingCan(user: Who, booking: BookingRecord, now: Date) {
  const holding = booking.status === 'pending_approval' || booking.status === 'confirmed'
  const mine = isOrganiserOrAdmin(user, booking)
  const running = booking.status === 'confirmed' && booking.startAt <= now && now < booking.endAt
  return {
    edit: mine && holding && booking.startAt > now,
    cancel: mine && holding && booking.endAt > now,
    approve: canApprove(user, booking) && booking.status === 'pending_approval',
    checkIn: booking.organiserUserId === user.id && booking.status === 'confirmed' && !booking.checkedInAt && checkInOpen(booking, now),
    end: mine && running,
  }
}
