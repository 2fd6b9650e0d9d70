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
      return `<section><h2>${escapeHtml(period.name)}<small>报餐 ${period.orders} 份</small></h2><table><thead><tr><th>菜品</th><th class="n">预订份数</th><th class="n">限量</th><th>按单位</th></tr></thead><tbody>${rows || '<tr><td colspan="4">本餐次无菜品</td></tr>'}</tbody></table></section>`
    })
    .join('')
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(canteen)} 备餐单 ${counts.date}</title>
<style>@page{size:A4;margin:15mm}body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#222}h1{font-size:20px;margin:0 0 4px}p.meta{color:#666;margin:0 0 16px;font-size:12px}h2{font-size:16px;margin:18px 0 6px}h2 small{font-weight:normal;color:#666;margin-left:8px;font-size:12px}table{width:100%;border-collapse:collapse;font-size:13px}th,td{border:1px solid #999;padding:4px 6px;text-align:left}td.n,th.n{text-align:right;width:70px}section{break-inside:avoid}</style></head>
<body><h1>${escapeHtml(canteen)} 备餐单</h1><p class="meta">${counts.date} · 打印于 ${escapeHtml(printedAt)} · 截止后份数不再变化</p>${periods || '<p>当天没有发布菜单。</p>'}</body></html>`
}

/** 月度报餐统计 .xlsx: one row per canteen. */
export async function statsWorkbook(stats: OrderStats): Promise<Buffer> {
  const book = newWorkbook()
  const sheet = book.addWorksheet(`${stats.month} 报餐统计`)
  sheet.columns = [
    { header: '食堂', key: 'merchantName', width: 24 },
    { header: '预订（份）', key: 'booked', width: 12 },
    { header: '就餐', key: 'served', width: 10 },
    { header: '未取餐', key: 'noShow', width: 10 },
    { header: '已取消', key: 'cancelled', width: 10 },
    { header: '备餐份数', key: 'portionsCooked', width: 12 },
    { header: '预订份数', key: 'portionsBooked', width: 12 },
    { header: '厨余（公斤）', key: 'wasteKg', width: 14 },
    { header: '人均浪费（克）', key: 'wastePerDinerG', width: 16 },
    { header: '收入（元）', key: 'revenue', width: 14, style: { numFmt: '0.00' } },
  ]
  for (const row of stats.canteens) sheet.addRow({ ...row, revenue: row.revenueFen / 100 })
  sheet.getRow(1).font = { bold: true }
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  return workbookBuffer(book)
}
