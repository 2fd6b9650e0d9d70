import type { Location } from '@egj/shared'

/*
 * 报修地点 grouped as people walk them: building, then floor (B1 below 1楼, 2楼 before 10楼),
 * then spot.
 */

/** Text compared with its numbers as numbers: 2楼 < 10楼; a leading B / 负 / 地下 is below ground. */
function floorRank(floor: string): number | null {
  const text = floor.trim()
  const below = /^(B|b|负|地下)\s*(\d+)/.exec(text)
  if (below) return -Number(below[2])
  const above = /^(\d+)/.exec(text) ?? /^[A-Za-z]?(\d+)/.exec(text)
  return above ? Number(above[1]) : null
}

/** Compares two texts chunk by chunk, digits as numbers (A座2 < A座10). */
export function naturalCompare(a: string, b: string): number {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? []
  const x = chunks(a)
  const y = chunks(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]
    const q = y[i]
    if (p === q) continue
    const pn = /^\d/.test(p)
    const qn = /^\d/.test(q)
    if (pn && qn) return Number(p) - Number(q) || p.length - q.length
    return p < q ? -1 : 1
  }
  return x.length - y.length
}

export function compareFloors(a: string, b: string): number {
  const ra = floorRank(a)
  const rb = floorRank(b)
  if (ra !== null && rb !== null && ra !== rb) return ra - rb
  if (ra !== null && rb === null) return -1
  if (ra === null && rb !== null) return 1
  return naturalCompare(a, b)
}

export interface FloorGroup {
  floor: string
  items: Location[]
}
export interface BuildingGroup {
  building: string
  floors: FloorGroup[]
  count: number
}

export function groupLocations(items: Location[]): BuildingGroup[] {
  const buildings = new Map<string, Map<string, Location[]>>()
  for (const item of items) {
    const floors = buildings.get(item.building) ?? new Map<string, Location[]>()
    buildings.set(item.building, floors)
    floors.set(item.floor, [...(floors.get(item.floor) ?? []), item])
  }
  return [...buildings.entries()]
    .sort(([a], [b]) => naturalCompare(a, b))
    .map(([building, floors]) => {
      const groups = [...floors.entries()]
        .sort(([a], [b]) => compareFloors(a, b))
        .map(([floor, list]) => ({ floor, items: [...list].sort((p, q) => naturalCompare(p.spot, q.spot)) }))
      return { building, floors: groups, count: groups.reduce((n, g) => n + g.items.length, 0) }
    })
}
