import type { AdminUnit } from '@egj/shared'

/** One unit in the tree, with how deep it sits (0: a top unit). */
export interface UnitNode {
  unit: AdminUnit
  depth: number
}

/**
 * The units in tree order: each unit followed by the units under it, siblings in the order the
 * server gave them. A unit whose parent is not in the list (a 单位管理员 sees only their own unit)
 * is drawn as a top unit.
 */
export function unitTree(units: AdminUnit[]): UnitNode[] {
  const ids = new Set(units.map((unit) => unit.id))
  const below = new Map<number | null, AdminUnit[]>()
  for (const unit of units) {
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null
    below.set(parent, [...(below.get(parent) ?? []), unit])
  }
  const out: UnitNode[] = []
  const seen = new Set<number>()
  const walk = (parent: number | null, depth: number) => {
    for (const unit of below.get(parent) ?? []) {
      if (seen.has(unit.id)) continue
      seen.add(unit.id)
      out.push({ unit, depth })
      walk(unit.id, depth + 1)
    }
  }
  walk(null, 0)
  // a loop in the data (never made by the BFF) must not hide units: list what was not reached at the top
  for (const unit of units) if (!seen.has(unit.id)) out.push({ unit, depth: 0 })
  return out
}

/** `id` and every unit below it: a unit cannot move under any of these. */
export function unitAndBelow(units: AdminUnit[], id: number): Set<number> {
  const out = new Set<number>([id])
  let grew = true
  while (grew) {
    grew = false
    for (const unit of units) {
      if (unit.parentId !== null && out.has(unit.parentId) && !out.has(unit.id)) {
        out.add(unit.id)
        grew = true
      }
    }
  }
  return out
}

/** A unit as a line of the platform's picker: indented under its parent. */
export const treeLabel = ({ unit, depth }: UnitNode) => `${'　'.repeat(Math.min(depth, 6))}${unit.name}${unit.active ? '' : '（已停用）'}`
