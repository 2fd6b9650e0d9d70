import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'
import { at, book, createRoom, dayFromNow } from '../../../../test/room-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('会务 tasks', () => {
  it('derives the day’s tasks from bookings; done follows the booking through an edit', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(4)
    const created = await book(t, staff.token, {
      roomId: room.id,
      startAt: at(day, '10:00'),
      endAt: at(day, '11:00'),
      title: '专题会',
      attendeeCount: 12,
      services: { tea: true, teaCount: 12, nameplates: ['张三', '李四'], bannerText: '欢迎莅临指导', av: true, meals: [{ period: '午餐', count: 12 }] },
    })
    const huiwu = await t.login('huiwu1')
    const list = await t.http.get('/api/v1/meeting-service/tasks').query({ date: day }).set(bearer(huiwu))
    expect(list.status).toBe(200)
    const mine = list.body.items.filter((task: { booking: { id: number } }) => task.booking.id === created.body.id)
    expect(mine.map((task: { kind: string }) => task.kind)).toEqual(['prepare_room', 'tea', 'nameplates', 'banner', 'av', 'meals'])
    expect(mine[0]).toMatchObject({ dueAt: new Date(at(day, '09:30')).toISOString(), done: false, booking: { title: '专题会', roomName: room.name } })
    expect(mine.find((task: { kind: string }) => task.kind === 'nameplates').detail).toContain('张三、李四')
    expect(mine.find((task: { kind: string }) => task.kind === 'tea').detail).toBe('茶水 12 杯')
    expect(mine.find((task: { kind: string }) => task.kind === 'meals').detail).toContain('午餐 12 份')

    const nameplates = mine.find((task: { kind: string }) => task.kind === 'nameplates')
    const done = await t.http.post(`/api/v1/meeting-service/tasks/${nameplates.id}/done`).set(bearer(huiwu))
    expect(done.body).toMatchObject({ id: nameplates.id, done: true, doneBy: '吴芳' })
    // the meeting moves to the afternoon: the task moves with it and stays done
    await t.http.patch(`/api/v1/room-bookings/${created.body.id}`).set(bearer(staff.token)).send({ startAt: at(day, '14:00'), endAt: at(day, '15:00') })
    const after = await t.http.get('/api/v1/meeting-service/tasks').query({ date: day }).set(bearer(huiwu))
    const moved = after.body.items.find((task: { id: number }) => task.id === nameplates.id)
    expect(moved).toMatchObject({ done: true, dueAt: new Date(at(day, '13:30')).toISOString() })

    expect((await t.http.get('/api/v1/meeting-service/tasks').query({ date: day }).set(bearer(staff.token))).status).toBe(403)
    const missing = await t.http.post(`/api/v1/meeting-service/tasks/${created.body.id * 10 + 9}/done`).set(bearer(huiwu))
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND'])
    const todos = await t.http.get('/api/v1/todos').set(bearer(huiwu))
    expect(todos.status).toBe(200)
  })

  it('会务 sees the day’s open tasks in 待办; the item opens 会务任务 (packages/meeting-service), not a page of the room subpackage', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(6)
    expect((await book(t, staff.token, { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '待办会', attendeeCount: 5, services: { tea: true, teaCount: 5 } })).status).toBe(201)
    // 08:00 that day (the service's clock): the tasks are today's and still open
    Object.assign(t.services.roomService, { now: () => new Date(at(day, '08:00')) })
    try {
      const todos = await t.http.get('/api/v1/todos').set(bearer(await t.login('huiwu1')))
      expect(todos.body.items.filter((item: { kind: string }) => item.kind === 'room.tasks').map((item: { url: string }) => item.url)).toEqual(['/packages/meeting-service/pages/tasks/index'])
    } finally {
      Object.assign(t.services.roomService, { now: () => new Date() })
    }
  })
})
