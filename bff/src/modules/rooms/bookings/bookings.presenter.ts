import type { RoomDay } from '@egj/shared'
import { inShanghai } from '@egj/shared'
import type { BookingRow } from '../common/booking-rows.repo'
import { presentBusy, roomFields } from '../common/room.presenter'
import type { RoomShown } from '../common/room.repo'
import type { DayBusy } from './bookings.repo'

/** The day view: each room and its busy slots (nothing about who booked them). */
export function presentDay(rooms: RoomShown[], busy: DayBusy[]): RoomDay {
  const byRoom = new Map<number, DayBusy[]>()
  for (const row of busy) {
    const slots = byRoom.get(row.roomId)
    if (slots) slots.push(row)
    else byRoom.set(row.roomId, [row])
  }
  return {
    items: rooms.map((room) => ({
      ...roomFields(room),
      busy: (byRoom.get(room.id) ?? []).map(presentBusy).filter((slot) => slot.startAt < slot.endAt),
    })),
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * 桌签: one name per card on A4, each card folded in half along the dashed line so the name
 * stands on both faces (the upper face printed upside down). Big characters, nothing else.
 */
export function presentNameplates(row: BookingRow): string {
  const names = row.booking.services?.nameplates ?? []
  const when = inShanghai(row.booking.startAt).format('YYYY年M月D日 HH:mm')
  const cards = names
    .map((name) => {
      const size = name.length <= 3 ? 72 : name.length <= 5 ? 56 : name.length <= 8 ? 40 : 28
      return `<section class="card"><div class="face back" style="font-size:${size}pt">${escapeHtml(name)}</div><div class="face" style="font-size:${size}pt">${escapeHtml(name)}</div></section>`
    })
    .join('')
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>桌签 · ${escapeHtml(row.booking.title)}</title><style>
@page { size: A4; margin: 0 } * { box-sizing: border-box } body { margin: 0; font-family: "STKaiti","KaiTi","Noto Serif CJK SC","SimSun",serif }
.info { padding: 8mm 12mm; font: 11pt/1.5 sans-serif; color: #333 } @media print { .info { display: none } }
.card { width: 210mm; height: 148.5mm; page-break-after: always; break-after: page; display: flex; flex-direction: column }
.face { flex: 1; display: flex; align-items: center; justify-content: center; letter-spacing: 0.15em; font-weight: 700; white-space: nowrap }
.back { transform: rotate(180deg); border-bottom: 1px dashed #999 }
</style></head><body><p class="info">${escapeHtml(row.booking.title)} · ${escapeHtml(row.room.name)} · ${when} · 共 ${names.length} 张桌签（A4 纵向打印，每张沿虚线对折）</p>${cards || '<p class="info">这次会议没有填写桌签姓名</p>'}</body></html>`
}
