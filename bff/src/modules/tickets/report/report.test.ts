import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { idempotencyKey, outcomes } from '../../../../test/factories'
import { insertAsset } from '../../../../test/asset-fixtures'
import { createRoom } from '../../../../test/room-fixtures'
import { act, insertLocation, person, pngBase64, report, show, type Person } from '../../../../test/ticket-world'

let t: TestApp
let reporter: Person
let dispatcher: Person
beforeAll(async () => {
  t = await startTestApp()
  reporter = await person(t, ['staff'], '报修人甲')
  dispatcher = await person(t, ['staff', 'repair_dispatcher'], '调度员甲')
})
afterAll(() => t.close())

const rows = async <T>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]
const ticketsWith = async (description: string) => (await rows<{ id: number }>('SELECT id FROM tickets WHERE description = ?', [description])).length

describe('reporting', () => {
  it('a repair at a picked location: 201 待派单 with its clocks, 工单号, the place, a history line, and the dispatchers told with a link to it', async () => {
    const location = await insertLocation(t)
    const r = await report(t, reporter, { locationId: location.id, photos: [pngBase64(), pngBase64(true)] })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ status: 'submitted', statusLabel: '待派单', kind: 'repair', category: 'water_power', place: location.name, locationId: location.id, repeatOfId: null, holderName: null })
    expect(r.body.no).toMatch(new RegExp(`^BX\\d{8}-${String(r.body.id).padStart(4, '0')}$`))
    expect(Date.parse(r.body.acceptBy)).toBeGreaterThan(Date.parse(r.body.createdAt))
    expect(r.body.clocks.acceptTargetMinutes).toBe(120)
    expect(r.body.photos).toHaveLength(2)
    expect(r.body.events.map((e: { kind: string }) => e.kind)).toEqual(['submitted'])
    expect(r.body.can).toMatchObject({ cancel: true, addInfo: true, accept: false, assign: false })
    const photo = await t.http.get(new URL(r.body.photos[0].url).pathname)
    expect(photo.status).toBe(200)
    expect(photo.headers['content-type']).toBe('image/png')
    const told = await rows<{ link: string }>('SELECT link FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1', [dispatcher.userId])
    expect(told[0].link).toBe(`/packages/repair/pages/ticket/index?id=${r.body.id}`)
  })

  it('by a scanned room, asset or location code: the place as the reporter saw it; an asset gets a line in its 履历', async () => {
    const room = await createRoom(t)
    const byRoom = await report(t, reporter, { code: room.code, category: 'hvac' })
    expect(byRoom.status).toBe(201)
    expect(byRoom.body.roomId).toBe(room.id)
    expect(byRoom.body.place).toContain(' · ')
    const asset = await insertAsset(t, { unit: '市机关事务管理中心' })
    const byAsset = await report(t, reporter, { code: asset.shortCode, category: 'furniture', description: '椅子坏了' })
    expect(byAsset.status).toBe(201)
    expect(byAsset.body.place).toMatch(new RegExp(`^${asset.name}（${asset.shortCode}）`))
    expect(await rows('SELECT kind FROM asset_events WHERE asset_id = ? AND kind = ?', [asset.id, 'repair_reported'])).toHaveLength(1)
    const location = await insertLocation(t)
    const byLocation = await report(t, reporter, { code: new URL(location.code).pathname })
    expect(byLocation.body.place).toBe(location.name)
  })

  it('refuses a code of another kind (422), a forged one (QR_FORGED), a stopped or missing place — writing nothing', async () => {
    const description = `拒绝测试 ${Date.now()}`
    expect(show(await report(t, reporter, { code: t.services.qr.url('v', 1), description }))).toBe('422 TICKET_CODE_NOT_PLACE')
    const location = await insertLocation(t)
    expect(show(await report(t, reporter, { code: `${location.code.slice(0, -2)}xx`, description }))).toBe('400 QR_FORGED')
    const stopped = await insertLocation(t, { active: false })
    expect(show(await report(t, reporter, { locationId: stopped.id, description }))).toBe('422 TICKET_PLACE_INACTIVE')
    expect(show(await report(t, reporter, { locationId: 999999999, description }))).toBe('404 NOT_FOUND')
    expect(show(await report(t, reporter, { description }))).toBe('400 VALIDATION_FAILED')
    expect(await ticketsWith(description)).toBe(0)
  })

  it('photos are checked by their bytes: not an image 415, over 2 MB 413, more than 6 refused — nothing written', async () => {
    const location = await insertLocation(t)
    const description = `照片测试 ${Date.now()}`
    const text = Buffer.from('this is not an image at all').toString('base64')
    expect(show(await report(t, reporter, { locationId: location.id, description, photos: [pngBase64(), text] }))).toBe('415 TICKET_PHOTO_INVALID')
    const big = Buffer.alloc(2 * 1024 * 1024 + 10, 0x11)
    big.set([0xff, 0xd8, 0xff, 0xe0], 0)
    expect(show(await report(t, reporter, { locationId: location.id, description, photos: [big.toString('base64')] }))).toBe('413 TICKET_PHOTO_TOO_LARGE')
    expect(show(await report(t, reporter, { locationId: location.id, description, photos: Array.from({ length: 7 }, () => pngBase64()) }))).toBe('400 VALIDATION_FAILED')
    expect(await ticketsWith(description)).toBe(0)
    expect(await rows('SELECT p.id FROM ticket_photos p LEFT JOIN tickets t ON t.id = p.ticket_id WHERE t.id IS NULL')).toHaveLength(0)
  })

  it('8 parallel reports with one Idempotency-Key: one ticket, every answer the same', async () => {
    const location = await insertLocation(t)
    const key = idempotencyKey()
    const description = `并发报修 ${Date.now()}`
    const responses = await Promise.all(Array.from({ length: 8 }, () => report(t, reporter, { locationId: location.id, description }, key)))
    const counted = outcomes(responses)
    expect(Object.keys(counted).every((k) => k === '201' || k === '409 IDEMPOTENCY_KEY_IN_PROGRESS')).toBe(true)
    expect(counted['201']).toBeGreaterThanOrEqual(1)
    expect(new Set(responses.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(1)
    expect(await ticketsWith(description)).toBe(1)
  })

  it('a second report at the same place and category within 30 days is a 重复报修; the place shows the open ticket first', async () => {
    const location = await insertLocation(t)
    const first = await report(t, reporter, { locationId: location.id })
    const second = await report(t, reporter, { locationId: location.id })
    expect(second.body.repeatOfId).toBe(first.body.id)
    const other = await report(t, reporter, { locationId: location.id, category: 'door_lock' })
    expect(other.body.repeatOfId).toBeNull()
    const place = await t.http.get('/api/v1/tickets/place').query({ code: location.code }).set(bearer(reporter.token))
    expect(place.status).toBe(200)
    expect(place.body).toMatchObject({ locationId: location.id, place: location.name })
    expect(place.body.openTickets.map((o: { id: number }) => o.id)).toEqual([other.body.id, second.body.id, first.body.id])
  })

  it('服务受理: no place, the centre answers; the asker confirms or sends it back', async () => {
    const admin = await person(t, ['admin'], '中心管理员')
    const asked = await report(t, reporter, { kind: 'complaint', category: undefined, description: '食堂排队太久' })
    expect(asked.status).toBe(201)
    expect(asked.body).toMatchObject({ kind: 'complaint', statusLabel: '待答复', place: null })
    expect(asked.body.no).toMatch(/^FW/)
    // a dispatcher handles 报修 only
    expect(show(await t.http.get(`/api/v1/tickets/${asked.body.id}`).set(bearer(dispatcher.token)))).toBe('404 NOT_FOUND')
    const replied = await act(t, admin, asked.body.id, 'reply', { text: '已增开窗口' })
    expect(replied.body).toMatchObject({ status: 'finished', statusLabel: '已答复，待评价', reply: '已增开窗口' })
    // the asker's 待办 opens 我的报修 on 待确认, where the answered one is (its first tab, 进行中, has only open ones)
    const todos = await t.http.get('/api/v1/todos').set(bearer(reporter.token))
    expect(todos.body.items.find((i: { kind: string }) => i.kind === 'tickets.confirm')).toMatchObject({ title: '待确认的报修', url: '/packages/repair/pages/mine/index?tab=finished' })
    const back = await act(t, reporter, asked.body.id, 'reopen', { reason: '还是很慢' })
    expect(back.body).toMatchObject({ status: 'submitted', reopenCount: 1 })
    await act(t, admin, asked.body.id, 'reply', { text: '再增开一个窗口' })
    expect((await act(t, reporter, asked.body.id, 'confirm', { rating: 4 })).body).toMatchObject({ status: 'closed', rating: 4 })
    const repair = await report(t, reporter, { locationId: (await insertLocation(t)).id })
    expect(show(await act(t, admin, repair.body.id, 'reply', { text: '无关' }))).toBe('409 TICKET_NOT_SERVICE_REQUEST')
  })

  it('cancel before it is taken; addInfo with photos counted against 6; others who read it are told it is not theirs', async () => {
    const location = await insertLocation(t)
    const r = await report(t, reporter, { locationId: location.id })
    const id = r.body.id
    expect(show(await act(t, dispatcher, id, 'cancel'))).toBe('403 TICKET_NOT_REPORTER')
    const stranger = await person(t, ['staff'], '路人')
    expect(show(await act(t, stranger, id, 'cancel'))).toBe('404 NOT_FOUND')
    expect(show(await t.http.get(`/api/v1/tickets/${id}`).set(bearer(stranger.token)))).toBe('404 NOT_FOUND')
    const info = await act(t, reporter, id, 'info', { text: '下午更严重', photos: Array.from({ length: 4 }, () => pngBase64()) })
    expect(info.status).toBe(200)
    expect(info.body.events.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'info_added'])
    expect(show(await act(t, reporter, id, 'info', { text: '再补', photos: Array.from({ length: 3 }, () => pngBase64()) }))).toBe('409 TICKET_PHOTOS_FULL')
    expect((await act(t, reporter, id, 'cancel')).body.status).toBe('cancelled')
    const again = await act(t, reporter, id, 'cancel')
    expect(show(again)).toBe('409 TICKET_STATE')
    expect(again.body.error.message).toBe('工单当前为“已撤销”，不能撤销')
  })

  it('lists: mine newest first with stable paging; dispatch for dispatchers only, by due time; worker and admin views held to their roles', async () => {
    const me = await person(t, ['staff'], '翻页人')
    const location = await insertLocation(t)
    const ids: number[] = []
    for (let i = 0; i < 5; i++) ids.push((await report(t, me, { locationId: location.id, description: `翻页 ${i}` })).body.id)
    const first = await t.http.get('/api/v1/tickets').query({ as: 'mine', limit: 2 }).set(bearer(me.token))
    const second = await t.http.get('/api/v1/tickets').query({ as: 'mine', limit: 2, cursor: first.body.nextCursor }).set(bearer(me.token))
    const third = await t.http.get('/api/v1/tickets').query({ as: 'mine', limit: 2, cursor: second.body.nextCursor }).set(bearer(me.token))
    expect([...first.body.items, ...second.body.items, ...third.body.items].map((i: { id: number }) => i.id)).toEqual([...ids].reverse())
    expect(third.body.nextCursor).toBeNull()
    expect(show(await t.http.get('/api/v1/tickets').query({ as: 'dispatch' }).set(bearer(me.token)))).toBe('403 FORBIDDEN')
    expect(show(await t.http.get('/api/v1/tickets').query({ as: 'worker' }).set(bearer(dispatcher.token)))).toBe('403 FORBIDDEN')
    expect(show(await t.http.get('/api/v1/tickets').query({ as: 'admin' }).set(bearer(dispatcher.token)))).toBe('403 FORBIDDEN')
    // the dispatch queue: open 报修 by finishBy, paged without repeats
    const seen: { id: number; finishBy: string }[] = []
    let cursor: string | undefined
    for (let page = 0; page < 50; page++) {
      const r = await t.http.get('/api/v1/tickets').query({ as: 'dispatch', limit: 7, ...(cursor ? { cursor } : {}) }).set(bearer(dispatcher.token))
      expect(r.status).toBe(200)
      seen.push(...r.body.items)
      cursor = r.body.nextCursor ?? undefined
      if (!cursor) break
    }
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length)
    expect(seen.map((s) => s.finishBy)).toEqual([...seen.map((s) => s.finishBy)].sort())
    for (const id of ids) expect(seen.some((s) => s.id === id)).toBe(true)
  })
})
