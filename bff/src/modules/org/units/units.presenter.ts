import type { AdminUnit } from '@egj/shared'
import type { UnitRow } from './units.repo'

export function presentUnit(row: UnitRow, staffCount: number): AdminUnit {
  return { id: row.id, name: row.name, shortName: row.shortName ?? null, parentId: row.parentId ?? null, creditCode: row.creditCode ?? null, active: row.active, staffCount }
}

/** What the audit log keeps of a unit. */
export const auditedUnit = (row: Pick<UnitRow, 'name' | 'shortName' | 'parentId' | 'creditCode' | 'active'>) => ({
  name: row.name,
  shortName: row.shortName ?? null,
  parentId: row.parentId ?? null,
  creditCode: row.creditCode ?? null,
  active: row.active,
})
