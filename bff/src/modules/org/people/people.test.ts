import { randomInt } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { auditLog, units, users, visits } from '../../../db/schema'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createDiner, createUser, outcomes } from '../../../../test/factories'
import { bookedVisit } from '../../../../test/visit-fixtures'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const mobile = () => `137${String(randomInt(0, 1e8)).padStart(8, '0')}`
const centre = async () => (await t.database.db.select({ id: units.id }).from(units).where(eq(units.name, '市机关事务管理中心')))[0].id
const fagaiwei = async () => (await t.database.db.select({ id: units.id }).from(units).where(eq(units.name, '市发改委')))[0].id
const auditOf = (id: number) => t.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(id)))

async function addPerson(token: string, body: Record<string, unknown>) {
  const response = await t.http.post('/api/v1/admin/users').set(bearer(token)).send({ name: '测试人员', mobile: mobile(), unitId: await centre(), ...body })
  if (response.status !== 201) throw new Error(`create person: ${response.status} ${JSON.stringify(response.body)}`)
  return response.body as { id: number; roles: string[]; mobileMasked: string }
}

describe('people: find, add, edit', () => {
  it('lists and shows a person whose mobile cannot be opened (sealed under a retired key) without it, instead of failing the list', async () => {
    const person = await addPerson(admin, { name: '钥匙已换' })
    await t.database.pool.query("UPDATE users SET mobile_enc = 'retired.AAAA' WHERE id = ?", [person.id])
    const found = await t.http.get('/api/v1/admin/users').query({ q: '钥匙已换' }).set(bearer(admin))
    expect(found.status).toBe(200)
    expect(found.body.items).toEqual([expect.objectContaining({ id: person.id, mobileMasked: null })])
    expect((await t.http.get(`/api/v1/admin/users/${person.id}`).set(bearer(admin))).body).toMatchObject({ id: person.id, mobileMasked: null })
  })

  it('adds a person; finds them by name or whole mobile (masked in lists); the mobile is sealed at rest; the add is audited', async () => {
    const phone = mobile()
    const person = await addPerson(admin, { name: '赵导入', mobile: phone, position: '办公室 科员' })
    expect(person).toMatchObject({ name: '赵导入', roles: ['staff'], mobileMasked: `${phone.slice(0, 3)}****${phone.slice(7)}`, position: '办公室 科员', active: true })

    const byName = await t.http.get('/api/v1/admin/users').query({ q: '赵导' }).set(bearer(admin))
    expect(byName.body.items.map((p: { id: number }) => p.id)).toContain(person.id)
    expect(JSON.stringify(byName.body)).not.toContain(phone)
    const byMobile = await t.http.get('/api/v1/admin/users').query({ q: `${phone.slice(0, 3)} ${phone.slice(3)}` }).set(bearer(admin))
    expect(byMobile.body.items.map((p: { id: number }) => p.id)).toEqual([person.id])
    // a wildcard typed into the box is a character, not "everyone"
    expect((await t.http.get('/api/v1/admin/users').query({ q: '%' }).set(bearer(admin))).body.items).toEqual([])

    const [row] = await t.database.db.select().from(users).where(eq(users.id, person.id))
    expect(JSON.stringify(row)).not.toContain(phone)
    const [created] = await auditOf(person.id)
    expect(created).toMatchObject({ action: 'user.create', entity: 'user', actorName: '系统管理员' })
    expect(JSON.stringify(created.after)).not.toContain(phone)

    const taken = await t.http.post('/api/v1/admin/users').set(bearer(admin)).send({ name: '重复', mobile: phone, unitId: await centre() })
    expect([taken.status, taken.body.error.code]).toEqual([409, 'ORG_MOBILE_TAKEN'])
    const bad = await t.http.post('/api/v1/admin/users').set(bearer(admin)).send({ name: '', mobile: '123', unitId: await centre() })
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('pages through people with a cursor, and filters by unit and role', async () => {
    const unitId = await fagaiwei()
    for (let i = 0; i < 3; i++) await addPerson(admin, { unitId, roles: ['staff', 'approver'] })
    const first = await t.http.get('/api/v1/admin/users').query({ unitId, role: 'approver' }).set(bearer(admin))
    expect([first.status, first.body.error]).toEqual([200, undefined])
    expect(first.body.items.length).toBeGreaterThanOrEqual(3)
    expect(first.body.items.every((p: { unitId: number; roles: string[] }) => p.unitId === unitId && p.roles.includes('approver'))).toBe(true)
    const page = await t.http.get('/api/v1/admin/users').query({ cursor: String(first.body.items[0].id) }).set(bearer(admin))
    expect([page.status, page.body.error]).toEqual([200, undefined])
    expect(page.body.items[0].id).toBeGreaterThan(first.body.items[0].id)
  })

  it('edits a person: a new unit and mobile, audited with before and after', async () => {
    const person = await addPerson(admin, {})
    const phone = mobile()
    const edited = await t.http.patch(`/api/v1/admin/users/${person.id}`).set(bearer(admin)).send({ unitId: await fagaiwei(), mobile: phone, reason: '调动' })
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({ unitName: '市发改委', mobileMasked: `${phone.slice(0, 3)}****${phone.slice(7)}` })
    const update = (await auditOf(person.id)).find((row) => row.action === 'user.update')!
    expect(update).toMatchObject({ reason: '调动' })
    expect(update.after).toMatchObject({ unitId: await fagaiwei() })
    expect(JSON.stringify(update)).not.toContain(phone)
  })
})

describe('roles', () => {
  it('a granted role works on the very next request, without signing in again; revoking does too; each with its reason', async () => {
    const person = await createUser(t, ['staff'], { name: '新门岗' })
    expect((await t.http.get('/api/v1/gate/on-site').set(bearer(person.token))).status).toBe(403)
    const granted = await t.http.put(`/api/v1/admin/users/${person.userId}/roles`).set(bearer(admin)).send({ roles: ['staff', 'guard'], reason: '调入门岗' })
    expect(granted.status).toBe(200)
    expect(granted.body.roles).toEqual(expect.arrayContaining(['staff', 'guard']))
    expect((await t.http.get('/api/v1/gate/on-site').set(bearer(person.token))).status).toBe(200)
    expect((await t.http.get('/api/v1/me').set(bearer(person.token))).body.roles).toContain('guard')

    await t.http.put(`/api/v1/admin/users/${person.userId}/roles`).set(bearer(admin)).send({ roles: ['staff'], reason: '调离门岗' })
    expect((await t.http.get('/api/v1/gate/on-site').set(bearer(person.token))).status).toBe(403)
    const rows = (await auditOf(person.userId)).filter((row) => row.action === 'user.roles')
    expect(rows.map((row) => [row.reason, row.after])).toEqual([
      ['调入门岗', { roles: '机关干部、门岗' }],
      ['调离门岗', { roles: '机关干部' }],
    ])
    const noReason = await t.http.put(`/api/v1/admin/users/${person.userId}/roles`).set(bearer(admin)).send({ roles: ['staff'] })
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('a cashier needs a merchant; the merchant link follows the role', async () => {
    const person = await createUser(t, ['staff'])
    const none = await t.http.put(`/api/v1/admin/users/${person.userId}/roles`).set(bearer(admin)).send({ roles: ['cashier'], reason: '食堂' })
    expect([none.status, none.body.error.code]).toEqual([422, 'ORG_CASHIER_NEEDS_MERCHANT'])
    const [merchant] = (await t.database.pool.query('SELECT id FROM merchants ORDER BY id LIMIT 1'))[0] as { id: number }[]
    const ok = await t.http.put(`/api/v1/admin/users/${person.userId}/roles`).set(bearer(admin)).send({ roles: ['cashier'], merchantId: merchant.id, reason: '食堂' })
    expect(ok.body).toMatchObject({ roles: ['cashier'], merchantIds: [merchant.id] })
    const off = await t.http.put(`/api/v1/admin/users/${person.userId}/roles`).set(bearer(admin)).send({ roles: ['staff'], reason: '调岗' })
    expect(off.body).toMatchObject({ roles: ['staff'], merchantIds: [] })
  })

  it('two admins granting roles to one person at once: both recorded, the last one stands', async () => {
    const person = await createUser(t, ['staff'])
    const second = await createUser(t, ['admin'], { name: '第二管理员' })
    const answers = await Promise.all([
      t.http.put(`/api/v1/admin/users/${person.userId}/roles`).set(bearer(admin)).send({ roles: ['staff', 'guard'], reason: '甲' }),
      t.http.put(`/api/v1/admin/users/${person.userId}/roles`).set(bearer(second.token)).send({ roles: ['staff', 'driver'], reason: '乙' }),
    ])
    expect(outcomes(answers)).toEqual({ '200': 2 })
    const rows = (await auditOf(person.userId)).filter((row) => row.action === 'user.roles')
    expect(rows.map((row) => row.reason).sort()).toEqual(['乙', '甲'])
    const last = rows.sort((a, b) => a.id - b.id)[1]
    const now = await t.http.get(`/api/v1/admin/users/${person.userId}`).set(bearer(admin))
    expect(now.body.roles.join('、')).toBe(last.reason === '甲' ? 'staff、guard' : 'staff、driver')
    // the second writer saw the first one's result as its "before": nothing lost in between
    expect(rows[1].before).toEqual({ roles: rows[0].after!.roles })
  })

  it('an admin cannot take away their own admin role; the last admin stays', async () => {
    const me = await t.http.get('/api/v1/me').set(bearer(admin))
    const self = await t.http.put(`/api/v1/admin/users/${me.body.id}/roles`).set(bearer(admin)).send({ roles: ['staff'], reason: '测试' })
    expect([self.status, self.body.error.code]).toEqual([409, 'ORG_NOT_YOURSELF'])
  })
})

describe('单位管理员', () => {
  it('manages their own unit only: other units’ people are 404 as a missing id; no role above their own', async () => {
    const unitId = await fagaiwei()
    const unitAdmin = await addPerson(admin, { unitId, roles: ['staff', 'unit_admin'] })
    const [{ username }] = [{ username: `ua_${unitAdmin.id}` }]
    await t.database.db.update(users).set({ username }).where(eq(users.id, unitAdmin.id))
    const token = await t.login(username)

    const own = await addPerson(token, { unitId })
    expect(own.roles).toEqual(['staff'])
    const elsewhere = await t.http.post('/api/v1/admin/users').set(bearer(token)).send({ name: '外单位', mobile: mobile(), unitId: await centre() })
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([404, 'NOT_FOUND'])

    const list = await t.http.get('/api/v1/admin/users').set(bearer(token))
    expect(list.body.items.length).toBeGreaterThan(0)
    expect(list.body.items.every((p: { unitId: number }) => p.unitId === unitId)).toBe(true)
    expect((await t.http.get('/api/v1/admin/units').set(bearer(token))).body.items.map((u: { id: number }) => u.id)).toEqual([unitId])

    const zhangsan = (await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'zhangsan')))[0].id
    const missing = await t.http.get('/api/v1/admin/users/99999999').set(bearer(token))
    const other = await t.http.get(`/api/v1/admin/users/${zhangsan}`).set(bearer(token))
    expect([other.status, other.body.error]).toEqual([404, missing.body.error])
    const otherRoles = await t.http.put(`/api/v1/admin/users/${zhangsan}/roles`).set(bearer(token)).send({ roles: ['staff', 'approver'], reason: '越权' })
    expect(otherRoles.status).toBe(404)

    const approver = await t.http.put(`/api/v1/admin/users/${own.id}/roles`).set(bearer(token)).send({ roles: ['staff', 'approver'], reason: '本单位审批' })
    expect(approver.status).toBe(200)
    const guard = await t.http.put(`/api/v1/admin/users/${own.id}/roles`).set(bearer(token)).send({ roles: ['staff', 'guard'], reason: '越权' })
    expect([guard.status, guard.body.error.code]).toEqual([403, 'ORG_ROLE_ABOVE_OWN'])
    expect((await t.http.get(`/api/v1/admin/users/${own.id}`).set(bearer(token))).body.grantable).toEqual(['staff', 'approver', 'unit_admin', 'asset_keeper'])
    expect((await t.http.post('/api/v1/admin/units').set(bearer(token)).send({ name: '越权单位' })).status).toBe(403)
  })
})

describe('letting someone go', () => {
  it('ends their sessions on every instance at once, hands their pending visits to the unit’s approvers and reports their 饭卡 balance to settlement', async () => {
    const other = await startTestApp()
    try {
      const host = await createDiner(t, { subsidyFen: 1234, personalFen: 500 })
      const tokenB = await other.login(host.username)
      // both instances have the session cached
      expect((await t.http.get('/api/v1/me').set(bearer(host.token))).status).toBe(200)
      expect((await other.http.get('/api/v1/me').set(bearer(tokenB))).status).toBe(200)
      const visit = await bookedVisit(t, { hostId: host.userId })

      const left = await t.http.post(`/api/v1/admin/users/${host.userId}/deactivate`).set(bearer(admin)).send({ reason: '调离本市' })
      expect(left.status).toBe(200)
      expect(left.body).toMatchObject({ sessionsEnded: 2, mealBalance: { subsidyFen: 1234, personalFen: 500 }, user: { active: false, can: { reactivate: true, deactivate: false } } })
      expect(left.body.handover).toEqual([expect.objectContaining({ kind: 'visits', count: 1, message: '1 个待审批的来访已转本单位审批人' })])

      expect((await t.http.get('/api/v1/me').set(bearer(host.token))).status).toBe(401)
      // the other instance: no waiting out its 30 s cache (it looks for changes every 250 ms)
      await new Promise((resolve) => setTimeout(resolve, 600))
      const elsewhere = await other.http.get('/api/v1/me').set(bearer(tokenB))
      expect([elsewhere.status, elsewhere.body.error.code]).toEqual([401, 'AUTH_INVALID_TOKEN'])
      expect((await t.http.post('/api/v1/auth/dev-login').send({ username: host.username })).status).toBe(401)

      const [escalated] = await t.database.db.select({ escalatedAt: visits.escalatedAt }).from(visits).where(eq(visits.id, visit.id))
      expect(escalated.escalatedAt).not.toBeNull()
      const settle = await t.login('settle1')
      const inbox = await t.http.get('/api/v1/notifications').set(bearer(settle))
      expect(inbox.body.items.find((n: { title: string; body: string }) => n.title === '离岗人员饭卡余额待结算' && n.body.includes('¥12.34') && n.body.includes('¥5.00'))).toBeTruthy()

      const [audit] = (await auditOf(host.userId)).filter((row) => row.action === 'user.deactivate')
      expect(audit).toMatchObject({ reason: '调离本市', after: expect.objectContaining({ status: '已停用', mealSubsidy: '¥12.34', mealPersonal: '¥5.00' }) })

      const again = await t.http.post(`/api/v1/admin/users/${host.userId}/deactivate`).set(bearer(admin)).send({ reason: '再次' })
      expect([again.status, again.body.error.code]).toEqual([409, 'ORG_USER_INACTIVE'])
      const back = await t.http.post(`/api/v1/admin/users/${host.userId}/reactivate`).set(bearer(admin)).send({ reason: '返岗' })
      expect(back.body).toMatchObject({ active: true })
      expect((await t.http.post('/api/v1/auth/dev-login').send({ username: host.username })).status).toBe(200)
    } finally {
      await other.close()
    }
  })

  it('an admin cannot deactivate themselves', async () => {
    const me = await t.http.get('/api/v1/me').set(bearer(admin))
    const self = await t.http.post(`/api/v1/admin/users/${me.body.id}/deactivate`).set(bearer(admin)).send({ reason: '测试' })
    expect([self.status, self.body.error.code]).toEqual([409, 'ORG_NOT_YOURSELF'])
  })

  it('resets a WeChat binding: the WeChat session ends and the person binds again', async () => {
    const person = await createUser(t, ['staff'])
    const none = await t.http.post(`/api/v1/admin/users/${person.userId}/reset-wechat`).set(bearer(admin))
    expect([none.status, none.body.error.code]).toEqual([409, 'ORG_NO_WECHAT_BINDING'])
    await t.database.db.update(users).set({ wechatOpenid: `o_test_${person.userId}` }).where(eq(users.id, person.userId))
    const reset = await t.http.post(`/api/v1/admin/users/${person.userId}/reset-wechat`).set(bearer(admin))
    expect(reset.body).toMatchObject({ wechatBound: false })
    expect((await auditOf(person.userId)).map((row) => row.action)).toContain('user.reset_wechat')
    // a dev session is not a WeChat one: it stays
    expect((await t.http.get('/api/v1/me').set(bearer(person.token))).status).toBe(200)
  })
})
