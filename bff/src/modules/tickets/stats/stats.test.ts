import ExcelJS from 'exceljs'
import { repairFirms } from '../../../db/schema'
import { startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'
import { createUnit } from '../../../../test/asset-fixtures'
import { insertTicket } from '../../../../test/ticket-fixtures'
import { rowStarting } from '../../../../test/xlsx'
import { addWorkingMinutes, DEFAULT_CALENDAR } from '../common/working-time'
import { IN_HOUSE } from './stats.service'

// The routes (`ticketStatsRoutes`) join the contract with `ticketsApi`; until then the service is
// called as the route would call it.

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

// A month no other test writes to: the figures are exactly what this test put there.
const MONTH = '2032-07'
const at = (text: string) => new Date(`${text}+08:00`)

describe('报修月度统计', () => {
  it('counts the month (Asia/Shanghai): by category and unit, on time, working hours, satisfaction, 返修, 重复报修, cost by firm, 服务受理; and exports it', async () => {
    const unitA = await createUnit(t)
    const unitB = await createUnit(t)
    const reporter = await createUser(t, ['staff'])
    const worker = await createUser(t, ['staff', 'repair_worker'])
    const firmName = `统计测试维修公司${unitA.id}`
    const [firm] = await t.database.db.insert(repairFirms).values({ name: firmName, contactName: '王师傅', contactMobile: t.services.pii.seal('13812341234'), categories: ['hvac'] })
    const firmId = firm.insertId
    const r = reporter.userId

    // Monday 5 July 09:00: accepted in 30 minutes, finished at 14:00 (210 working minutes) by a worker, ¥50.00, rated 5
    const t1 = await insertTicket(t, {
      reporterUserId: r,
      unitId: unitA.id,
      category: 'water_power',
      at: at('2032-07-05T09:00:00'),
      status: 'closed',
      acceptMinutes: 120,
      finishMinutes: 450,
      set: { workerUserId: worker.userId, acceptedAt: at('2032-07-05T09:30:00'), finishedAt: at('2032-07-05T14:00:00'), costFen: 5000, rating: 5, closedAt: at('2032-07-06T09:00:00') },
    })
    // 10:00: accepted late (due 12:00) by a firm; paused an hour (finishBy moved by as much); reopened once; finished Wednesday 10:00 (900 − 60 = 840 working minutes), ¥1,234.56, rated 3
    const start2 = at('2032-07-05T10:00:00')
    await insertTicket(t, {
      reporterUserId: r,
      unitId: unitA.id,
      category: 'hvac',
      at: start2,
      status: 'closed',
      acceptMinutes: 120,
      finishMinutes: 900,
      set: {
        firmId,
        acceptedAt: at('2032-07-05T13:00:00'),
        pausedMinutes: 60,
        finishBy: addWorkingMinutes(DEFAULT_CALENDAR, start2, 960),
        finishedAt: at('2032-07-07T10:00:00'),
        reopenCount: 1,
        costFen: 123_456,
        rating: 3,
        closedAt: at('2032-07-08T09:00:00'),
      },
    })
    // a repeat of the first, not yet handled
    await insertTicket(t, { reporterUserId: r, unitId: unitB.id, category: 'water_power', at: at('2032-07-20T09:00:00'), set: { repeatOfId: t1.id } })
    // 咨询 answered the same day (270 working minutes), rated 4; a 投诉 at 23:30 on the 31st (still July in Beijing), not answered
    await insertTicket(t, {
      kind: 'question',
      reporterUserId: r,
      unitId: unitB.id,
      at: at('2032-07-12T09:00:00'),
      status: 'closed',
      set: { reply: '已答复', finishedAt: at('2032-07-12T15:00:00'), rating: 4, closedAt: at('2032-07-13T09:00:00') },
    })
    await insertTicket(t, { kind: 'complaint', reporterUserId: r, unitId: unitB.id, at: at('2032-07-31T23:30:00') })
    // reported 30 June 23:59, finished late on 1 July 10:00 (90 working minutes) by the firm, ¥100.00
    await insertTicket(t, {
      reporterUserId: r,
      unitId: unitA.id,
      category: 'hvac',
      at: at('2032-06-30T23:59:00'),
      status: 'finished',
      set: { firmId, acceptedAt: at('2032-06-30T23:59:30'), finishBy: at('2032-07-01T09:00:00'), finishedAt: at('2032-07-01T10:00:00'), costFen: 10_000 },
    })
    // 1 August 00:00:30 in Beijing (31 July in UTC): not July's
    await insertTicket(t, { reporterUserId: r, unitId: unitA.id, at: at('2032-08-01T00:00:30') })

    const stats = await t.services.ticketStats.stats(MONTH)
    expect(stats).toEqual({
      month: MONTH,
      total: 5,
      byCategory: [
        { category: 'water_power', label: '水电', count: 2 },
        { category: 'hvac', label: '空调暖通', count: 1 },
        { category: 'complaint', label: '投诉', count: 1 },
        { category: 'question', label: '咨询', count: 1 },
      ],
      byUnit: [
        { unitId: unitB.id, unitName: unitB.name, count: 3 },
        { unitId: unitA.id, unitName: unitA.name, count: 2 },
      ],
      acceptedOnTimePercent: 50,
      finishedOnTimePercent: 75,
      averageFinishHours: 5.88,
      satisfactionPercent: 66.7,
      averageRating: 4,
      reopenRatePercent: 25,
      repeatCount: 1,
      byFirm: [
        { firmId, firmName, tickets: 2, costFen: 133_456 },
        { firmId: null, firmName: IN_HOUSE, tickets: 1, costFen: 5000 },
      ],
      serviceRequests: { total: 2, replied: 1 },
    })

    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await t.services.ticketStats.statsXlsx(MONTH)) as unknown as ArrayBuffer)
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['概览', '按类别', '按单位', '外协费用'])
    const summary = book.getWorksheet('概览')!
    expect(rowStarting(summary, '工单总数（件）')).toEqual(['工单总数（件）', 5])
    expect(rowStarting(summary, '及时接单率')).toEqual(['及时接单率', 0.5])
    expect(summary.getRow(3).getCell(2).numFmt).toBe('0.0%')
    expect(rowStarting(summary, '满意率（4–5 分）')).toEqual(['满意率（4–5 分）', 0.667])
    expect(rowStarting(summary, '平均完工用时（工作小时）')).toEqual(['平均完工用时（工作小时）', 5.88])
    expect(rowStarting(summary, '维修费用合计（元）')).toEqual(['维修费用合计（元）', 1384.56])
    expect(rowStarting(summary, '服务受理已答复（件）')).toEqual(['服务受理已答复（件）', 1])
    expect(rowStarting(book.getWorksheet('按类别')!, '水电')).toEqual(['水电', 2])
    expect((rowStarting(book.getWorksheet('按类别')!, '合计')![1] as { result: number }).result).toBe(5)
    expect(rowStarting(book.getWorksheet('按单位')!, unitB.name)).toEqual([unitB.name, 3])
    const firms = book.getWorksheet('外协费用')!
    expect(rowStarting(firms, firmName)).toEqual([firmName, 2, 1334.56])
    expect(rowStarting(firms, IN_HOUSE)).toEqual([IN_HOUSE, 1, 50])
    expect(firms.getRow(2).getCell(3).numFmt).toBe('#,##0.00')
    expect((rowStarting(firms, '合计')![2] as { result: number }).result).toBe(1384.56)

    const empty = await t.services.ticketStats.stats('2033-02')
    expect(empty).toMatchObject({ total: 0, byCategory: [], byUnit: [], acceptedOnTimePercent: null, finishedOnTimePercent: null, averageFinishHours: null, satisfactionPercent: null, averageRating: null, reopenRatePercent: null, byFirm: [] })
    const emptyBook = new ExcelJS.Workbook()
    await emptyBook.xlsx.load((await t.services.ticketStats.statsXlsx('2033-02')) as unknown as ArrayBuffer)
    expect(rowStarting(emptyBook.getWorksheet('概览')!, '及时接单率')).toEqual(['及时接单率', '—'])
  })
})
