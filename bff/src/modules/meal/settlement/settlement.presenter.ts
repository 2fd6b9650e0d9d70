import type { DailyStatement } from '@egj/shared'
import { newWorkbook, workbookBuffer } from '../../../lib/xlsx'
import { serialNoOf } from '../common/payment.presenter'
import type { StatementRow, monthByMerchant, monthByUnit } from './settlement.repo'

const yuan = (fen: number) => Math.round(fen) / 100

export function presentDailyStatement(merchant: { id: number; name: string }, date: string, rows: StatementRow[]): DailyStatement {
  const lines = rows.map((row) => ({
    paymentId: row.payment.id,
    serialNo: serialNoOf(row.payment.id, row.payment.createdAt),
    paidAt: row.payment.paidAt!.toISOString(),
    windowName: row.windowName,
    payerName: row.payerName,
    payerUnitName: row.payerUnitName,
    voucherUnitName: row.voucherUnitName,
    method: row.payment.method,
    official: row.payment.official,
    amountFen: row.payment.amountFen,
    refundedFen: row.payment.refundedFen,
    review: row.review ?? ('pending' as const),
    note: row.note ?? null,
  }))
  const sum = (pick: (line: (typeof lines)[number]) => number) => lines.reduce((total, line) => total + pick(line), 0)
  return {
    merchant,
    date,
    lines,
    totals: {
      count: lines.length,
      amountFen: sum((l) => l.amountFen),
      refundedFen: sum((l) => l.refundedFen),
      netFen: sum((l) => l.amountFen - l.refundedFen),
      confirmed: lines.filter((l) => l.review === 'confirmed').length,
      disputed: lines.filter((l) => l.review === 'disputed').length,
      pending: lines.filter((l) => l.review === 'pending').length,
    },
  }
}

export type MonthlyData =
  | { by: 'merchant'; month: string; rows: Awaited<ReturnType<typeof monthByMerchant>> }
  | { by: 'unit'; month: string; rows: Awaited<ReturnType<typeof monthByUnit>>; grantedByUnit: Map<number, number> }

/**
 * 月度结算 as an .xlsx: what each canteen is owed, or what each unit's diners, vouchers and
 * subsidies cost. Every row adds up: 收款 (消费) = 饭卡 (补贴 + 个人) + 微信支付 + 餐券, and
 * 应结 = 收款 − 退款. The 合计 row holds formulas with their values stored, so previewers that
 * do not calculate (phones) still show the totals.
 */
export async function monthlyWorkbook(data: MonthlyData): Promise<Buffer> {
  const book = newWorkbook()
  book.creator = 'e管家'
  const sheet = book.addWorksheet(data.by === 'merchant' ? '按商户结算' : '按单位结算')
  const money = { numFmt: '#,##0.00' }
  const moneyOf = (row: MonthlyData['rows'][number]) => ({
    amount: yuan(Number(row.amountFen)),
    subsidy: yuan(Number(row.subsidyFen)),
    personal: yuan(Number(row.personalFen)),
    account: yuan(Number(row.subsidyFen) + Number(row.personalFen)),
    wechat: yuan(Number(row.wechatFen)),
    voucher: yuan(Number(row.voucherFen)),
    refunded: yuan(Number(row.refundedFen)),
    net: yuan(Number(row.amountFen) - Number(row.refundedFen)),
  })
  if (data.by === 'merchant') {
    sheet.columns = [
      { header: '商户', key: 'name', width: 28 },
      { header: '类型', key: 'kind', width: 12 },
      { header: '笔数', key: 'count', width: 8 },
      { header: '其中公务', key: 'officialCount', width: 10 },
      { header: '收款（元）', key: 'amount', width: 14, style: money },
      { header: '饭卡（元）', key: 'account', width: 14, style: money },
      { header: '微信支付（元）', key: 'wechat', width: 16, style: money },
      { header: '餐券（元）', key: 'voucher', width: 14, style: money },
      { header: '退款（元）', key: 'refunded', width: 14, style: money },
      { header: '应结金额（元）', key: 'net', width: 16, style: money },
    ]
    for (const row of data.rows) {
      sheet.addRow({ name: row.name, kind: row.kind === 'canteen' ? '机关食堂' : '定点用餐点', count: Number(row.count), officialCount: Number(row.officialCount), ...moneyOf(row) })
    }
  } else {
    sheet.columns = [
      { header: '单位', key: 'name', width: 24 },
      { header: '就餐笔数', key: 'count', width: 10 },
      { header: '其中公务', key: 'officialCount', width: 10 },
      { header: '消费（元）', key: 'amount', width: 14, style: money },
      { header: '其中补贴（元）', key: 'subsidy', width: 16, style: money },
      { header: '其中个人（元）', key: 'personal', width: 16, style: money },
      { header: '其中微信（元）', key: 'wechat', width: 16, style: money },
      { header: '其中餐券（元）', key: 'voucher', width: 16, style: money },
      { header: '退款（元）', key: 'refunded', width: 12, style: money },
      { header: '本月发放餐补（元）', key: 'granted', width: 18, style: money },
    ]
    for (const row of data.rows) {
      sheet.addRow({ name: row.name, count: Number(row.count), officialCount: Number(row.officialCount), ...moneyOf(row), granted: yuan(data.grantedByUnit.get(row.unitId) ?? 0) })
    }
  }
  sheet.getRow(1).font = { bold: true }
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  const last = sheet.rowCount
  if (last > 1) {
    const totalRow = sheet.addRow({ name: '合计' })
    totalRow.font = { bold: true }
    sheet.columns.forEach((column, index) => {
      if (index === 0 || column.key === 'kind') return
      const letter = sheet.getColumn(index + 1).letter
      let sum = 0
      for (let r = 2; r <= last; r++) sum += Number(sheet.getRow(r).getCell(index + 1).value ?? 0)
      totalRow.getCell(index + 1).value = { formula: `SUM(${letter}2:${letter}${last})`, result: Math.round(sum * 100) / 100 }
    })
  }
  sheet.headerFooter.oddHeader = `&C${data.month} 公务餐${data.by === 'merchant' ? '商户' : '单位'}结算表`
  return workbookBuffer(book)
}
