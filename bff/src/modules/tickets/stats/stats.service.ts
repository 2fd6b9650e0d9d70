import { isServiceRequest, REPAIR_CATEGORIES, REPAIR_CATEGORY_LABELS, shanghaiDayStart, TICKET_KIND_LABELS, type TicketStats } from '@egj/shared'
import type { Db } from '../../../db/client'
import { loadWorkCalendar } from '../common/calendar.repo'
import { workingMinutesBetween } from '../common/working-time'
import { statsWorkbook } from './stats.presenter'
import * as repo from './stats.repo'

export interface TicketStatsServiceDeps {
  db: Db
}

/** The Asia/Shanghai month as [first instant, first instant of the next). */
function monthRange(month: string): [Date, Date] {
  const [year, m] = month.split('-').map(Number)
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return [shanghaiDayStart(`${month}-01`), shanghaiDayStart(`${next}-01`)]
}

/** n of total in %, one decimal (null: nothing to count). */
const percent = (n: number, total: number) => (total ? Math.round((n / total) * 1000) / 10 : null)
const average = (values: number[], places = 2) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10 ** places) / 10 ** places : null)

/** The in-house workers' line of 外协费用. */
export const IN_HOUSE = '本单位维修人员'
const NO_UNIT = '（无单位）'
/** The order categories are listed in when their counts tie: the repair categories, then 服务受理's kinds. */
const CATEGORY_ORDER: string[] = [...REPAIR_CATEGORIES, 'suggestion', 'complaint', 'question']

/**
 * 报修 and 服务受理's month for the centre (Asia/Shanghai). Reported in the month: the total, by
 * category (服务受理 by its kind) and by the reporter's unit, 重复报修 and 服务受理 (and how many of
 * those are answered). Accepted in the month: on time when accepted by `acceptBy`. Finished (or
 * answered) in the month: on time when by `finishBy` (moved by pauses), the working hours from
 * the clock's start (the report, or the last reopening) to the finish less the pauses, 返修率
 * (finished after a reopening), and the cost by firm (and the in-house workers). Rated in the
 * month: 满意率 (4 or 5 of 5) and the average.
 */
export class TicketStatsService {
  constructor(private readonly deps: TicketStatsServiceDeps) {}

  async stats(month: string): Promise<TicketStats> {
    const { db } = this.deps
    const range = monthRange(month)
    const [reported, accepted, finished, rated, calendar] = await Promise.all([repo.reportedIn(db, range), repo.acceptedIn(db, range), repo.finishedIn(db, range), repo.ratedIn(db, range), loadWorkCalendar(db)])

    const categories = new Map<string, number>()
    const unitCounts = new Map<number | null, { unitName: string; count: number }>()
    for (const row of reported) {
      const category = row.kind === 'repair' ? (row.category ?? 'other') : row.kind
      categories.set(category, (categories.get(category) ?? 0) + 1)
      const unit = unitCounts.get(row.unitId) ?? { unitName: row.unitName ?? NO_UNIT, count: 0 }
      unit.count++
      unitCounts.set(row.unitId, unit)
    }
    const categoryLabel = (category: string) => (category in REPAIR_CATEGORY_LABELS ? REPAIR_CATEGORY_LABELS[category as keyof typeof REPAIR_CATEGORY_LABELS] : TICKET_KIND_LABELS[category as keyof typeof TICKET_KIND_LABELS])

    const firms = new Map<number | null, { firmName: string; tickets: number; costFen: number }>()
    for (const row of finished.filter((r) => r.kind === 'repair' && (r.firmId !== null || r.workerUserId !== null))) {
      const entry = firms.get(row.firmId) ?? { firmName: row.firmId === null ? IN_HOUSE : (row.firmName ?? ''), tickets: 0, costFen: 0 }
      entry.tickets++
      entry.costFen += row.costFen ?? 0
      firms.set(row.firmId, entry)
    }

    const service = reported.filter((row) => isServiceRequest(row.kind))
    const finishHours = finished.map((row) => Math.max(0, workingMinutesBetween(calendar, row.clockStartedAt, row.finishedAt!) - row.pausedMinutes) / 60)
    const ratings = rated.map((row) => row.rating!)
    return {
      month,
      total: reported.length,
      byCategory: [...categories]
        .map(([category, count]) => ({ category, label: categoryLabel(category), count }))
        .sort((a, b) => b.count - a.count || CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category)),
      byUnit: [...unitCounts].map(([unitId, unit]) => ({ unitId, ...unit })).sort((a, b) => b.count - a.count || a.unitName.localeCompare(b.unitName, 'zh-CN')),
      acceptedOnTimePercent: percent(accepted.filter((row) => row.acceptedAt! <= row.acceptBy).length, accepted.length),
      finishedOnTimePercent: percent(finished.filter((row) => row.finishedAt! <= row.finishBy).length, finished.length),
      averageFinishHours: average(finishHours),
      satisfactionPercent: percent(ratings.filter((rating) => rating >= 4).length, ratings.length),
      averageRating: average(ratings),
      reopenRatePercent: percent(finished.filter((row) => row.reopenCount > 0).length, finished.length),
      repeatCount: reported.filter((row) => row.repeatOfId !== null).length,
      byFirm: [...firms].map(([firmId, firm]) => ({ firmId, ...firm })).sort((a, b) => b.costFen - a.costFen || b.tickets - a.tickets || a.firmName.localeCompare(b.firmName, 'zh-CN')),
      serviceRequests: { total: service.length, replied: service.filter((row) => row.reply !== null).length },
    }
  }

  async statsXlsx(month: string): Promise<Buffer> {
    return statsWorkbook(await this.stats(month))
  }
}
