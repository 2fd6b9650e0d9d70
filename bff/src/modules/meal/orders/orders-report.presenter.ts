import type { Counts, OrderStats } from '@egj/shared'
import { escapeHtml } from '../../../lib/qr-sheet.presenter'
import { newWorkbook, workbookBuffer } from '../../../lib/xlsx'

/** 备餐单: one A4 page per day, a table per period — each dish, portions booked, and by unit. */
export function prepSheetHtml(canteen: string, counts: Counts, printedAt: string): string {
  const periods = counts.periods
    .map((period) => {
      const rows = period.dishes
        .map((dish) => `<tr><td>${escapeHtml(dish.name)}</td><td class="n">${dish.booked}</td><td class="n">${dish.portionsLimit ?? '不限'}</td><td>${dish.byUnit.map((u) => `${escapeHtml(u.unitName)} ${u.booked}`).join('，') || '—'}</td></tr>`)
        .join('')
      const portions = period.dishes.reduce((sum, dish) => sum + dish.booked, 0)
      return `<section><h2>${escapeHtml(period.name)}<small>${period.orders} 人报餐 · 共 ${portions} 份</small></h2><table><colgroup><col class="name"><col class="n"><col class="n"><col></colgroup><thead><tr><th>菜品</th><th class="n">预订份数</th><th class="n">限量</th><th>按单位</th></tr></thead><tbody>${rows || '<tr><td colspan="4">本餐次无菜品</td></tr>'}</tbody></table></section>`
    })
    .join('')
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(canteen)} 备餐单 ${counts.date}</title>
<style>@page{size:A4;margin:15mm}body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#222}h1{font-size:20px;margin:0 0 4px}p.meta{color:#666;margin:0 0 16px;font-size:12px}h2{font-size:16px;margin:18px 0 6px}h2 small{font-weight:normal;color:#666;margin-left:8px;font-size:12px}table{width:100%;border-collapse:collapse;font-size:13px;table-layout:fixed}col.name{width:32%}col.n{width:80px}th,td{border:1px solid #999;padding:4px 6px;text-align:left}td.n,th.n{text-align:right}section{break-inside:avoid}</style></head>
<body><h1>${escapeHtml(canteen)} 备餐单</h1><p class="meta">${counts.date} · 打印于 ${escapeHtml(printedAt)} · 截止后份数不再变化</p>${periods || '<p>当天没有发布菜单。</p>'}</body></html>`
}

/** The columns of the monthly 报餐 statistics, each with what it means (a note on its header and the 说明 sheet). */
export const STATS_COLUMNS = [
  { header: '食堂', key: 'merchantName', width: 24, note: '' },
  { header: '预订（人次）', key: 'booked', width: 12, note: '本月未取消的报餐单数 = 就餐 + 未取餐 + 待取餐' },
  { header: '就餐', key: 'served', width: 8, note: '已取餐的报餐' },
  { header: '未取餐', key: 'noShow', width: 8, note: '餐次结束仍未取餐，按食堂规则扣款或释放' },
  { header: '待取餐', key: 'open', width: 8, note: '尚未到取餐时间或餐次未结束' },
  { header: '已取消', key: 'cancelled', width: 8, note: '截止前取消的报餐' },
  { header: '餐次', key: 'periods', width: 8, note: '本月截至今天发布了菜单的餐次数' },
  { header: '已登记备餐餐次', key: 'portionsRecordedPeriods', width: 16, note: '厨房登记了备餐份数的餐次数' },
  { header: '备餐份数', key: 'portionsCooked', width: 10, note: '厨房登记的实际备餐份数之和（仅已登记的餐次）' },
  { header: '同餐次预订份数', key: 'portionsBookedRecorded', width: 16, note: '已登记备餐的那些餐次里预订的份数，与备餐份数对比' },
  { header: '本月预订份数', key: 'portionsBooked', width: 14, note: '本月全部未取消报餐的菜品份数' },
  { header: '已称厨余餐次', key: 'wasteRecordedPeriods', width: 14, note: '厨房称重记录了厨余的餐次数' },
  { header: '厨余（公斤）', key: 'wasteKg', width: 12, note: '已称厨余餐次的厨余重量之和' },
  { header: '人均浪费（克）', key: 'wastePerDinerG', width: 14, note: '厨余克数 ÷ 已称厨余餐次的就餐人次（未称重的餐次不计入）' },
  { header: '收入（元）', key: 'revenue', width: 12, note: '报餐取餐及未取餐扣款的实收金额，已扣除退款' },
] as const

/** 月度报餐统计 .xlsx: one row per canteen, what each column means on its header and on a 说明 sheet. */
export async function statsWorkbook(stats: OrderStats): Promise<Buffer> {
  const book = newWorkbook()
  const sheet = book.addWorksheet(`${stats.month} 报餐统计`)
  sheet.columns = STATS_COLUMNS.map(({ header, key, width }) => ({ header, key, width, ...(key === 'revenue' ? { style: { numFmt: '0.00' } } : {}) }))
  for (const row of stats.canteens) {
    sheet.addRow({ ...row, portionsCooked: row.portionsCooked ?? '未登记', wastePerDinerG: row.wastePerDinerG ?? '—', revenue: row.revenueFen / 100 })
  }
  const header = sheet.getRow(1)
  header.font = { bold: true }
  STATS_COLUMNS.forEach((column, i) => {
    if (column.note) header.getCell(i + 1).note = column.note
  })
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  const notes = book.addWorksheet('说明')
  notes.columns = [
    { header: '列', key: 'header', width: 18 },
    { header: '含义', key: 'note', width: 60 },
  ]
  for (const column of STATS_COLUMNS) if (column.note) notes.addRow(column)
  notes.getRow(1).font = { bold: true }
  return workbookBuffer(book)
}
