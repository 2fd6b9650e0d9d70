import type { Unit } from '@egj/shared'
import type { Db } from '../../db/client'
import * as repo from './org.repo'

export interface OrgServiceDeps {
  db: Db
}

/** The member units (and later their people) that other modules and the admin pages pick from. */
export class OrgService {
  constructor(private readonly deps: OrgServiceDeps) {}

  units(): Promise<Unit[]> {
    return repo.listUnits(this.deps.db)
  }
}
