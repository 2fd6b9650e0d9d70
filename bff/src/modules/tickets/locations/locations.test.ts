import { randomBytes } from 'node:crypto'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'

// Drawing codes is ~50× slower inside jest's VM (see access-matrix.test.ts): what the sheet says is the question here.
jest.mock('qrcode', () => {
  const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=='
  const drawing = { toBuffer: async () => Buffer.from(PIXEL, 'base64'), toDataURL: async () => `data:image/png;base64,${PIXEL}` }
  return { __esModule: true, default: drawing, ...drawing }
})

let t: TestApp
let admin: string
let dispatcher: { userId: number; token: string }
let worker: { userId: number; token: string }
let staff: { userId: number; token: string }
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
  dispatcher = await createUser(t, ['staff', 'repair_dispatcher'], { name: '测试调度员' })
  worker = await createUser(t, ['staff', 'repair_worker'], { name: '测试维修工' })
  staff = await createUser(t, ['staff'], { name: '测试干部' })
})
afterAll(() => t.close())

const failure = (response: { status: number; body: { error?: { code?: string } } }) => [response.status, response.body.error?.code]
const building = () => `测试楼${randomBytes(3).toString('hex')}`
const auditRows = async (entityId: number) =>
  (await t.database.pool.query("SELECT action, `before`, `after`, reason, actor_name AS actorName FROM audit_log WHERE entity = 'location' AND entity_id = ? ORDER BY id", [String(entityId)]))[0] as {
    action: string
    before: Record<string, unknown> | null
    after: Record<string, unknown> | null
    actorName: string
  }[]

describe('报修地点 and their codes', () => {
  it('the dispatcher adds a location with its code; anyone on staff lists it; a duplicate place is refused with nothing written', async () => {
    const b = building()
    const created = await t.http.post('/api/v1/locations').set(bearer(dispatcher.token)).send({ building: b, floor: '5楼', spot: ' 东侧卫生间 ' })
    expect(created.status).toBe(201)
    const id = created.body.id as number
    expect(created.body).toEqual({
      id,
      building: b,
      floor: '5楼',
      spot: '东侧卫生间',
      name: `${b} 5楼 · 东侧卫生间`,
      active: true,
      codeUrl: t.services.qr.url('l', id),
      shortCode: t.services.qr.shortCode('l', id),
    })
    expect(created.body.shortCode).toMatch(new RegExp(`^L${id}-[0-9A-Z]{6}$`))
    expect(await auditRows(id)).toEqual([{ action: 'location.create', before: null, after: { building: b, floor: '5楼', spot: '东侧卫生间', active: true }, reason: null, actorName: '测试调度员' }])

    const again = await t.http.post('/api/v1/locations').set(bearer(admin)).send({ building: b, floor: '5楼', spot: '东侧卫生间' })
    expect(failure(again)).toEqual([409, 'LOCATION_DUPLICATE'])
    expect(again.body.error.message).toBe('该楼宇楼层已有同名位置')
    const [[count]] = (await t.database.pool.query('SELECT COUNT(*) AS n FROM locations WHERE building = ?', [b])) as unknown as [{ n: number }[]]
    expect(Number(count.n)).toBe(1)

    await t.http.post('/api/v1/locations').set(bearer(admin)).send({ building: b, floor: '1楼', spot: '大厅' }).expect(201)
    for (const who of [staff.token, worker.token, dispatcher.token]) {
      const list = await t.http.get('/api/v1/locations').query({ building: b }).set(bearer(who))
      expect(list.status).toBe(200)
      expect(list.body.items.map((l: { name: string }) => l.name)).toEqual([`${b} 1楼 · 大厅`, `${b} 5楼 · 东侧卫生间`])
    }
  })

  it('renames and deactivates with one audit row per change; a rename onto another place is 409; nothing changed, nothing written', async () => {
    const b = building()
    const first = (await t.http.post('/api/v1/locations').set(bearer(admin)).send({ building: b, floor: '2楼', spot: '茶水间' })).body
    const second = (await t.http.post('/api/v1/locations').set(bearer(admin)).send({ building: b, floor: '2楼', spot: '会议室' })).body

    const renamed = await t.http.patch(`/api/v1/locations/${first.id}`).set(bearer(dispatcher.token)).send({ spot: '西侧茶水间' })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({ id: first.id, name: `${b} 2楼 · 西侧茶水间`, codeUrl: first.codeUrl })
    expect(failure(await t.http.patch(`/api/v1/locations/${first.id}`).set(bearer(admin)).send({ spot: '会议室' }))).toEqual([409, 'LOCATION_DUPLICATE'])
    expect((await t.http.patch(`/api/v1/locations/${first.id}`).set(bearer(admin)).send({ spot: '西侧茶水间' })).status).toBe(200)
    const off = await t.http.patch(`/api/v1/locations/${first.id}`).set(bearer(admin)).send({ active: false })
    expect(off.body.active).toBe(false)
    expect((await auditRows(first.id)).map(({ action, before, after }) => ({ action, before, after }))).toEqual([
      { action: 'location.create', before: null, after: { building: b, floor: '2楼', spot: '茶水间', active: true } },
      { action: 'location.update', before: { spot: '茶水间' }, after: { spot: '西侧茶水间' } },
      { action: 'location.update', before: { active: true }, after: { active: false } },
    ])

    const active = await t.http.get('/api/v1/locations').query({ building: b }).set(bearer(staff.token))
    expect(active.body.items.map((l: { id: number }) => l.id)).toEqual([second.id])
    const all = await t.http.get('/api/v1/locations').query({ building: b, includeInactive: '1' }).set(bearer(staff.token))
    expect(all.body.items.map((l: { id: number }) => l.id).sort()).toEqual([first.id, second.id].sort())

    expect(failure(await t.http.patch('/api/v1/locations/999999999').set(bearer(admin)).send({ spot: '无' }))).toEqual([404, 'NOT_FOUND'])
    expect(failure(await t.http.patch(`/api/v1/locations/${first.id}`).set(bearer(admin)).send({ spot: '   ' }))).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('prints an A4 label sheet: the spot, building and floor, 编号 and 「扫码报修」', async () => {
    const b = building()
    const one = (await t.http.post('/api/v1/locations').set(bearer(admin)).send({ building: b, floor: '3楼', spot: '打印室' })).body
    const two = (await t.http.post('/api/v1/locations').set(bearer(admin)).send({ building: b, floor: '3楼', spot: '<b>机房</b>' })).body
    const sheet = await t.http.get('/api/v1/locations/qr-sheet').query({ building: b }).set(bearer(dispatcher.token))
    expect(sheet.status).toBe(200)
    expect(sheet.headers['content-type']).toMatch(/text\/html/)
    expect(sheet.text).toContain('<b>打印室</b><br>' + `${b} 3楼`)
    expect(sheet.text).toContain(`编号 ${one.shortCode}`)
    expect(sheet.text).toContain(`编号 ${two.shortCode}`)
    expect(sheet.text).toContain('&#60;b&#62;机房&#60;/b&#62;')
    expect(sheet.text.match(/<p class="heading">扫码报修<\/p>/g)).toHaveLength(2)
    const picked = await t.http.get('/api/v1/locations/qr-sheet').query({ ids: String(two.id) }).set(bearer(admin))
    expect(picked.text).not.toContain(one.shortCode)
    expect(picked.text).toContain(two.shortCode)
    expect(failure(await t.http.get('/api/v1/locations/qr-sheet').query({ ids: `${one.id},999999999` }).set(bearer(admin)))).toEqual([404, 'NOT_FOUND'])
    expect(failure(await t.http.get('/api/v1/locations/qr-sheet').query({ ids: 'a,b' }).set(bearer(admin)))).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('is kept by the dispatcher and the centre; a worker or staff member only reads', async () => {
    const body = { building: building(), floor: '1楼', spot: '门厅' }
    for (const who of [staff.token, worker.token]) {
      expect(failure(await t.http.post('/api/v1/locations').set(bearer(who)).send(body))).toEqual([403, 'FORBIDDEN'])
      expect(failure(await t.http.patch('/api/v1/locations/1').set(bearer(who)).send({ spot: '改' }))).toEqual([403, 'FORBIDDEN'])
      expect(failure(await t.http.get('/api/v1/locations/qr-sheet').set(bearer(who)))).toEqual([403, 'FORBIDDEN'])
    }
    expect(failure(await t.http.get('/api/v1/locations'))).toEqual([401, 'AUTH_REQUIRED'])
  })

  it('a location code scanned in the generic scanner opens the report page with its token (full code or typed 编号); a forged one is refused', async () => {
    const location = (await t.http.post('/api/v1/locations').set(bearer(admin)).send({ building: building(), floor: '4楼', spot: '走廊' })).body
    const token = t.services.qr.token('l', location.id)
    const scanned = await t.http.get('/api/v1/qr/resolve').query({ code: location.codeUrl })
    expect(scanned.status).toBe(200)
    expect(scanned.body).toMatchObject({ kind: 'l', kindName: '位置码', id: String(location.id), path: `/packages/repair/pages/report/index?token=${encodeURIComponent(token)}` })
    const typed = await t.http.get('/api/v1/qr/resolve').query({ code: location.shortCode.toLowerCase() })
    expect(typed.body).toMatchObject({ kind: 'l', id: String(location.id), path: `/packages/repair/pages/report/index?token=${location.shortCode}` })
    const forged = await t.http.get('/api/v1/qr/resolve').query({ code: `/q/l/${location.id + 1}.${token.split('.')[1]}` })
    expect(failure(forged)).toEqual([400, 'QR_FORGED'])
    // opened in a phone's browser: straight to the H5 report page
    const opened = await t.http.get(`/q/l/${token}`)
    expect(opened.status).toBe(302)
    expect(opened.headers.location).toBe(`/#/packages/repair/pages/report/index?token=${encodeURIComponent(token)}`)
  })
})
