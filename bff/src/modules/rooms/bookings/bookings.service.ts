import type { Parsed, RoomBooking, RoomBookingCancel, RoomBookingCreate, RoomBookingCreated, RoomBookingList, RoomBookingListQuery, RoomBookingUpdate, RoomDay, RoomDayQuery, TodoItem } from '@egj/shared'
import { PAGES, pageUrl, ROOM_CHECK_IN_LATE_MINUTES, ROOM_SERIES_NO_SHOW_LIMIT, inShanghai, shanghaiDate, shanghaiDayStart } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { isDuplicateKey, withTransaction } from '../../../db/client'
import { hasRole, type AuthUser } from '../../../lib/auth'
import { AppError, forbidden, notFound } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { JobRunner } from '../../../lib/jobs'
import type { Logger } from '../../../lib/logger'
import type { QrSigner } from '../../../lib/qr'
import type { NotificationService } from '../../notifications/notifications.service'
import { approvesBookings, canApprove, canView, checkInOpen, isOrganiserOrAdmin } from '../common/booking.policy'
import { presentBooking } from '../common/booking.presenter'
import { bookingRows, type BookingRecord, type BookingRow } from '../common/booking-rows.repo'
import { findRoom, type RoomRow } from '../common/room.repo'
import { HOLDING, DAY_MS, GRID_MS, MINUTE_MS, addDays, ceilToGrid, checkCapacity, checkTimes, isHolding, overlaps, sameTimeOfDay, slotsOf, weeklyOccurrences, type Span } from '../common/rules'
import { presentDay, presentNameplates } from './bookings.presenter'
import * as repo from './bookings.repo'
import { presentIcs } from './calendar.presenter'

export interface RoomBookingServiceDeps {
  db: Db
  qr: QrSigner
  notifications: NotificationService
  log: Logger
  publicBaseUrl: string
  now?: () => Date
}

const fmt = (at: Date) => inShanghai(at).format('M月D日 HH:mm')

/**
 * 会议室预订: the day view, booking (single or weekly) with the slot guarantee, scoped edits of a
 * series, approval, cancel / end, .ics and 桌签, the no-show job and 待办.
 */
export class RoomBookingService {
  private readonly now: () => Date
  constructor(private readonly deps: RoomBookingServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  registerJobs(jobs: Pick<JobRunner, 'register'>): void {
    jobs.register('rooms.release-no-shows', 60_000, () => this.releaseNoShows())
  }

  /** Each active room (by capacity and equipment) and what is taken that day: one statement (see `repo.dayView`). */
  async day(query: Parsed<typeof RoomDayQuery>): Promise<RoomDay> {
    const from = shanghaiDayStart(query.date)
    const wanted = query.equipment ?? []
    const { rooms, busy } = await repo.dayView(this.deps.db, from, new Date(from.getTime() + DAY_MS), query.capacity)
    return presentDay(rooms.filter((room) => wanted.every((e) => room.equipment.includes(e))), busy)
  }

  async create(user: AuthUser, input: Parsed<typeof RoomBookingCreate>, idempotencyKey: string): Promise<Parsed<typeof RoomBookingCreated>> {
    const { db } = this.deps
    const now = this.now()
    // what the work tried, to explain a taken slot afterwards (outside the transaction)
    let attempt: { room: RoomRow; spans: Span[] } | null = null
    // Every rule after the key, in its transaction: a retry of a booking that was accepted gets the
    // first answer, whatever changed since (the room closed, the start passed, the slot was taken).
    const work = async (tx: Tx) => {
      attempt = null
      const room = await findRoom(tx, input.roomId)
      if (!room) throw notFound('会议室')
      checkTimes(room, input.startAt, input.endAt, now)
      checkCapacity(room, input.attendeeCount, input.confirmOverCapacity)
      const first = { startAt: input.startAt, endAt: input.endAt }
      const spans = input.recurrence ? weeklyOccurrences(first, input.recurrence.weeklyUntil, addDays(shanghaiDate(now), room.horizonDays)) : [first]
      const status = room.requiresApproval ? ('pending_approval' as const) : ('confirmed' as const)
      attempt = { room, spans }
      const seriesId = input.recurrence ? await repo.insertSeries(tx, { roomId: room.id, organiserUserId: user.id, weeklyUntil: input.recurrence.weeklyUntil }) : null
      const ids = await repo.insertBookings(
        tx,
        spans.map((span) => ({
          roomId: room.id,
          seriesId,
          organiserUserId: user.id,
          organiserUnitId: user.unit?.id ?? null,
          title: input.title,
          startAt: span.startAt,
          endAt: span.endAt,
          attendeeCount: input.attendeeCount,
          services: input.services ?? {},
          status,
          createdAt: now,
        })),
      )
      // all-or-nothing: every occurrence's slots in one INSERT; one taken slot undoes the lot
      await this.occupy(tx, room.id, ids.map((id, i) => ({ id, ...spans[i] })))
      const occurrences = seriesId ? ids.map((id, i) => ({ id, startAt: spans[i].startAt.toISOString(), endAt: spans[i].endAt.toISOString(), status })) : undefined
      return { id: ids[0], response: { id: ids[0], status, occurrences } }
    }
    try {
      return (await idempotent(db, { userId: user.id, scope: 'rooms.booking', key: idempotencyKey, body: input }, { work })).response
    } catch (error) {
      const tried = attempt as { room: RoomRow; spans: Span[] } | null
      throw tried ? await this.explainTaken(error, tried.room, tried.spans, input.attendeeCount, []) : error
    }
  }

  /**
   * Takes the slots of these bookings (the guarantee, see db/schema/rooms.ts). A slot held by
   * another booking fails the INSERT with a duplicate key: ROOM_SLOT_TAKEN, and the caller's
   * transaction rolls back; who is in the way is read afterwards, outside it.
   */
  private async occupy(tx: Tx, roomId: number, bookings: ({ id: number } & Span)[]): Promise<void> {
    try {
      await repo.insertSlots(tx, roomId, bookings.flatMap((b) => slotsOf(b).map((slotStart) => ({ bookingId: b.id, slotStart }))))
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('ROOM_SLOT_TAKEN')
      throw error
    }
  }

  /** A bare ROOM_SLOT_TAKEN becomes one with the bookings in the way and where else to go. */
  private async explainTaken(error: unknown, room: RoomRow, spans: Span[], attendeeCount: number, exceptIds: number[]): Promise<unknown> {
    if (!(error instanceof AppError) || error.code !== 'ROOM_SLOT_TAKEN' || error.details) return error
    const { db } = this.deps
    const from = spans[0].startAt
    const to = spans[spans.length - 1].endAt
    const busy = (await repo.busyBetween(db, [room.id], from, to, HOLDING)).filter((b) => !exceptIds.includes(b.id))
    const conflicts = spans.flatMap((span) =>
      busy.filter((b) => overlaps(span, b)).map((b) => ({ startAt: b.startAt.toISOString(), endAt: b.endAt.toISOString(), title: b.title, organiserUnit: b.unitName, occurrenceStartAt: span.startAt.toISOString() })),
    )
    const suggestions = await this.suggest(room, spans, attendeeCount)
    const hit = new Set(conflicts.map((c) => c.occurrenceStartAt)).size
    const message =
      spans.length > 1 ? `系列中有 ${hit} 次会议的时段已被占用，整个系列均未预订`
      : conflicts.length === 1 ? `该时段已被「${conflicts[0].title}」${conflicts[0].organiserUnit ? `（${conflicts[0].organiserUnit}）` : ''}预订`
      : undefined
    return new AppError('ROOM_SLOT_TAKEN', { conflicts, suggestions }, message)
  }

  /**
   * Where else to go: the nearest free slots of the same length in this room that day (single
   * bookings), then other active rooms with enough seats free for the whole request.
   */
  private async suggest(room: RoomRow, spans: Span[], attendeeCount: number) {
    const { db } = this.deps
    const now = this.now()
    const out: { roomId: number; roomName: string; startAt: string; endAt: string; capacity: number }[] = []
    const length = spans[0].endAt.getTime() - spans[0].startAt.getTime()
    if (spans.length === 1) {
      const dayStart = shanghaiDayStart(shanghaiDate(spans[0].startAt)).getTime()
      const dayBusy = await repo.busyBetween(db, [room.id], new Date(dayStart), new Date(dayStart + DAY_MS), HOLDING)
      const earliest = Math.max(dayStart + room.openFromMinute * MINUTE_MS, ceilToGrid(now).getTime())
      const candidates: Span[] = []
      for (let t = earliest; t + length <= dayStart + room.openToMinute * MINUTE_MS; t += GRID_MS) {
        const span = { startAt: new Date(t), endAt: new Date(t + length) }
        if (!dayBusy.some((b) => overlaps(span, b))) candidates.push(span)
      }
      const wanted = spans[0].startAt.getTime()
      candidates.sort((a, b) => Math.abs(a.startAt.getTime() - wanted) - Math.abs(b.startAt.getTime() - wanted) || a.startAt.getTime() - b.startAt.getTime())
      // the nearest after and the nearest before first (a choice both ways), then the next nearest
      const after = candidates.find((span) => span.startAt.getTime() >= wanted)
      const before = candidates.find((span) => span.startAt.getTime() < wanted)
      const picked = [...new Set([after, before, ...candidates].filter((span): span is Span => !!span))].slice(0, 3)
      for (const span of picked) out.push({ roomId: room.id, roomName: room.name, startAt: span.startAt.toISOString(), endAt: span.endAt.toISOString(), capacity: room.capacity })
    }
    const others = (await repo.activeRooms(db, attendeeCount)).filter((r) => r.id !== room.id)
    const usable = others.filter((r) => {
      try {
        for (const span of spans) checkTimes(r, span.startAt, span.endAt, now)
        return true
      } catch {
        return false
      }
    })
    const busy = await repo.busyBetween(db, usable.map((r) => r.id), spans[0].startAt, spans[spans.length - 1].endAt, HOLDING)
    const free = usable.filter((r) => !busy.some((b) => b.roomId === r.id && spans.some((span) => overlaps(span, b))))
    for (const r of free.slice(0, 3)) out.push({ roomId: r.id, roomName: r.name, startAt: spans[0].startAt.toISOString(), endAt: spans[0].endAt.toISOString(), capacity: r.capacity })
    return out
  }

  async list(user: AuthUser, query: Parsed<typeof RoomBookingListQuery>): Promise<RoomBookingList> {
    if (query.as === 'approver' && !approvesBookings(user)) throw forbidden()
    const where = query.as === 'approver' ? { status: 'pending_approval' as const, organiserUnitId: queueUnitOf(user) } : { organiserUserId: user.id }
    const rows = await bookingRows(this.deps.db, { ...where, beforeId: query.cursor ? Number(query.cursor) : undefined }, query.limit + 1)
    const page = rows.slice(0, query.limit)
    return { items: await this.present(page, user), nextCursor: rows.length > query.limit ? String(page[page.length - 1].booking.id) : null }
  }

  async get(user: AuthUser, id: number): Promise<RoomBooking> {
    return (await this.present([await this.visible(user, id)], user))[0]
  }

  private async visible(user: AuthUser, id: number): Promise<BookingRow> {
    const [row] = await bookingRows(this.deps.db, { ids: [id] })
    if (!row || !canView(user, row.booking)) throw notFound('预订')
    return row
  }

  private async present(rows: BookingRow[], user: AuthUser): Promise<RoomBooking[]> {
    const seriesIds = [...new Set(rows.map((row) => row.booking.seriesId).filter((id): id is number => !!id))]
    const occurrences = await repo.seriesOccurrences(this.deps.db, seriesIds)
    const now = this.now()
    return rows.map((row) => presentBooking(row, occurrences, user, now))
  }

  /**
   * Locks a booking for a change by its organiser (or an admin); closed ones cannot change. Whoever
   * may not read the booking is answered as its GET answers them (404: it is not revealed to
   * exist); only those who see it (its unit's approvers, meeting service) are told why not.
   */
  private async lockForChange(tx: Tx, user: AuthUser, id: number): Promise<BookingRecord> {
    const booking = await repo.lockBooking(tx, id)
    if (!booking || !canView(user, booking)) throw notFound('预订')
    if (!isOrganiserOrAdmin(user, booking)) throw new AppError('ROOM_NOT_ORGANISER')
    if (!isHolding(booking.status)) throw new AppError('ROOM_BOOKING_CLOSED')
    return booking
  }

  /** The occurrences a scoped change reaches: still holding, not yet over; `this` is the one. */
  private async inScope(tx: Tx, booking: BookingRecord, scope: 'this' | 'following' | 'all', now: Date): Promise<BookingRecord[]> {
    if (scope === 'this' || !booking.seriesId) return [booking]
    const all = await repo.lockSeries(tx, booking.seriesId)
    return all.filter((o) => isHolding(o.status) && o.endAt > now && (scope === 'all' || o.startAt >= booking.startAt))
  }

  /**
   * `this`: the occurrence moves / changes on its own and is marked detached. `following` / `all`:
   * a new time of day for every occurrence in scope except detached ones (their own time stays);
   * title, attendees and services reach every occurrence in scope. Cancelled, rejected and
   * released occurrences are never in scope, so they are never revived.
   */
  async update(user: AuthUser, id: number, input: Parsed<typeof RoomBookingUpdate>): Promise<RoomBooking> {
    const now = this.now()
    let attempt: { room: RoomRow; spans: Span[]; ids: number[] } | null = null
    try {
      await withTransaction(this.deps.db, async (tx) => {
        attempt = null
        const booking = await this.lockForChange(tx, user, id)
        const room = (await findRoom(tx, booking.roomId))!
        const targets = await this.inScope(tx, booking, input.scope, now)
        if (input.attendeeCount !== undefined) checkCapacity(room, input.attendeeCount, input.confirmOverCapacity)
        const fields = {
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.attendeeCount !== undefined ? { attendeeCount: input.attendeeCount } : {}),
          ...(input.services !== undefined ? { services: input.services } : {}),
        }
        if (input.startAt || input.endAt) {
          const template = { startAt: input.startAt ?? booking.startAt, endAt: input.endAt ?? booking.endAt }
          const moves = input.scope === 'this' || !booking.seriesId ? [{ booking, span: template }] : targets.filter((o) => !o.detached).map((o) => ({ booking: o, span: sameTimeOfDay(template, o.startAt) }))
          for (const move of moves) checkTimes(room, move.span.startAt, move.span.endAt, now)
          const ids = moves.map((move) => move.booking.id)
          attempt = { room, spans: moves.map((move) => move.span), ids }
          await repo.deleteSlots(tx, ids)
          await this.occupy(tx, room.id, moves.map((move) => ({ id: move.booking.id, ...move.span })))
          for (const move of moves) {
            // a moved booking in a hall that needs approval is approved again
            await repo.updateBookings(tx, [move.booking.id], { startAt: move.span.startAt, endAt: move.span.endAt, ...(room.requiresApproval ? { status: 'pending_approval', decidedByUserId: null, decidedAt: null } : {}) })
          }
        }
        if (Object.keys(fields).length) await repo.updateBookings(tx, targets.map((o) => o.id), fields)
        if (input.scope === 'this' && booking.seriesId) await repo.updateBookings(tx, [booking.id], { detached: true })
      })
    } catch (error) {
      const tried = attempt as { room: RoomRow; spans: Span[]; ids: number[] } | null
      throw tried ? await this.explainTaken(error, tried.room, tried.spans, input.attendeeCount ?? 1, tried.ids) : error
    }
    return this.get(user, id)
  }

  /**
   * Approval re-checks at this moment: the room row is locked first (so approvals of one room
   * queue), then nothing confirmed may overlap. Slots make overlapping holders impossible for
   * new bookings; this check also covers rows that predate a rule. A series is approved whole.
   */
  async approve(user: AuthUser, id: number): Promise<RoomBooking> {
    const { db } = this.deps
    const now = this.now()
    // read outside the transaction: no snapshot may be taken before the room lock
    const [first] = await bookingRows(db, { ids: [id] })
    // another unit's booking is as "not found" as a missing one
    if (!first || !canApprove(user, first.booking)) throw notFound('预订')
    await withTransaction(db, async (tx) => {
      await repo.lockRoom(tx, first.booking.roomId)
      const booking = await repo.lockBooking(tx, id)
      if (!booking || booking.status !== 'pending_approval') throw new AppError('ROOM_BOOKING_NOT_PENDING')
      const targets = booking.seriesId ? (await repo.lockSeries(tx, booking.seriesId)).filter((o) => o.status === 'pending_approval') : [booking]
      const ids = targets.map((o) => o.id)
      const conflicts = []
      for (const o of targets) {
        for (const b of await repo.confirmedOverlapping(tx, o.roomId, o.startAt, o.endAt, ids)) {
          conflicts.push({ startAt: b.startAt.toISOString(), endAt: b.endAt.toISOString(), title: b.title, organiserUnit: b.unitName, occurrenceStartAt: o.startAt.toISOString() })
        }
      }
      if (conflicts.length) throw new AppError('ROOM_SLOT_TAKEN', { conflicts, suggestions: [] }, `与已通过的「${conflicts[0].title}」时间冲突，不能通过`)
      await repo.updateBookings(tx, ids, { status: 'confirmed', decidedByUserId: user.id, decidedAt: now })
      await this.deps.notifications.notify(tx, booking.organiserUserId, {
        title: '会议室预订已通过',
        body: `「${booking.title}」${first.room.name} ${fmt(booking.startAt)}${ids.length > 1 ? ` 等 ${ids.length} 次` : ''}已审批通过。`,
        link: pageUrl(PAGES.roomBooking, { id: booking.id }),
      })
    })
    return this.get(user, id)
  }

  /** Rejection frees the slots at once (a series: every pending occurrence). */
  async reject(user: AuthUser, id: number, reason: string): Promise<RoomBooking> {
    const now = this.now()
    await withTransaction(this.deps.db, async (tx) => {
      const booking = await repo.lockBooking(tx, id)
      if (!booking || !canApprove(user, booking)) throw notFound('预订')
      if (booking.status !== 'pending_approval') throw new AppError('ROOM_BOOKING_NOT_PENDING')
      const targets = booking.seriesId ? (await repo.lockSeries(tx, booking.seriesId)).filter((o) => o.status === 'pending_approval') : [booking]
      const ids = targets.map((o) => o.id)
      await repo.updateBookings(tx, ids, { status: 'rejected', decidedByUserId: user.id, decidedAt: now, rejectReason: reason })
      await repo.deleteSlots(tx, ids)
      await this.deps.notifications.notify(tx, booking.organiserUserId, { title: '会议室预订未通过', body: `「${booking.title}」${fmt(booking.startAt)}未通过审批：${reason}`, link: pageUrl(PAGES.roomBooking, { id: booking.id }) })
    })
    return this.get(user, id)
  }

  async cancel(user: AuthUser, id: number, input: Parsed<typeof RoomBookingCancel>): Promise<RoomBooking> {
    const now = this.now()
    await withTransaction(this.deps.db, async (tx) => {
      const booking = await this.lockForChange(tx, user, id)
      const ids = (await this.inScope(tx, booking, input.scope, now)).map((o) => o.id)
      if (!ids.includes(booking.id)) ids.push(booking.id)
      await repo.updateBookings(tx, ids, { status: 'cancelled', cancelledAt: now })
      await repo.deleteSlots(tx, ids)
      if (booking.organiserUserId !== user.id) {
        await this.deps.notifications.notify(tx, booking.organiserUserId, { title: '会议室预订已被取消', body: `管理员取消了「${booking.title}」${fmt(booking.startAt)}${ids.length > 1 ? ` 等 ${ids.length} 次` : ''}的预订。`, link: pageUrl(PAGES.roomBooking, { id: booking.id }) })
      }
    })
    return this.get(user, id)
  }

  /** Ends a running meeting early: the rest of its slots are free at once (from the next 5 minutes). */
  async end(user: AuthUser, id: number): Promise<RoomBooking> {
    const now = this.now()
    await withTransaction(this.deps.db, async (tx) => {
      const booking = await this.lockForChange(tx, user, id)
      if (booking.status !== 'confirmed' || booking.startAt > now) throw new AppError('ROOM_BOOKING_CLOSED', undefined, '会议还没开始，不能提前结束；不开了请取消预订')
      await repo.updateBookings(tx, [id], { status: 'ended', endedAt: now })
      await repo.deleteSlots(tx, [id], ceilToGrid(now))
    })
    return this.get(user, id)
  }

  /** The booking for the phone's calendar; an occurrence of a series brings the whole series. */
  async ics(user: AuthUser, id: number): Promise<string> {
    const row = await this.visible(user, id)
    const rows = row.booking.seriesId ? await bookingRows(this.deps.db, { seriesId: row.booking.seriesId }) : [row]
    return presentIcs(rows, new URL(this.deps.publicBaseUrl).hostname, this.now())
  }

  async nameplates(user: AuthUser, id: number): Promise<string> {
    return presentNameplates(await this.visible(user, id))
  }

  /**
   * The no-show job: a confirmed booking nobody checked in to 15 minutes after its start is
   * released (slots freed, organiser told, counted as a no-show); a series whose last 3 held
   * occurrences were all no-shows loses the rest. Safe on any number of instances (each booking
   * is locked and re-checked).
   */
  async releaseNoShows(limit = 200): Promise<number> {
    const now = this.now()
    const cutoff = new Date(now.getTime() - ROOM_CHECK_IN_LATE_MINUTES * MINUTE_MS)
    let released = 0
    for (const id of await repo.dueNoShows(this.deps.db, cutoff, limit)) {
      await withTransaction(this.deps.db, async (tx) => {
        const booking = await repo.lockBooking(tx, id)
        if (!booking || booking.status !== 'confirmed' || booking.checkedInAt || booking.startAt > cutoff) return
        await repo.updateBookings(tx, [id], { status: 'released', noShow: true })
        await repo.deleteSlots(tx, [id])
        released++
        await this.deps.notifications.notify(tx, booking.organiserUserId, {
          title: '会议室预订已释放',
          body: `「${booking.title}」${fmt(booking.startAt)}开始后 ${ROOM_CHECK_IN_LATE_MINUTES} 分钟内无人签到，会议室已释放并记爽约一次。`,
          link: pageUrl(PAGES.roomBooking, { id }),
        })
        if (!booking.seriesId) return
        const series = await repo.lockSeries(tx, booking.seriesId)
        const held = series.filter((o) => o.startAt <= now && (o.status === 'confirmed' || o.status === 'ended' || o.status === 'released'))
        const last = held.slice(-ROOM_SERIES_NO_SHOW_LIMIT)
        if (last.length < ROOM_SERIES_NO_SHOW_LIMIT || !last.every((o) => o.id === id || o.noShow)) return
        const rest = series.filter((o) => isHolding(o.status) && o.startAt > now).map((o) => o.id)
        if (!rest.length) return
        await repo.updateBookings(tx, rest, { status: 'cancelled', cancelledAt: now })
        await repo.deleteSlots(tx, rest)
        await this.deps.notifications.notify(tx, booking.organiserUserId, {
          title: '周期会议已取消',
          body: `「${booking.title}」连续 ${ROOM_SERIES_NO_SHOW_LIMIT} 次无人签到，系列中其余 ${rest.length} 次预订已取消。`,
          link: pageUrl(PAGES.roomBooking, { id }),
        })
      })
    }
    return released
  }

  /**
   * 待办: my meetings today that are not over (check in when the door opens for it) and, for
   * approvers, bookings to approve. Two indexed reads: it runs on every home load.
   */
  async todos(user: AuthUser): Promise<TodoItem[]> {
    const { db } = this.deps
    const now = this.now()
    const dayStart = shanghaiDayStart(shanghaiDate(now))
    const items: TodoItem[] = []
    for (const b of await repo.organiserMeetings(db, user.id, dayStart, new Date(dayStart.getTime() + DAY_MS), now, HOLDING)) {
      const open = b.status === 'confirmed' && !b.checkedInAt && checkInOpen(b, now)
      items.push({
        kind: open ? 'room.check-in' : 'room.meeting',
        title: open ? '会议签到' : '今日会议',
        subtitle: `${inShanghai(b.startAt).format('HH:mm')} ${b.roomName} · ${b.title}${b.status === 'pending_approval' ? '（待审批）' : ''}`,
        count: 1,
        url: open ? pageUrl(PAGES.roomDoor, { token: this.deps.qr.token('r', b.roomId) }) : pageUrl(PAGES.roomBooking, { id: b.id }),
        urgent: open,
      })
    }
    if (approvesBookings(user)) {
      const waiting = await repo.countPendingApproval(db, now, queueUnitOf(user))
      if (waiting) items.push({ kind: 'room.approve', title: '会议室待审批', subtitle: `${waiting} 个预订等您审批`, count: waiting, url: pageUrl(PAGES.roomMine, { as: 'approver' }), urgent: true })
    }
    return items
  }
}

/** The approval queue: an admin's holds every unit's bookings, an approver's their own unit's (none without a unit). */
function queueUnitOf(user: AuthUser): number | undefined {
  return hasRole(user, 'admin') ? undefined : (user.unit?.id ?? 0)
}
