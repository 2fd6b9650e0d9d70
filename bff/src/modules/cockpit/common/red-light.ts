import type { IndicatorKey } from '@egj/shared'
import type { Tx } from '../../../db/client'

/** A unit's indicator that has just turned red (from green or yellow) in a refresh or a threshold change. */
export interface RedLight {
  indicatorKey: IndicatorKey
  unitId: number
  /** the day whose figure turned red (YYYY-MM-DD) and the figure */
  day: string
  value: number | null
  at: Date
}

/**
 * What the figures side asks of 督办 (implemented by cockpit/supervision): open an item for the unit
 * unless one for this indicator and unit is not closed yet — in the caller's transaction, so a light
 * recorded red always has its item. Notifications go through the outbox, never blocking the write.
 */
export interface SupervisionOpener {
  openOnRed(tx: Tx, red: RedLight): Promise<void>
}
