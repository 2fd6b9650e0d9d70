import type { Unit } from '@egj/shared'
import type { Db, DbOrTx } from '../../db/client'
import * as repo from './org.repo'

export interface OrgServiceDeps {
  db: Db
}

/** The member units and their people, as other modules and the admin pages need them. */
export class OrgService {
  constructor(private readonly deps: OrgServiceDeps) {}

  units(): Promise<Unit[]> {
    return repo.listUnits(this.deps.db)
  }

  /** Active staff of a unit; pass the caller's transaction to read inside it. */
  staffOfUnit(unitId: number, tx: DbOrTx = this.deps.db): Promise<number[]> {
    return repo.staffOfUnit(tx, unitId)
  }

  unitExists(unitId: number, tx: DbOrTx = this.deps.db): Promise<boolean> {
    return repo.unitExists(tx, unitId)
  }
}
