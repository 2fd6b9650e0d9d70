import dayjs from 'dayjs'
import { INDICATORS, shanghaiDate, shanghaiDayStart, type IndicatorKey, type Light } from '@egj/shared'
import { withTransaction, type Db, type Tx } from '../../../db/client'
import type { JobRunner } from '../../../lib/jobs'
import type { Logger } from '../../../lib/logger'
import * as repo from '../common/cockpit.repo'
import { countByUnit, openRoomMinutes, type UnitFigure, type Window } from '../common/figures.repo'
import { lightOfFigure, missingFigure, RATE_KEYS, thresholdsInForce, type ThresholdsInForce } from '../common/lights'
import type { RedLight, SupervisionOpener } from '../common/red-light'
import type { CockpitAnswers } from '../common/answer-cache'

export interface CockpitRefreshServiceDeps {
  db: Db
  /** 督办: opens an item for a unit whose light turned red, in the refresh's transaction */
  supervision: SupervisionOpener
  /** the reads' kept answers: forgotten once a count is written */
  answers?: Pick<CockpitAnswers, 'clear'>
  log?: Logger
  now?: () => Date
}

/** The refresh job's period: today's figures are at most this old. */
export const COCKPIT_REFRESH_EVERY_MS = 60_000

const DAY_MS = 86_400_000
const CITY = 0

/** The window of a day as of a moment: T = `now` for today, the end of the day for a past day. */
export function windowOf(day: string, now: Date): Window {
  const start = shanghaiDayStart(day)
  const end = new Date(start.getTime() + DAY_MS)
  return { day, start, end, at: now < end ? now : end }
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

/**
 * Counts the indicators into `cockpit_daily` (figures per day and scope: unit 0 is 全市) and lights
 * them: the cockpit reads these rows, never the raw tables. Today is recounted every minute by the
 * job; a past day keeps its last count (its end-of-day figures). A light of today turning red opens
 * a 督办 for the unit that made it red, in the same transaction as the light.
 */
export class CockpitRefreshService {
  private readonly now: () => Date
  constructor(private readonly deps: CockpitRefreshServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  registerJobs(jobs: Pick<JobRunner, 'register'>): void {
    jobs.register('cockpit.refresh', COCKPIT_REFRESH_EVERY_MS, () => this.refreshToday())
  }

  /** The job: today; and on the first run of a new day, yesterday a last time (its end-of-day figures). */
  async refreshToday(): Promise<void> {
    const now = this.now()
    const today = shanghaiDate(now)
    const yesterday = dayjs(today).subtract(1, 'day').format('YYYY-MM-DD')
    const yesterdayCounted = await repo.computedAtOf(this.deps.db, yesterday)
    if (yesterdayCounted && yesterdayCounted < shanghaiDayStart(today)) await this.refreshDay(yesterday, shanghaiDayStart(today))
    await this.refreshDay(today)
  }

  /**
   * Counts one day as of `now` (left out: the moment the day's lock is had, so a refresh that waited
   * for another never writes older figures over newer ones). Today's lights are compared with the
   * current ones: changes are recorded, red turns open 督办. A past day touches no light.
   */
  async refreshDay(day: string, now?: Date): Promise<void> {
    await repo.ensureDay(this.deps.db, day)
    await withTransaction(this.deps.db, async (tx) => {
      await repo.lockDay(tx, day)
      const at = now ?? this.now()
      const w = windowOf(day, at)
      const thresholds = thresholdsInForce(await repo.thresholdOverrides(tx))
      const counted = await this.count(tx, w, thresholds)
      const existing = await repo.dailyOfDay(tx, day)
      const key = (row: { indicatorKey: string; unitId: number }) => `${row.indicatorKey}:${row.unitId}`
      const target = new Map(counted.map((row) => [key(row), row]))
      // a scope counted before and not now: its row goes to 0 (or no figure), it is not deleted
      for (const row of existing) {
        if (target.has(key(row))) continue
        const value = missingFigure(row.indicatorKey as IndicatorKey)
        target.set(key(row), { ...row, value, light: lightOfFigure(value, thresholds[row.indicatorKey as IndicatorKey]) })
      }
      const before = new Map(existing.map((row) => [key(row), row]))
      const changed = [...target.values()].filter((row) => {
        const old = before.get(key(row))
        return !old || old.value !== row.value || old.light !== row.light
      })
      await repo.upsertDaily(tx, changed, at)
      if (day === shanghaiDate(this.now())) await this.applyLights(tx, day, [...target.values()], at)
      await repo.setComputedAt(tx, day, at)
    })
    this.deps.answers?.clear()
  }

  /** Counts past days (the demo's trend, the bench) and today if the range reaches it. */
  async backfill(fromDay: string, toDay: string): Promise<void> {
    const today = shanghaiDate(this.now())
    for (let day = dayjs(fromDay); !day.isAfter(dayjs(toDay)); day = day.add(1, 'day')) {
      const d = day.format('YYYY-MM-DD')
      if (d > today) break
      await this.refreshDay(d, d === today ? undefined : new Date(shanghaiDayStart(d).getTime() + DAY_MS))
    }
  }

  /**
   * Re-lights today's figures of one indicator with the thresholds in force (after a change of
   * them): the figures stay, the lights follow at once, red turns open 督办. In the caller's transaction.
   */
  async relight(tx: Tx, key: IndicatorKey, at: Date): Promise<void> {
    const day = shanghaiDate(at)
    await repo.lockDay(tx, day)
    const thresholds = thresholdsInForce(await repo.thresholdOverrides(tx))
    const rows = await repo.dailyOfKey(tx, key, day)
    const relit = rows.map((row) => ({ ...row, light: lightOfFigure(row.value, thresholds[key]) }))
    await repo.upsertDaily(
      tx,
      relit.filter((row, i) => row.light !== rows[i].light),
      at,
    )
    await this.applyLights(tx, day, relit, at, [key])
  }

  /** Every indicator counted per unit, plus the 全市 row, lit: unit rows only where the figure is not 0. */
  private async count(tx: Tx, w: Window, thresholds: ThresholdsInForce): Promise<repo.DailyRow[]> {
    const rows: repo.DailyRow[] = []
    const roomMinutes = await openRoomMinutes(tx)
    for (const indicator of INDICATORS) {
      const figures = await countByUnit(tx, indicator.key, w)
      const lit = (unitId: number, value: number | null): repo.DailyRow => ({ indicatorKey: indicator.key, unitId, day: w.day, value, light: lightOfFigure(value, thresholds[indicator.key]) })
      const figureOf = (value: number, base: number | null): number | null => {
        if (indicator.key === 'room_use_pct') return roomMinutes > 0 ? round((value * 100) / roomMinutes, 1) : null
        if (RATE_KEYS.has(indicator.key)) return base ? round((value * 100) / base, 1) : null
        return round(value, 2)
      }
      const city = figures.reduce<UnitFigure>((sum, f) => ({ unitId: null, value: sum.value + f.value, base: (sum.base ?? 0) + (f.base ?? 0) }), { unitId: null, value: 0, base: 0 })
      rows.push(lit(CITY, figureOf(city.value, city.base)))
      for (const f of figures) {
        if (f.unitId === null) continue
        const value = figureOf(f.value, f.base)
        if (value !== null && (value !== 0 || RATE_KEYS.has(indicator.key))) rows.push(lit(f.unitId, value))
      }
    }
    return rows
  }

  /**
   * Compares today's lights with the current ones (`cockpit_lights`), records each change and calls
   * 督办 for each turn to red: a unit's for that unit, 全市's for the unit with the largest figure.
   * `keys`: only these indicators' current lights are compared (a re-light of one indicator).
   */
  private async applyLights(tx: Tx, day: string, rows: repo.DailyRow[], at: Date, keys?: IndicatorKey[]): Promise<void> {
    const current = new Map((await repo.currentLights(tx, keys)).map((row) => [`${row.indicatorKey}:${row.unitId}`, row.light]))
    const rowsByKey = new Map(rows.map((row) => [`${row.indicatorKey}:${row.unitId}`, row]))
    // a current light without a figure today (the unit has nothing now): its figure is the missing one
    for (const [k, light] of current) {
      if (rowsByKey.has(k) || light === 'green') continue
      const [indicatorKey, unitId] = k.split(':')
      rowsByKey.set(k, { indicatorKey, unitId: Number(unitId), day, value: missingFigure(indicatorKey as IndicatorKey), light: 'green' })
    }
    const reds: RedLight[] = []
    for (const [k, row] of rowsByKey) {
      const from: Light = current.get(k) ?? 'green'
      if (from === row.light) continue
      await repo.recordLightChange(tx, { indicatorKey: row.indicatorKey, unitId: row.unitId, day, fromLight: from, toLight: row.light, value: row.value, at })
      await repo.setLight(tx, row.indicatorKey, row.unitId, row.light, at)
      if (row.light !== 'red') continue
      // the city's red is the largest unit's to answer, with that unit's own figure
      const owner = row.unitId === CITY ? largestUnit(rows, row.indicatorKey) : row
      if (owner) reds.push({ indicatorKey: row.indicatorKey as IndicatorKey, unitId: owner.unitId, day, value: owner.value, at })
    }
    for (const red of reds) await this.deps.supervision.openOnRed(tx, red)
    if (reds.length) this.deps.log?.info({ reds: reds.map((red) => `${red.indicatorKey}:${red.unitId}`) }, 'cockpit: lights turned red')
  }
}

/** The row of the unit whose figure is largest for an indicator that day (ties: the lowest id), or null when no unit has one. */
function largestUnit(rows: repo.DailyRow[], indicatorKey: string): repo.DailyRow | null {
  let best: repo.DailyRow | null = null
  for (const row of rows) {
    if (row.indicatorKey !== indicatorKey || row.unitId === CITY || row.value === null) continue
    if (!best || row.value > best.value! || (row.value === best.value && row.unitId < best.unitId)) best = row
  }
  return best
}
