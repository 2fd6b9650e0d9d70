import { formatMoney, inShanghai, pageUrl, PAGES, VEHICLE_REQUEST_STATUS_LABELS, type IndicatorKey } from '@egj/shared'
import type { RecordRow, Source } from '../common/figures.repo'

/** A record's title and subtitle in Chinese, its figure and its own page. */
export function presentRecord(source: Source, key: IndicatorKey, row: RecordRow & { requestId?: number }, url: boolean) {
  const who = row.who ?? '—'
  const time = row.at ? inShanghai(row.at).format('MM-DD HH:mm') : null
  let title: string
  let subtitle: string | null
  let amount: string | null = null
  let page: string | null = null
  switch (source) {
    case 'payment':
      title = `${who} · ${row.what ?? ''}${row.detail ? ` ${row.detail}` : ''}`
      subtitle = formatMoney(row.amount ?? 0)
      amount = formatMoney(row.amount ?? 0)
      page = pageUrl(PAGES.mealReceipt, { id: row.id })
      break
    case 'visit':
      title = `${who} 来访`
      subtitle = `被访人 ${row.what ?? '—'}${row.detail ? ` · ${row.detail} 到访` : ''}`
      page = pageUrl(PAGES.visitDetail, { id: row.id })
      break
    case 'trip':
      title = `${who} · ${row.what ?? ''}`
      subtitle = row.detail ? `车辆 ${row.detail}` : null
      amount = key === 'car_km_today' && row.amount !== null ? `${row.amount} 公里` : null
      page = row.requestId ? pageUrl(PAGES.vehicleRequest, { id: Number(row.requestId) }) : null
      break
    case 'request':
      title = `${who} · ${row.what ?? ''}`
      subtitle = row.detail ? (VEHICLE_REQUEST_STATUS_LABELS as Record<string, string>)[row.detail] ?? null : null
      page = pageUrl(PAGES.vehicleRequest, { id: row.id })
      break
    case 'report':
      title = `${row.what ?? '车辆'} 私用举报`
      subtitle = '待处理'
      break
    case 'booking':
      title = `${row.what ?? '会议'}`
      subtitle = `${who} · ${row.detail ?? ''}`
      amount = row.amount !== null ? `${row.amount} 分钟` : null
      page = pageUrl(PAGES.roomBooking, { id: row.id })
      break
    case 'ticket':
      title = `${who} 报修${row.what ? ` · ${row.what}` : ''}`
      subtitle = (row.detail ?? '').slice(0, 60) || null
      page = pageUrl(PAGES.repairTicket, { id: row.id })
      break
    case 'loan':
      title = `${who} · ${row.what ?? ''}`
      subtitle = row.detail ? `应于 ${row.detail} 归还` : null
      page = pageUrl(PAGES.assetLoan, { id: row.id })
      break
  }
  return { id: row.id, title, subtitle: subtitle ?? time, at: row.at ? row.at.toISOString() : null, unitName: row.unitName, amount, url: url ? page : null }
}
