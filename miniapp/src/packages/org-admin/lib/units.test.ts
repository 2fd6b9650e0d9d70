/// <reference types="jest" />
import type { AdminUnit } from '@egj/shared'
import { treeLabel, unitAndBelow, unitTree } from './units'

const unit = (id: number, name: string, parentId: number | null, active = true): AdminUnit => ({ id, name, shortName: null, parentId, creditCode: null, active, staffCount: 0 })

describe('the unit tree', () => {
  const units = [unit(1, '市机关事务管理中心', null), unit(2, '市发改委', null), unit(3, '办公室', 1), unit(4, '车队', 1, false), unit(5, '值班组', 4)]

  it('puts each unit under its parent, deeper by one', () => {
    expect(unitTree(units).map(({ unit: u, depth }) => `${depth}:${u.name}`)).toEqual(['0:市机关事务管理中心', '1:办公室', '1:车队', '2:值班组', '0:市发改委'])
  })

  it('draws a unit whose parent it cannot see at the top (a 单位管理员 sees their own unit)', () => {
    expect(unitTree([unit(3, '办公室', 1)])).toEqual([{ unit: unit(3, '办公室', 1), depth: 0 }])
  })

  it('knows which units a unit may not move under: itself and everything below it', () => {
    expect([...unitAndBelow(units, 1)].sort()).toEqual([1, 3, 4, 5])
    expect([...unitAndBelow(units, 2)]).toEqual([2])
  })

  it('indents picker lines and marks stopped units', () => {
    expect(treeLabel({ unit: units[4], depth: 2 })).toBe('　　值班组')
    expect(treeLabel({ unit: units[3], depth: 1 })).toBe('　车队（已停用）')
  })
})
