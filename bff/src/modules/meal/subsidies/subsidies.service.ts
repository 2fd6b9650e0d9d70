import type { Parsed, SubsidyRunCreate, SubsidyRunResult } from '@egj/shared'
import type { Db } from '../../../db/client'
import type { Tx } from '../../../db/client'
import { isDuplicateKey } from '../../../db/client'
import type { Actor } from '../../../lib/auth'
import { idempotent } from '../../../lib/idempotency'
import { AppError, notFound } from '../../../lib/errors'
import type { AuditService } from '../../audit/audit.service'
import type { LedgerService } from '../../ledger/ledger.service'
import type { OrgService } from '../../org/org.service'
import * as repo from './subsidies.repo'

export interface SubsidyServiceDeps {
  db: Db
  ledger: LedgerService
  org: OrgService
  /** 修改留痕: a run is an admin write, recorded (entity `subsidy`) in the run's transaction */
  audit: AuditService
}

/**
 * 每月餐补: every staff member of the unit gets `amountPerPersonFen` of 补贴, in one balanced
 * entry funded by the unit. One run per unit and month.
 */
export class SubsidyService {
  constructor(private readonly deps: SubsidyServiceDeps) {}

  /** A double tap or a retry with the same Idempotency-Key runs once and answers the same result. */
  async run(actor: Actor, input: Parsed<typeof SubsidyRunCreate>, idempotencyKey: string): Promise<Parsed<typeof SubsidyRunResult>> {
    const request = { userId: actor.id, scope: 'meal.subsidy-run', key: idempotencyKey, body: input }
    const work = async (tx: Tx) => {
      const result = await this.runIn(tx, actor.id, input)
      await this.deps.audit.record(tx, actor, {
        action: 'subsidy.grant',
        entity: 'subsidy',
        entityId: result.runId,
        after: { unitId: input.unitId, month: input.month, amountPerPersonFen: input.amountPerPersonFen, people: result.people, totalFen: result.totalFen },
      })
      return { id: result.runId, response: { people: result.people, totalFen: result.totalFen } }
    }
    return idempotent(this.deps.db, request, { work }).then(({ response }) => response).catch((error) => {
      // two clicks at once: the unique (unit, month) lets one run commit
      if (isDuplicateKey(error)) throw new AppError('MEAL_SUBSIDY_ALREADY_RUN', { month: input.month })
      throw error
    })
  }

  private async runIn(tx: Tx, operatorId: number, input: Parsed<typeof SubsidyRunCreate>): Promise<{ runId: number; people: number; totalFen: number }> {
    const staff = await this.deps.org.staffOfUnit(input.unitId, tx)
    if (!staff.length) throw notFound('单位或其工作人员')
    if (await repo.subsidyRunExists(tx, input.unitId, input.month)) throw new AppError('MEAL_SUBSIDY_ALREADY_RUN', { month: input.month })
    for (const userId of staff) await repo.ensureAccount(tx, userId, input.unitId)
    const entryId = await this.deps.ledger.post(
      tx,
      'subsidy',
      `${input.month} 餐补`,
      staff.map((userId) => ({ from: { account: 'unit_subsidy_funding' as const, ownerId: input.unitId }, to: { account: 'meal_subsidy' as const, ownerId: userId }, amountFen: input.amountPerPersonFen })),
    )
    const runId = await repo.insertSubsidyRun(tx, { unitId: input.unitId, month: input.month, amountPerPersonFen: input.amountPerPersonFen, people: staff.length, entryId, createdBy: operatorId })
    return { runId, people: staff.length, totalFen: staff.length * input.amountPerPersonFen }
  }
}
