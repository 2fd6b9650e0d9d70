import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { auditLog } from '../../../db/schema'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const name = (prefix: string) => `${prefix}${randomBytes(3).toString('hex')}`
const create = (body: Record<string, unknown>) => t.http.post('/api/v1/admin/units').set(bearer(admin)).send(body)
const patch = (id: number, body: Record<string, unknown>) => t.http.patch(`/api/v1/admin/units/${id}`).set(bearer(admin)).send(body)

describe('the unit tree', () => {
  it('adds units under a parent, renames and moves them keeping their id, and keeps every old value in the audit log', async () => {
    const parent = (await create({ name: name('市卫健委'), shortName: '卫健委', creditCode: '11330900002583123X' })).body
    expect(parent).toMatchObject({ shortName: '卫健委', parentId: null, active: true, staffCount: 0, creditCode: '11330900002583123X' })
    const child = await create({ name: name('疾控中心'), parentId: parent.id })
    expect([child.status, child.body.parentId]).toEqual([201, parent.id])

    const renamed = await patch(child.body.id, { name: `${child.body.name}（新）`, reason: '机构改革更名' })
    expect(renamed.body).toMatchObject({ id: child.body.id, name: `${child.body.name}（新）` })
    const moved = await patch(child.body.id, { parentId: null })
    expect(moved.body.parentId).toBeNull()

    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(child.body.id)))
    expect(rows.filter((row) => row.entity === 'unit').map((row) => [row.action, row.before, row.after, row.reason])).toEqual([
      ['unit.create', null, { name: child.body.name, shortName: null, parentId: parent.id, creditCode: null, active: true }, null],
      ['unit.rename', { name: child.body.name }, { name: `${child.body.name}（新）` }, '机构改革更名'],
      ['unit.move', { parentId: parent.id }, { parentId: null }, null],
    ])
    // the list shows it with its staff count; the public list for forms shows active units only
    const list = await t.http.get('/api/v1/admin/units').set(bearer(admin))
    expect(list.body.items.find((u: { id: number }) => u.id === parent.id)).toMatchObject({ staffCount: 0 })
    expect(list.body.items.find((u: { name: string }) => u.name === '市机关事务管理中心').staffCount).toBeGreaterThan(5)
  })

  it('refuses a cycle, a duplicate name or credit code, a missing parent — in Chinese, changing nothing', async () => {
    const a = (await create({ name: name('甲') })).body
    const b = (await create({ name: name('乙'), parentId: a.id })).body
    const cycle = await patch(a.id, { parentId: b.id })
    expect([cycle.status, cycle.body.error.code]).toEqual([422, 'ORG_UNIT_CYCLE'])
    const itself = await patch(a.id, { parentId: a.id })
    expect(itself.body.error.code).toBe('ORG_UNIT_CYCLE')
    const same = await create({ name: a.name })
    expect([same.status, same.body.error.code]).toEqual([409, 'ORG_UNIT_NAME_TAKEN'])
    const taken = await patch(b.id, { name: a.name })
    expect([taken.status, taken.body.error.code]).toEqual([409, 'ORG_UNIT_NAME_TAKEN'])
    const code = '91330900MA2A12345X'
    await create({ name: name('丙'), creditCode: code })
    const codeTaken = await create({ name: name('丁'), creditCode: code.toLowerCase() })
    expect([codeTaken.status, codeTaken.body.error.code]).toEqual([409, 'ORG_UNIT_CREDIT_CODE_TAKEN'])
    const badCode = await create({ name: name('戊'), creditCode: 'ABC' })
    expect([badCode.status, badCode.body.error.details.issues[0].message]).toEqual([400, '统一社会信用代码应为 18 位数字或大写字母'])
    const noParent = await create({ name: name('己'), parentId: 99_999_999 })
    expect([noParent.status, noParent.body.error.message]).toEqual([404, '上级单位不存在'])
    expect((await patch(99_999_999, { name: '无' })).status).toBe(404)
  })

  it('deactivates a unit (never deletes it): not while it has active sub-units; gone from the forms’ list', async () => {
    const parent = (await create({ name: name('停用上级') })).body
    const child = (await create({ name: name('停用下级'), parentId: parent.id })).body
    const blocked = await patch(parent.id, { active: false, reason: '撤并' })
    expect([blocked.status, blocked.body.error.code]).toEqual([409, 'ORG_UNIT_HAS_ACTIVE_CHILDREN'])
    expect((await patch(child.id, { active: false, reason: '撤并' })).body.active).toBe(false)
    const off = await patch(parent.id, { active: false, reason: '撤并' })
    expect(off.body.active).toBe(false)
    const forms = await t.http.get('/api/v1/org/units').set(bearer(admin))
    expect(forms.body.items.map((u: { id: number }) => u.id)).not.toContain(parent.id)
    const [row] = (await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(parent.id)))).filter((r) => r.action === 'unit.deactivate')
    expect(row).toMatchObject({ reason: '撤并', before: { active: true }, after: { active: false } })
    // no one joins a deactivated unit
    const join = await t.http.post('/api/v1/admin/users').set(bearer(admin)).send({ name: '新人', mobile: '13712345678', unitId: parent.id })
    expect([join.status, join.body.error.code]).toEqual([409, 'ORG_UNIT_INACTIVE'])
  })

  it('deletes a unit made by mistake; one with sub-units or people (even former ones) only deactivates', async () => {
    const typo = (await create({ name: name('市发改萎') })).body
    expect((await t.http.delete(`/api/v1/admin/units/${typo.id}`).set(bearer(admin))).status).toBe(204)
    expect((await t.http.get('/api/v1/admin/units').set(bearer(admin))).body.items.map((u: { id: number }) => u.id)).not.toContain(typo.id)
    const [deleted] = (await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(typo.id)))).filter((r) => r.action === 'unit.delete')
    expect(deleted.before).toMatchObject({ name: typo.name })

    const parent = (await create({ name: name('有下级') })).body
    await create({ name: name('下级'), parentId: parent.id })
    const withChild = await t.http.delete(`/api/v1/admin/units/${parent.id}`).set(bearer(admin))
    expect([withChild.status, withChild.body.error.code]).toEqual([409, 'ORG_UNIT_IN_USE'])
    const staffed = (await create({ name: name('有人员') })).body
    await t.http.post('/api/v1/admin/users').set(bearer(admin)).send({ name: '曾在岗', mobile: `135${String(Date.now()).slice(-8)}`, unitId: staffed.id })
    const withPeople = await t.http.delete(`/api/v1/admin/units/${staffed.id}`).set(bearer(admin))
    expect([withPeople.status, withPeople.body.error.message]).toEqual([409, '该单位已有人员、资金或业务记录，不能删除，只能停用'])
    // refused: nothing written, not even the 留痕 of the attempt
    expect((await t.database.db.select().from(auditLog).where(and(eq(auditLog.entity, 'unit'), eq(auditLog.entityId, String(staffed.id))))).map((r) => r.action)).toEqual(['unit.create'])
    expect((await t.http.delete('/api/v1/admin/units/99999999').set(bearer(admin))).status).toBe(404)
  })

  it('only admin changes units; staff cannot even list them', async () => {
    const staff = await createUser(t, ['staff'])
    expect((await t.http.get('/api/v1/admin/units').set(bearer(staff.token))).status).toBe(403)
    expect((await t.http.post('/api/v1/admin/units').set(bearer(staff.token)).send({ name: '越权' })).status).toBe(403)
  })
})
