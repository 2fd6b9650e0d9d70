import type { MeetingTask } from '@egj/shared'
import { MeetingTaskKind, ROOM_PREPARE_MINUTES } from '@egj/shared'
import type { z } from 'zod'
import type { BookingRow } from '../common/booking-rows.repo'
import type { DoneRow } from './service.repo'

type Kind = z.infer<typeof MeetingTaskKind>
type Task = z.infer<typeof MeetingTask>

/** A task's id: its booking and kind in one number, so the done state follows the booking through edits. */
export const taskId = (bookingId: number, kind: Kind) => bookingId * 10 + MeetingTaskKind.options.indexOf(kind)
export const taskOf = (id: number): { bookingId: number; kind: Kind | undefined } => ({ bookingId: Math.floor(id / 10), kind: MeetingTaskKind.options[id % 10] })

/** What 会务 does for a booking: prepare the room 30 minutes before, plus one task per service asked for. */
export function tasksOf(row: BookingRow): { kind: Kind; detail: string }[] {
  const b = row.booking
  const s = b.services ?? {}
  const tasks: { kind: Kind; detail: string }[] = [{ kind: 'prepare_room', detail: `${row.room.building}${row.room.floor} ${row.room.name}，${b.attendeeCount} 人` }]
  if (s.tea || s.teaCount) tasks.push({ kind: 'tea', detail: `茶水 ${s.teaCount ?? b.attendeeCount} 杯` })
  if (s.nameplates?.length) tasks.push({ kind: 'nameplates', detail: `桌签 ${s.nameplates.length} 个：${s.nameplates.join('、')}` })
  if (s.bannerText) tasks.push({ kind: 'banner', detail: `横幅/屏幕：${s.bannerText}` })
  if (s.av) tasks.push({ kind: 'av', detail: '音视频保障：话筒、投影/视频会议提前调试' })
  if (s.meals?.length) tasks.push({ kind: 'meals', detail: `会议用餐：${s.meals.map((m) => `${m.period} ${m.count} 份`).join('，')}（电子餐券，记 ${row.unitName ?? '预订人单位'} 账）` })
  return tasks
}

export function presentTasks(rows: BookingRow[], done: DoneRow[]): Task[] {
  const doneBy = new Map(done.map((d) => [`${d.bookingId}:${d.kind}`, d]))
  return rows.flatMap((row) => {
    const b = row.booking
    const dueAt = new Date(b.startAt.getTime() - ROOM_PREPARE_MINUTES * 60_000).toISOString()
    const booking = { id: b.id, title: b.title, startAt: b.startAt.toISOString(), endAt: b.endAt.toISOString(), attendeeCount: b.attendeeCount, organiser: row.organiserName, roomName: row.room.name }
    return tasksOf(row).map((task) => {
      const d = doneBy.get(`${b.id}:${task.kind}`)
      return { id: taskId(b.id, task.kind), kind: task.kind, dueAt, detail: task.detail, booking, done: !!d, doneAt: d?.doneAt.toISOString() ?? null, doneBy: d?.doneByName ?? null }
    })
  })
}
