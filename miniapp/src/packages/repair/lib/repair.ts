import {
  inShanghai,
  PAGES,
  pageUrl,
  parseQrContent,
  REPAIR_CATEGORIES,
  REPAIR_CATEGORY_LABELS,
  TICKET_KIND_LABELS,
  TICKET_PAUSE_REASON_LABELS,
  TICKET_PAUSE_REASONS,
  TICKET_PHOTO_MAX_BYTES,
  type Location,
  type RepairCategory,
  type TicketKind,
  type TicketListItem,
  type TicketPauseReason,
  type TicketStatus,
} from '@egj/shared'
import type { PillTone } from '../../../components/Pill'
import { checkPhoto as checkPhotoBytes } from '../../../utils/photo-check'

/*
 * What the 报修 pages (packages/repair) share, pure so jest tests it (repair.test.ts): their
 * addresses, how statuses, clocks and times read on screen, a scanned code read as a place, the
 * locations grouped for the picker, and a photo checked on the phone before it is sent.
 */

export const ticketPage = (id: number) => pageUrl(PAGES.repairTicket, { id })
export const reportPage = (kind?: TicketKind) => pageUrl(PAGES.repairReport, { kind })
export const MINE_PAGE = pageUrl(PAGES.repairMine)

export const STATUS_TONES: Record<TicketStatus, PillTone> = {
  submitted: 'orange',
  assigned: 'orange',
  accepted: 'blue',
  in_progress: 'blue',
  paused: 'gray',
  finished: 'green',
  closed: 'green',
  cancelled: 'gray',
}

export const KIND_OPTIONS = (['repair', 'suggestion', 'complaint', 'question'] as const).map((value) => ({ value, label: TICKET_KIND_LABELS[value] }))
export const CATEGORY_OPTIONS: { value: RepairCategory; label: string }[] = REPAIR_CATEGORIES.map((value) => ({ value, label: REPAIR_CATEGORY_LABELS[value] }))
export const PAUSE_OPTIONS: { value: TicketPauseReason; label: string }[] = TICKET_PAUSE_REASONS.map((value) => ({ value, label: TICKET_PAUSE_REASON_LABELS[value] }))

/** 我的报修's tabs and the status each asks the list for. */
export type MineTab = 'open' | 'finished' | 'closed'
export const MINE_TABS: { value: MineTab; label: string }[] = [
  { value: 'open', label: '进行中' },
  { value: 'finished', label: '待确认' },
  { value: 'closed', label: '已完成' },
]

/** 水电 for a repair, 投诉 for a service request. */
export const ticketWhat = (t: Pick<TicketListItem, 'kind' | 'category'>) => (t.kind === 'repair' && t.category ? REPAIR_CATEGORY_LABELS[t.category] : TICKET_KIND_LABELS[t.kind])

/** "12月7日 16:30" in Shanghai. */
export const shortMoment = (iso: string) => inShanghai(iso).format('M月D日 HH:mm')
/** "12月7日 16:30 前完成" */
export const finishByText = (iso: string) => `${shortMoment(iso)} 前完成`

/** Working minutes as people say them: 45 分钟, 2 小时, 2 小时 5 分. */
export function durationText(minutes: number): string {
  const m = Math.max(0, Math.round(minutes))
  const hours = Math.floor(m / 60)
  const rest = m % 60
  if (!hours) return `${rest} 分钟`
  return rest ? `${hours} 小时 ${rest} 分` : `${hours} 小时`
}

/** "已用 2 小时 5 分 / 时限 4 小时（工作时间）" */
export const clockUsage = (used: number, target: number) => `已用 ${durationText(used)} / 时限 ${durationText(target)}（工作时间）`

/** How full a clock's bar is, 0–100. */
export const clockPercent = (used: number, target: number) => (target > 0 ? Math.max(0, Math.min(100, Math.round((used / target) * 100))) : 0)

/** A bar's colour: green, orange from 75 %, red past the target. */
export const clockTone = (used: number, target: number): 'green' | 'orange' | 'red' => (used > target ? 'red' : used >= target * 0.75 ? 'orange' : 'green')

/** Where a scanned or typed code names a place to report at (a location, a room's door, an asset): its path form for the BFF, else null. */
export function placeCodeOf(text: string): string | null {
  const parsed = parseQrContent(text)
  if (!parsed || !(parsed.kind === 'l' || parsed.kind === 'r' || parsed.kind === 'a')) return null
  return `/q/${parsed.kind}/${encodeURIComponent(parsed.token)}`
}

/** "5楼", "B1", "12F": floors in the order of the building (basements first, then by number). */
function floorRank(floor: string): number {
  const basement = /^(?:B|负|地下)\s*(\d+)/i.exec(floor)
  if (basement) return -Number(basement[1])
  const number = /-?\d+/.exec(floor)
  return number ? Number(number[0]) : 10_000
}

export interface LocationGroup {
  building: string
  floors: { floor: string; spots: Location[] }[]
}

/** Active locations grouped building → floor → spot, filtered by `query` (any of the three, or the 编号). */
export function groupLocations(items: Location[], query = ''): LocationGroup[] {
  const q = query.trim().toLowerCase()
  const hits = items.filter((l) => l.active && (!q || `${l.building} ${l.floor} ${l.spot} ${l.name} ${l.shortCode}`.toLowerCase().includes(q)))
  const groups: LocationGroup[] = []
  for (const location of hits) {
    let group = groups.find((g) => g.building === location.building)
    if (!group) groups.push((group = { building: location.building, floors: [] }))
    let floor = group.floors.find((f) => f.floor === location.floor)
    if (!floor) group.floors.push((floor = { floor: location.floor, spots: [] }))
    floor.spots.push(location)
  }
  const zh = (a: string, b: string) => a.localeCompare(b, 'zh-CN')
  groups.sort((a, b) => zh(a.building, b.building))
  for (const group of groups) {
    group.floors.sort((a, b) => floorRank(a.floor) - floorRank(b.floor) || zh(a.floor, b.floor))
    for (const floor of group.floors) floor.spots.sort((a, b) => zh(a.spot, b.spot))
  }
  return groups
}

// --- photos ------------------------------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Bytes as base64 (the same on H5 and weapp: no btoa there). */
export function base64Of(bytes: ArrayBuffer): string {
  const b = new Uint8Array(bytes)
  let out = ''
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0)
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < b.length ? B64[n & 63] : '=')
  }
  return out
}

export type PhotoCheck = { ok: true; dataUrl: string } | { ok: false; problem: string }

/** Whether a picked photo may be sent (JPEG or PNG by its bytes, ≤ 2 MB), as the data URL the API takes; else why not. */
export function checkPhoto(photo: { name: string; bytes: ArrayBuffer }, maxBytes = TICKET_PHOTO_MAX_BYTES): PhotoCheck {
  const checked = checkPhotoBytes(photo, maxBytes)
  return checked.ok ? { ok: true, dataUrl: `data:${checked.type};base64,${base64Of(photo.bytes)}` } : checked
}
