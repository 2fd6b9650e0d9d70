import { INDICATORS, lightOf, type IndicatorKey, type Light, type Thresholds } from '@egj/shared'
import type { ThresholdOverride } from './cockpit.repo'

export type ThresholdsInForce = Record<IndicatorKey, Thresholds>

/** The thresholds each indicator has now: the centre's override, else the default of INDICATORS. */
export function thresholdsInForce(overrides: ThresholdOverride[]): ThresholdsInForce {
  const byKey = new Map(overrides.map((row) => [row.indicatorKey, row]))
  return Object.fromEntries(
    INDICATORS.map((indicator) => {
      const override = byKey.get(indicator.key)
      const t: Thresholds = override
        ? { yellow: override.yellow, red: override.red, direction: override.direction }
        : { yellow: indicator.yellow, red: indicator.red, direction: indicator.direction }
      return [indicator.key, t]
    }),
  ) as ThresholdsInForce
}

/** A figure that cannot be had (a rate with nothing to divide by) never lights. */
export const lightOfFigure = (value: number | null, t: Thresholds): Light => (value === null ? 'green' : lightOf(value, t))

/** The two rates: no figure when nothing to divide by (a missing row reads null, not 0). */
export const RATE_KEYS = new Set<IndicatorKey>(['room_use_pct', 'room_no_show_pct'])

/** What a scope without a row of the day has: 0, or no figure for a rate. */
export const missingFigure = (key: IndicatorKey): number | null => (RATE_KEYS.has(key) ? null : 0)
