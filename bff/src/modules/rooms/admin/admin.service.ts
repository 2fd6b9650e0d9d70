import type { Parsed, RoomAdmin, RoomCreate, RoomStats, RoomUpdate } from '@egj/shared'
import { shanghaiDayStart } from '@egj/shared'
import type { Db } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import type { Actor } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { QrSigner } from '../../../lib/qr'
import { qrCodePng } from '../../../lib/qr-sheet.presenter'
import { changedFields, type AuditService } from '../../audit/audit.service'
import { bookingRowsStarting } from '../common/booking-rows.repo'
import { findRoom, type RoomRow } from '../common/room.repo'
import { effectiveEnd } from '../common/room.presenter'
import { DAY_MS } from '../common/rules'
import { presentDoorSheet, presentRoomAdmin, statsWorkbook } from './admin.presenter'
import * as repo from './admin.repo'

export interface RoomAdminServiceDeps {
  db: Db
  qr: QrSigner
  /** 修改留痕: each change to a room records its audit row in its own transaction */
  audit: AuditService
}

/** What the audit row shows of a room. */
const roomFields = (room: Omit<RoomRow, 'id' | 'createdAt'>) => ({
  name: room.name,
  building: room.building,
  floor: room.floor,
  capacity: room.capacity,
  equipment: room.equipment,
  photos: room.photos,
  openFromMinute: room.openFromMinute,
  openToMinute: room.openToMinute,
  requiresApproval: room.requiresApproval,
  horizonDays: room.horizonDays,
  status: room.status,
})

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places

function monthRange(month: string): [Date, Date] {
  const [year, m] = month.split('-').map(Number)
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return [shanghaiDayStart(`${month}-01`), shanghaiDayStart(`${next}-01`)]
}

/** Monday–Friday of a month, as the Asia/Shanghai day starts. */
function weekdaysOf(month: string): string[] {
  const [from, to] = monthRange(month)
  const days: string[] = []
  for (let t = from.getTime(); t < to.getTime(); t += DAY_MS) {
    const day = new Date(t + 8 * 3_600_000).toISOString().slice(0, 10)
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
    if (weekday !== 0 && weekday !== 6) days.push(day)
  }
  return days
}

/** Rooms (master data), their door codes, and the monthly statistics. */
export class RoomAdminService {
  constructor(private readonly deps: RoomAdminServiceDeps) {}

  private readonly codes = { url: (id: number) => this.deps.qr.url('r', id), short: (id: number) => this.deps.qr.shortCode('r', id) }

  async rooms(): Promise<RoomAdmin[]> {
    return (await repo.listRooms(this.deps.db)).map((room) => presentRoomAdmin(room, this.codes))
  }

  async get(id: number): Promise<RoomAdmin> {
    const room = await findRoom(this.deps.db, id)
    if (!room) throw notFound('会议室')
    return presentRoomAdmin(room, this.codes)
  }

  async create(actor: Actor, input: Parsed<typeof RoomCreate>): Promise<RoomAdmin> {
    const id = await withTransaction(this.deps.db, async (tx) => {
      const id = await repo.insertRoom(tx, input)
      await this.deps.audit.record(tx, actor, { action: 'room.create', entity: 'room', entityId: id, after: roomFields({ ...input, status: 'active' }) })
      return id
    })
    return this.get(id)
  }

  /**
   * Disabling a room stops new bookings; the ones it has stay (cancel them by hand if needed).
   * Only what changed is written and recorded; the room's lock keeps two admins' open hours apart.
   */
  async update(actor: Actor, id: number, { reason, ...input }: Parsed<typeof RoomUpdate>): Promise<RoomAdmin> {
    await withTransaction(this.deps.db, async (tx) => {
      const room = await repo.lockRoom(tx, id)
      if (!room) throw notFound('会议室')
      const from = input.openFromMinute ?? room.openFromMinute
      const to = input.openToMinute ?? room.openToMinute
      if (to <= from) throw new AppError('VALIDATION_FAILED', { field: 'openToMinute' }, '关门时间须晚于开门时间')
      const change = changedFields(roomFields(room), input)
      if (!change) return
      await repo.updateRoom(tx, id, input)
      await this.deps.audit.record(tx, actor, { action: 'room.update', entity: 'room', entityId: id, ...change, reason })
    })
    return this.get(id)
  }

  async qrPng(id: number): Promise<Buffer> {
    const room = await this.get(id)
    return qrCodePng(room.code)
  }

  async qrSheet(): Promise<string> {
    return presentDoorSheet((await this.rooms()).filter((room) => room.status === 'active'))
  }

  /**
   * A month: meetings held or booked (confirmed, ended), attendee-times, no-shows (released by
   * the job). Utilisation = booked hours on weekdays ÷ open hours on weekdays (holidays are not
   * known to the system, so they count as open).
   */
  async stats(month: string): Promise<RoomStats> {
    const { db } = this.deps
    const [from, to] = monthRange(month)
    const [allRooms, bookings] = await Promise.all([repo.listRooms(db), bookingRowsStarting(db, from, to, { statuses: ['confirmed', 'ended', 'released'] })])
    const weekdays = new Set(weekdaysOf(month))
    const held = bookings.filter((row) => row.booking.status !== 'released')
    const noShows = bookings.filter((row) => row.booking.noShow)
    const byRoom = allRooms
      .map((room) => {
        const mine = held.filter((row) => row.room.id === room.id)
        const bookedMs = mine
          .filter((row) => weekdays.has(new Date(row.booking.startAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)))
          .reduce((ms, row) => ms + (effectiveEnd(row.booking).getTime() - row.booking.startAt.getTime()), 0)
        const openHours = (weekdays.size * (room.openToMinute - room.openFromMinute)) / 60
        const bookedHours = bookedMs / 3_600_000
        return {
          roomId: room.id,
          name: room.name,
          meetings: mine.length,
          attendeeTimes: mine.reduce((n, row) => n + row.booking.attendeeCount, 0),
          bookedHours: round(bookedHours),
          openHours: round(openHours),
          utilisation: openHours ? round(bookedHours / openHours, 4) : 0,
          noShows: noShows.filter((row) => row.room.id === room.id).length,
          status: room.status,
        }
      })
      .filter((room) => room.status === 'active' || room.meetings || room.noShows)
      .map(({ status: _status, ...room }) => room)
    const organisers = new Map<number, RoomStats['byOrganiser'][number]>()
    for (const row of bookings) {
      const entry = organisers.get(row.booking.organiserUserId) ?? { name: row.organiserName, unitName: row.unitName, meetings: 0, noShows: 0 }
      if (row.booking.noShow) entry.noShows++
      else entry.meetings++
      organisers.set(row.booking.organiserUserId, entry)
    }
    const meetings = held.length
    return {
      month,
      meetings,
      attendeeTimes: held.reduce((n, row) => n + row.booking.attendeeCount, 0),
      noShows: noShows.length,
      noShowRate: meetings + noShows.length ? round(noShows.length / (meetings + noShows.length), 4) : 0,
      byRoom,
      byOrganiser: [...organisers.values()].sort((a, b) => b.meetings + b.noShows - (a.meetings + a.noShows)),
    }
  }

  async statsXlsx(month: string): Promise<Buffer> {
    return statsWorkbook(await this.stats(month))
  }
}
