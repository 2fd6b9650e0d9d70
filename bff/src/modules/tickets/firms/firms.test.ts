import { randomBytes } from 'node:crypto'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'

let t: TestApp
let admin: string
let dispatcher: { userId: number; token: string }
let worker: { userId: number; token: string }
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
  dispatcher = await createUser(t, ['staff', 'repair_dispatcher'], { name: '测试调度员' })
  worker = await createUser(t, ['staff', 'repair_worker'], { name: '测试维修工' })
})
afterAll(() => t.close())

const failure = (response: { status: number; body: { error?: { code?: string } } }) => [response.status, response.body.error?.code]
const firmName = () => `测试维修公司${randomBytes(3).toString('hex')}`
const rows = async <T>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]

describe('定点维修单位', () => {
  it('the centre adds a firm: the mobile sealed at rest and shown masked; the dispatcher reads the list', async () => {
    const name = firmName()
    const created = await t.http.post('/api/v1/repair-firms').set(bearer(admin)).send({ name, contactName: '王师傅', contactMobile: '13812341234', categories: ['hvac', 'water_power', 'hvac'] })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ id: expect.any(Number), name, contactName: '王师傅', contactMobile: '138****1234', categories: ['water_power', 'hvac'], active: true })
    const [stored] = await rows<{ contact_mobile: string }>('SELECT contact_mobile FROM repair_firms WHERE id = ?', [created.body.id])
    expect(stored.contact_mobile).not.toContain('13812341234')
    expect(t.services.pii.open(stored.contact_mobile)).toBe('13812341234')
    expect(await t.services.ticketFirms.contactOf(t.database.db, created.body.id)).toEqual({ name, contactName: '王师傅', mobile: '13812341234', active: true })

    const list = await t.http.get('/api/v1/repair-firms').set(bearer(dispatcher.token))
    expect(list.status).toBe(200)
    expect(list.body.items).toContainEqual(created.body)

    const again = await t.http.post('/api/v1/repair-firms').set(bearer(admin)).send({ name, contactName: '李师傅', contactMobile: '13900000000', categories: ['other'] })
    expect(failure(again)).toEqual([409, 'REPAIR_FIRM_DUPLICATE'])
    expect(again.body.error.message).toBe('已有同名定点维修单位')
    expect(await rows('SELECT id FROM repair_firms WHERE name = ?', [name])).toHaveLength(1)
  })

  it('updates are audited with the reason, the mobile masked on both sides; nothing changed, nothing written', async () => {
    const name = firmName()
    const { id } = (await t.http.post('/api/v1/repair-firms').set(bearer(admin)).send({ name, contactName: '王师傅', contactMobile: '13812341234', categories: ['elevator'] })).body
    const changed = await t.http.patch(`/api/v1/repair-firms/${id}`).set(bearer(admin)).send({ contactMobile: '13698765432', categories: ['elevator', 'door_lock'], reason: '联系人换号' })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ contactMobile: '136****5432', categories: ['door_lock', 'elevator'] })
    // the same mobile again, the same categories in another order: no change
    expect((await t.http.patch(`/api/v1/repair-firms/${id}`).set(bearer(admin)).send({ contactMobile: '13698765432', categories: ['door_lock', 'elevator'] })).status).toBe(200)
    const off = await t.http.patch(`/api/v1/repair-firms/${id}`).set(bearer(admin)).send({ active: false, reason: '合同到期' })
    expect(off.body.active).toBe(false)
    const audit = await rows<{ action: string; before: unknown; after: unknown; reason: string | null }>(
      "SELECT action, `before`, `after`, reason FROM audit_log WHERE entity = 'repair_firm' AND entity_id = ? ORDER BY id",
      [String(id)],
    )
    expect(audit).toEqual([
      { action: 'repair_firm.create', before: null, after: { name, contactName: '王师傅', contactMobile: '138****1234', categories: ['elevator'], active: true }, reason: null },
      { action: 'repair_firm.update', before: { contactMobile: '138****1234', categories: ['elevator'] }, after: { contactMobile: '136****5432', categories: ['door_lock', 'elevator'] }, reason: '联系人换号' },
      { action: 'repair_firm.update', before: { active: true }, after: { active: false }, reason: '合同到期' },
    ])
    expect(JSON.stringify(audit)).not.toMatch(/1[3-9]\d{9}/)

    const other = (await t.http.post('/api/v1/repair-firms').set(bearer(admin)).send({ name: firmName(), contactName: '赵师傅', contactMobile: '13700000000', categories: ['other'] })).body
    expect(failure(await t.http.patch(`/api/v1/repair-firms/${other.id}`).set(bearer(admin)).send({ name }))).toEqual([409, 'REPAIR_FIRM_DUPLICATE'])
    expect(failure(await t.http.patch('/api/v1/repair-firms/999999999').set(bearer(admin)).send({ name: firmName() }))).toEqual([404, 'NOT_FOUND'])
  })

  it('refuses bad input in Chinese, and is the centre’s to change', async () => {
    const bad = await t.http.post('/api/v1/repair-firms').set(bearer(admin)).send({ name: firmName(), contactName: '王', contactMobile: '12345', categories: [] })
    expect(failure(bad)).toEqual([400, 'VALIDATION_FAILED'])
    expect(JSON.stringify(bad.body)).toContain('请填写 11 位手机号')
    const body = { name: firmName(), contactName: '王师傅', contactMobile: '13812341234', categories: ['other'] }
    expect(failure(await t.http.post('/api/v1/repair-firms').set(bearer(dispatcher.token)).send(body))).toEqual([403, 'FORBIDDEN'])
    expect(failure(await t.http.patch('/api/v1/repair-firms/1').set(bearer(dispatcher.token)).send({ active: false }))).toEqual([403, 'FORBIDDEN'])
    expect(failure(await t.http.get('/api/v1/repair-firms').set(bearer(worker.token)))).toEqual([403, 'FORBIDDEN'])
  })
})
