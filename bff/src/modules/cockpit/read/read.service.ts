import dayjs from 'dayjs'
import {
  INDICATORS,
  indicatorOf,
  pageUrl,
  PAGES,
  shanghaiDate,
  shanghaiDayStart,
  type Breakdown,
  type BreakdownQuery,
  type Cockpit,
  type CockpitQuery,
  type CockpitRecords,
  type IndicatorKey,
  type LightHistoryQuery,
  type Parsed,
  type RecordsQuery,
  type Trend,
  type TrendQuery,
} from '@egj/shared'
import type { Db } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import * as repo from '../common/cockpit.repo'
import { DEFINITIONS, listRecords, mealByMerchant, type Window } from '../common/figures.repo'
import { lightOfFigure, missingFigure, thresholdsInForce } from '../common/lights'
import type { CockpitRefreshService } from '../refresh/refresh.service'
import { CockpitAnswers } from '../common/answer-cache'
import { mayOpen, scopeOf } from './read.policy'
import { presentRecord } from './read.presenter'

export interface CockpitReadServiceDeps {
  db: Db
  /** counts today when nothing has counted it yet (a fresh database) */
  refresh: Pick<CockpitRefreshService, 'refreshDay'>
  /** answers kept a moment per scope (cleared by whatever changes the figures in this process) */
  answers?: CockpitAnswers
  now?: () => Date
}

const RECORDS_PAGE = 50
const LIGHT_HISTORY = 100
const CITY = 0
const MEAL_KEYS = new Set<IndicatorKey>(['meal_payments', 'meal_amount', 'meal_over_cap'])

/**
 * What leaders, the centre and a unit's approver read: a day's figures (from the daily rows, a few
 * indexed reads), an indicator's trend, its breakdown, the records behind it and its light history.
 */
export class CockpitReadService {
  private readonly now: () => Date
  private readonly answers: CockpitAnswers
  constructor(private readonly deps: CockpitReadServiceDeps) {
    this.now = deps.now ?? (() => new Date())
    // a test clock gets no kept answers: its figures change between reads of the same moment
    this.answers = deps.answers ?? new CockpitAnswers(0)
  }

  async today(user: AuthUser, query: Parsed<typeof CockpitQuery>): Promise<Cockpit> {
    const unitId = scopeOf(user, query.unitId)
    const today = shanghaiDate(this.now())
    const day = this.dayOf(query.date, today)
    // the answer is the scope's, not the caller's: the scope's name is its unit's
    return this.answers.get(`today:${day}:${unitId ?? CITY}`, () => this.todayOf(user, unitId, day, today))
  }

  private async todayOf(user: AuthUser, unitId: number | null, day: string, today: string): Promise<Cockpit> {
    const { db } = this.deps
    const [scopeName, overrides, firstRefreshedAt] = await Promise.all([this.scopeName(user, unitId), repo.thresholdOverrides(db), repo.computedAtOf(db, day)])
    let refreshedAt = firstRefreshedAt
    if (!refreshedAt && day === today) {
      await this.deps.refresh.refreshDay(day)
      refreshedAt = await repo.computedAtOf(db, day)
    }
    const [rows, supervision] = await Promise.all([repo.dailyOfScope(db, day, unitId ?? CITY), repo.supervisionCounts(db, unitId, today)])
    const thresholds = thresholdsInForce(overrides)
    const byKey = new Map(rows.map((row) => [row.indicatorKey, row]))
    return {
      date: day,
      unitId,
      scopeName,
      refreshedAt: refreshedAt?.toISOString() ?? null,
      indicators: INDICATORS.map((indicator) => {
        const row = byKey.get(indicator.key)
        const value = row ? row.value : refreshedAt ? missingFigure(indicator.key) : null
        return {
          key: indicator.key,
          group: indicator.group,
          name: indicator.name,
          value,
          unit: indicator.unit,
          light: row ? row.light : lightOfFigure(value, thresholds[indicator.key]),
          thresholds: thresholds[indicator.key],
          listPath: pageUrl(PAGES.cockpitRecords, { key: indicator.key, date: day, unitId: unitId ?? undefined }),
        }
      }),
      supervision,
    }
  }

  async trend(user: AuthUser, key: IndicatorKey, query: Parsed<typeof TrendQuery>): Promise<Trend> {
    const unitId = scopeOf(user, query.unitId)
    const to = this.dayOf(query.to, shanghaiDate(this.now()))
    return this.answers.get(`trend:${key}:${unitId ?? CITY}:${to}:${query.days}`, () => this.trendOf(key, unitId, to, query.days))
  }

  private async trendOf(key: IndicatorKey, unitId: number | null, to: string, days: number): Promise<Trend> {
    const { db } = this.deps
    const query = { days }
    const from = dayjs(to).subtract(query.days - 1, 'day').format('YYYY-MM-DD')
    const [rows, counted, overrides] = await Promise.all([repo.dailyRange(db, key, unitId ?? CITY, from, to), repo.countedDays(db, from, to), repo.thresholdOverrides(db)])
    const thresholds = thresholdsInForce(overrides)[key]
    const byDay = new Map(rows.map((row) => [row.day, row]))
    const indicator = indicatorOf(key)
    const points = Array.from({ length: query.days }, (_, i) => {
      const date = dayjs(from).add(i, 'day').format('YYYY-MM-DD')
      const row = byDay.get(date)
      const value = row ? row.value : counted.has(date) ? missingFigure(key) : null
      return { date, value, light: row ? row.light : lightOfFigure(value, thresholds) }
    })
    return { key, name: indicator.name, unit: indicator.unit, thresholds, points }
  }

  async breakdown(user: AuthUser, key: IndicatorKey, query: Parsed<typeof BreakdownQuery>): Promise<Breakdown> {
    const { db } = this.deps
    const unitId = scopeOf(user, query.unitId)
    const day = this.dayOf(query.date, shanghaiDate(this.now()))
    const thresholds = thresholdsInForce(await repo.thresholdOverrides(db))[key]
    if (query.by === 'merchant') {
      if (!MEAL_KEYS.has(key)) throw new AppError('COCKPIT_NO_MERCHANT_BREAKDOWN')
      const groups = await mealByMerchant(db, key as 'meal_payments', await this.windowOfCount(day), unitId)
      groups.sort((a, b) => b.value - a.value || a.id - b.id)
      return { key, by: 'merchant', groups: groups.map((g) => ({ id: g.id, name: g.name, value: Math.round(g.value * 100) / 100, light: 'green' as const })) }
    }
    const rows = await repo.unitsOfKeyDay(db, key, day, unitId)
    return { key, by: 'unit', groups: rows.map((row) => ({ id: row.id, name: row.name, value: row.value, light: row.light ?? lightOfFigure(row.value, thresholds) })) }
  }

  /** The rows the number counts, as of the moment it was counted (so the list and the number agree). */
  async records(user: AuthUser, key: IndicatorKey, query: Parsed<typeof RecordsQuery>): Promise<CockpitRecords> {
    const { db } = this.deps
    const unitId = scopeOf(user, query.unitId)
    const day = this.dayOf(query.date, shanghaiDate(this.now()))
    const [scopeName, w, rows] = await Promise.all([this.scopeName(user, unitId), this.windowOfCount(day), repo.dailyOfScope(db, day, unitId ?? CITY)])
    const items = await listRecords(db, key, w, unitId, query.cursor ? Number(query.cursor) : undefined, RECORDS_PAGE + 1)
    const source = DEFINITIONS[key].source
    const page = items.slice(0, RECORDS_PAGE)
    const row = rows.find((r) => r.indicatorKey === key)
    return {
      key,
      name: indicatorOf(key).name,
      date: day,
      scopeName,
      value: row ? row.value : missingFigure(key),
      items: page.map((item) => presentRecord(source, key, item, mayOpen(user, source, item))),
      nextCursor: items.length > RECORDS_PAGE ? String(page[page.length - 1].id) : null,
    }
  }

  async lights(user: AuthUser, key: IndicatorKey, query: Parsed<typeof LightHistoryQuery>) {
    const unitId = scopeOf(user, query.unitId)
    const rows = await repo.lightChanges(this.deps.db, key, unitId ?? CITY, LIGHT_HISTORY)
    return { items: rows.map((row) => ({ at: row.at.toISOString(), date: row.day, from: row.fromLight, to: row.toLight, value: row.value })) }
  }

  /** The asked day, today when left out; a day after today is refused. */
  private dayOf(date: string | undefined, today: string): string {
    const day = date ?? today
    if (day > today) throw new AppError('COCKPIT_DATE_IN_FUTURE')
    return day
  }

  /** The window the day's figures were counted in: up to its last count (today), the whole day (a past day). */
  private async windowOfCount(day: string): Promise<Window> {
    const start = shanghaiDayStart(day)
    const end = new Date(start.getTime() + 86_400_000)
    const counted = await repo.computedAtOf(this.deps.db, day)
    const at = counted && counted < end ? counted : this.now() < end ? this.now() : end
    return { day, start, end, at }
  }

  private async scopeName(user: AuthUser, unitId: number | null): Promise<string> {
    if (unitId === null) return '全市'
    if (user.unit?.id === unitId) return user.unit.name
    const name = await repo.unitName(this.deps.db, unitId)
    if (name === null) throw notFound('单位')
    return name
  }
}
