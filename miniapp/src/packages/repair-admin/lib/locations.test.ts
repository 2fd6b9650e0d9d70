/// <reference types="jest" />
import type { Location } from '@egj/shared'
import { compareFloors, groupLocations, naturalCompare } from './locations'

let next = 1
const loc = (building: string, floor: string, spot: string, active = true): Location => {
  const id = next++
  return { id, building, floor, spot, name: `${building} ${floor} · ${spot}`, active, codeUrl: `https://egj.example/q/l/t${id}`, shortCode: `L${id}-ABCDEF` }
}

describe('naturalCompare and compareFloors', () => {
  it('compares numbers as numbers', () => {
    expect(['A座10', 'A座2', 'A座1'].sort(naturalCompare)).toEqual(['A座1', 'A座2', 'A座10'])
  })
  it('puts basements below ground, numbered floors in order, named ones last', () => {
    expect(['10楼', '屋顶', '2楼', 'B1', '负2楼', '1楼', 'F3'].sort(compareFloors)).toEqual(['负2楼', 'B1', '1楼', '2楼', 'F3', '10楼', '屋顶'])
  })
})

describe('groupLocations', () => {
  it('groups by building and floor, sorted as people walk them', () => {
    const items = [loc('行政中心B座', '2楼', '茶水间'), loc('行政中心A座', '10楼', '东侧卫生间'), loc('行政中心A座', '2楼', '会议室2'), loc('行政中心A座', '2楼', '会议室10', false), loc('行政中心A座', 'B1', '配电房')]
    const groups = groupLocations(items)
    expect(groups.map((g) => [g.building, g.count])).toEqual([
      ['行政中心A座', 4],
      ['行政中心B座', 1],
    ])
    expect(groups[0].floors.map((f) => [f.floor, f.items.map((i) => i.spot)])).toEqual([
      ['B1', ['配电房']],
      ['2楼', ['会议室2', '会议室10']],
      ['10楼', ['东侧卫生间']],
    ])
  })
  it('is empty for no locations', () => {
    expect(groupLocations([])).toEqual([])
  })
})
