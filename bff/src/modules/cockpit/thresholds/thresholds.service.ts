import { indicatorOf, thresholdsInOrder, type IndicatorKey, type IndicatorSettings, type Parsed, type ThresholdsUpdate } from '@egj/shared'
import type { CockpitAnswers } from '../common/answer-cache'
import { withTransaction, type Db } from '../../../db/client'
import type { Actor } from '../../../lib/auth'
import { AppError } from '../../../lib/errors'
import { changedFields, type AuditService } from '../../audit/audit.service'
import * as repo from '../common/cockpit.repo'
import { thresholdsInForce } from '../common/lights'
import type { CockpitRefreshService } from '../refresh/refresh.service'

export interface CockpitThresholdServiceDeps {
  db: Db
  /** 修改留痕 in the change's transaction */
  audit: AuditService
  /** re-lights today's figures of the indicator at once (and opens 督办 for units turning red) */
  refresh: Pick<CockpitRefreshService, 'relight'>
  /** the reads' kept answers: forgotten once the lights have moved */
  answers?: Pick<CockpitAnswers, 'clear'>
  now?: () => Date
}

/**
 * The yellow and red thresholds of an indicator: the defaults of INDICATORS until the centre changes
 * them, with a reason, audited. A change re-lights today's figures in the same transaction: lower a
 * threshold and the cockpit shows red — and the unit's 督办 is open — at once.
 */
export class CockpitThresholdService {
  private readonly now: () => Date
  constructor(private readonly deps: CockpitThresholdServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async settings(key: IndicatorKey): Promise<IndicatorSettings> {
    const overrides = await repo.thresholdOverrides(this.deps.db)
    const override = overrides.find((row) => row.indicatorKey === key)
    return {
      key,
      name: indicatorOf(key).name,
      thresholds: thresholdsInForce(overrides)[key],
      updatedAt: override?.updatedAt.toISOString() ?? null,
      updatedBy: override?.updatedByName ?? null,
      reason: override?.reason ?? null,
    }
  }

  async setThresholds(actor: Actor, key: IndicatorKey, input: Parsed<typeof ThresholdsUpdate>): Promise<IndicatorSettings> {
    await withTransaction(this.deps.db, async (tx) => {
      const override = await repo.lockThresholdOverride(tx, key)
      const indicator = indicatorOf(key)
      const before = override ? { yellow: override.yellow, red: override.red, direction: override.direction } : { yellow: indicator.yellow, red: indicator.red, direction: indicator.direction }
      const after = { yellow: input.yellow, red: input.red, direction: input.direction ?? before.direction }
      if (!thresholdsInOrder(after)) throw new AppError('COCKPIT_THRESHOLDS_ORDER', { field: 'yellow' })
      const change = changedFields(before, after)
      if (!change) return
      const at = this.now()
      await repo.writeThresholdOverride(tx, { indicatorKey: key, ...after, reason: input.reason, updatedByUserId: actor.id, updatedAt: at })
      await this.deps.audit.record(tx, actor, { action: 'cockpit_threshold.update', entity: 'cockpit_threshold', entityId: key, ...change, reason: input.reason })
      await this.deps.refresh.relight(tx, key, at)
    })
    this.deps.answers?.clear()
    return this.settings(key)
  }
}
