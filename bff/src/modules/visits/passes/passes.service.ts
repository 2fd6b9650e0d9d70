import type { VisitPass } from '@egj/shared'
import type { Db } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import { passSecret } from '../common/pass-code'
import { canSeePass } from './passes.policy'
import { presentPass } from './passes.presenter'
import * as repo from './passes.repo'

export interface VisitPassServiceDeps {
  db: Db
  /** VISIT_PASS_SECRET: the server key per-visit secrets are derived from */
  passKey: string
  now?: () => Date
}

/** The visitor's rotating pass, and the secret that lets the phone keep drawing it offline. */
export class VisitPassService {
  private readonly now: () => Date
  constructor(private readonly deps: VisitPassServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async pass(user: AuthUser, visitId: number): Promise<VisitPass> {
    const now = this.now()
    const visit = await repo.findPassVisit(this.deps.db, visitId)
    // someone else's visit is as "not found" as a missing one: the answer must not reveal it exists
    if (!visit || !canSeePass(user, visit)) throw notFound('来访')
    if (visit.status === 'invited' || visit.status === 'pending') throw new AppError('VISIT_PASS_NOT_READY')
    if (visit.status !== 'approved' && visit.status !== 'checked_in') throw new AppError('VISIT_PASS_CLOSED')
    // Past its window an unused pass is closed; a visitor still inside keeps it, to scan out at the gate.
    if (visit.status === 'approved' && now.getTime() >= visit.endAt.getTime()) throw new AppError('VISIT_PASS_CLOSED')
    // approved without a nonce would be the booking side's bug; say "not ready" rather than hand out a guessable secret
    if (!visit.passNonce) throw new AppError('VISIT_PASS_NOT_READY')
    return presentPass(visit, passSecret(this.deps.passKey, visit.id, visit.passNonce), now)
  }
}
