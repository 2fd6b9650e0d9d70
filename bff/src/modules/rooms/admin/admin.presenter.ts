import type { RoomAdmin, RoomStats } from '@egj/shared'
import { qrLabelSheet } from '../../../lib/qr-sheet.presenter'
import { newWorkbook, workbookBuffer } from '../../../lib/xlsx'
import type { RoomRow } from '../common/room.repo'
import { roomFields } from '../common/room.presenter'

export function presentRoomAdmin(room: RoomRow, codes: { url: (id: number) => string; short: (id: number) => string }): RoomAdmin {
  return { ...roomFields(room), status: room.status, code: codes.url(room.id), shortCode: codes.short(room.id) }
}

/** A printable A4 sheet of door codes: room, place, the QR and the short code under it. */
export function presentDoorSheet(rooms: RoomAdmin[]): Promise<string> {
  return qrLabelSheet({
    title: '会议室门牌码',
    heading: '会议室门牌码',
    hint: '会议开始前 10 分钟至开始后 15 分钟内，用微信或 e管家 扫码签到；无法扫码时在 e管家 扫码页输入编号',
    empty: '没有启用的会议室',
    labels: rooms.map((room) => ({ url: room.code, title: room.name, subtitle: `${room.building} ${room.floor} · ${room.capacity} 人`, shortCode: room.shortCode })),
  })
}

/**
 * 月度会议室统计 as an .xlsx: per room and per organiser. The 合计 rows hold formulas with their
 * values stored, so previewers that do not calculate (phones) still show the totals.
 */
export async function statsWorkbook(stats: RoomStats): Promise<Buffer> {
  const book = newWorkbook()
  book.creator = 'e管家'
  const rooms = book.addWorksheet('按会议室')
  rooms.columns = [
    { header: '会议室', key: 'name', width: 20 },
    { header: '场次', key: 'meetings', width: 8 },
    { header: '参会人次', key: 'attendeeTimes', width: 10 },
    { header: '预订时长（小时）', key: 'bookedHours', width: 16, style: { numFmt: '0.00' } },
    { header: '开放时长（小时，工作日）', key: 'openHours', width: 22, style: { numFmt: '0.00' } },
    { header: '使用率', key: 'utilisation', width: 10, style: { numFmt: '0.0%' } },
    { header: '爽约', key: 'noShows', width: 8 },
  ]
  for (const row of stats.byRoom) rooms.addRow(row)
  const last = rooms.rowCount
  const total = rooms.addRow({ name: '合计' })
  total.font = { bold: true }
  const sum = (key: keyof RoomStats['byRoom'][number]) => stats.byRoom.reduce((n, row) => n + Number(row[key]), 0)
  const cols: [string, keyof RoomStats['byRoom'][number]][] = [['B', 'meetings'], ['C', 'attendeeTimes'], ['D', 'bookedHours'], ['E', 'openHours'], ['G', 'noShows']]
  for (const [letter, key] of cols) total.getCell(letter).value = last > 1 ? { formula: `SUM(${letter}2:${letter}${last})`, result: Math.round(sum(key) * 100) / 100 } : 0
  const openTotal = sum('openHours')
  total.getCell('F').value = { formula: `IF(E${total.number}=0,0,D${total.number}/E${total.number})`, result: openTotal ? Math.round((sum('bookedHours') / openTotal) * 10_000) / 10_000 : 0 }

  const people = book.addWorksheet('按预订人')
  people.columns = [
    { header: '预订人', key: 'name', width: 12 },
    { header: '单位', key: 'unitName', width: 24 },
    { header: '场次', key: 'meetings', width: 8 },
    { header: '爽约', key: 'noShows', width: 8 },
  ]
  for (const row of stats.byOrganiser) people.addRow(row)
  const lastPerson = people.rowCount
  const totalPeople = people.addRow({ name: '合计' })
  totalPeople.font = { bold: true }
  totalPeople.getCell('C').value = lastPerson > 1 ? { formula: `SUM(C2:C${lastPerson})`, result: stats.byOrganiser.reduce((n, r) => n + r.meetings, 0) } : 0
  totalPeople.getCell('D').value = lastPerson > 1 ? { formula: `SUM(D2:D${lastPerson})`, result: stats.byOrganiser.reduce((n, r) => n + r.noShows, 0) } : 0
  for (const sheet of [rooms, people]) {
    sheet.getRow(1).font = { bold: true }
    sheet.views = [{ state: 'frozen', ySplit: 1 }]
    sheet.headerFooter.oddHeader = `&C${stats.month} 会议室使用统计（爽约率 ${(stats.noShowRate * 100).toFixed(1)}%）`
  }
  return workbookBuffer(book)
}
