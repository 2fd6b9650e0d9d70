/// <reference types="jest" />
import { actionText, changeLines, subjectText, valueText } from './audit-text'

describe('操作留痕 in words', () => {
  it('names what was done, known or guessed from the verb', () => {
    expect(actionText('user.roles', 'user')).toBe('调整角色')
    expect(actionText('unit.create', 'unit')).toBe('新增单位')
    expect(actionText('vehicle.update', 'vehicle')).toBe('修改车辆')
    expect(actionText('blocklist.add', 'blocklist')).toBe('加入黑名单')
    expect(actionText('gizmo.frob', 'gizmo')).toBe('gizmo · gizmo.frob')
    expect(subjectText({ entity: 'user', entityId: '12' })).toBe('人员 #12')
  })

  it('reads roles, states and units in Chinese', () => {
    expect(valueText('roles', ['staff', 'guard'])).toBe('机关干部、门岗')
    expect(valueText('roles', [])).toBe('无')
    expect(valueText('active', false)).toBe('已停用')
    expect(valueText('parentId', 3, { unit: (id) => (id === 3 ? '市财政局' : undefined) })).toBe('市财政局')
    expect(valueText('parentId', 9)).toBe('单位 #9')
    expect(valueText('position', null)).toBe('（空）')
    expect(valueText('amountFen', 1500)).toBe('¥15.00')
    expect(valueText('openFromMinute', 510)).toBe('08:30')
    expect(valueText('status', 'maintenance')).toBe('维修')
    expect(valueText('periods', [{ name: '午餐', start: '11:00', end: '13:00' }])).toBe('午餐 11:00–13:00')
  })

  it('lists each changed field before → after; a created record has no before', () => {
    expect(changeLines({ entity: 'user', before: { roles: ['staff'] }, after: { roles: ['staff', 'guard'] } })).toEqual([{ field: '角色', before: '机关干部', after: '机关干部、门岗' }])
    expect(changeLines({ entity: 'unit', before: null, after: { name: '市审计局', active: true } })).toEqual([
      { field: '名称', before: null, after: '市审计局' },
      { field: '状态', before: null, after: '在用' },
    ])
    expect(changeLines({ entity: 'user', before: { name: '张三' }, after: { name: '张叁' } })[0].field).toBe('姓名')
    // written down but unchanged: left out
    expect(changeLines({ entity: 'user', before: { roles: ['staff'], merchantIds: [] }, after: { roles: ['staff', 'cashier'], merchantIds: [] } }).map((line) => line.field)).toEqual(['角色'])
  })
})
