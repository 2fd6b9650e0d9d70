import type { AssetStats } from '@egj/shared'
import { shanghaiDate, shanghaiDayStart } from '@egj/shared'
import type { Db } from '../../../db/client'
import { statsWorkbook } from './stats.presenter'
import * as repo from './stats.repo'

export interface AssetStatsServiceDeps {
  db: Db
  now?: () => Date
}

/** The Asia/Shanghai month as [first instant, first instant of the next). */
function monthRange(month: string): [Date, Date] {
  const [year, m] = month.split('-').map(Number)
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return [shanghaiDayStart(`${month}-01`), shanghaiDayStart(`${next}-01`)]
}

type UnitFigures = Omit<AssetStats['byUnit'][number], 'unitName'>

/**
 * 公物仓's month for the centre, read from the history (asset_events): assets listed, transfers
 * received (`transferred`, on the receiving unit) and loans handed over (`loaned`, on the owning
 * unit), the value they reused; purchases and 查询凭证 of the month; overdue loans and idle
 * assets now. A unit's 节约价值 is what its events carry: a transfer counts for the unit that
 * received it (it did not buy), a loan for the unit that lent.
 */
export class AssetStatsService {
  private readonly now: () => Date
  constructor(private readonly deps: AssetStatsServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async stats(month: string): Promise<AssetStats> {
    const { db } = this.deps
    const [from, to] = monthRange(month)
    const [figures, transfersOut, overdueNow, idleNow, purchases, checks] = await Promise.all([
      repo.eventFigures(db, from, to),
      repo.transfersOutByUnit(db, from, to),
      repo.overdueCount(db, shanghaiDate(this.now())),
      repo.idleCount(db),
      repo.purchaseCount(db, from, to),
      repo.checkCounts(db, from, to),
    ])
    const total = (kind: repo.CountedKind) => figures.filter((f) => f.kind === kind).reduce((n, f) => n + f.n, 0)
    const reused = figures.filter((f) => f.kind !== 'listed')
    const units = new Map<number, UnitFigures>()
    const unit = (unitId: number) => {
      const entry = units.get(unitId) ?? { unitId, listed: 0, transfersIn: 0, transfersOut: 0, loansOut: 0, reusedOriginalFen: 0 }
      units.set(unitId, entry)
      return entry
    }
    for (const f of figures) {
      if (f.unitId === null) continue
      const entry = unit(f.unitId)
      if (f.kind === 'listed') entry.listed += f.n
      if (f.kind === 'transferred') entry.transfersIn += f.n
      if (f.kind === 'loaned') entry.loansOut += f.n
      if (f.kind !== 'listed') entry.reusedOriginalFen += f.originalFen
    }
    for (const [unitId, n] of transfersOut) unit(unitId).transfersOut += n
    const names = await repo.unitNames(db, [...units.keys()])
    return {
      month,
      listed: total('listed'),
      transfersDone: total('transferred'),
      loansDone: total('loaned'),
      reusedOriginalFen: reused.reduce((n, f) => n + f.originalFen, 0),
      reusedResidualFen: reused.reduce((n, f) => n + f.residualFen, 0),
      overdueNow,
      purchases,
      checks: checks.checks,
      checksWithMatches: checks.withMatches,
      idleNow,
      byUnit: [...units.values()]
        .map((entry) => ({ ...entry, unitName: names.get(entry.unitId) ?? '' }))
        .sort((a, b) => b.reusedOriginalFen - a.reusedOriginalFen || b.transfersIn + b.loansOut - (a.transfersIn + a.loansOut) || a.unitId - b.unitId),
    }
  }

  async statsXlsx(month: string): Promise<Buffer> {
    return statsWorkbook(await this.stats(month))
  }
}
