import ICAL from 'ical.js'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'
import { at, book, createRoom, dayFromNow } from '../../../../test/room-fixtures'

// 加入手机日历: the .ics file is read back with ical.js, a real iCalendar library, and its series
// expanded the way a phone's calendar expands it.

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const week = (k: number) => dayFromNow(1 + 7 * k)
const iso = (day: string, hhmm: string) => new Date(at(day, hhmm)).toISOString()

async function icsOf(token: string, id: number): Promise<string> {
  const response = await t.http.get(`/api/v1/room-bookings/${id}.ics`).set(bearer(token)).buffer(true).parse((res, done) => {
    let text = ''
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => (text += chunk))
    res.on('end', () => done(null, text))
  })
  expect(response.status).toBe(200)
  expect(response.headers['content-type']).toMatch(/^text\/calendar/)
  return response.body as string
}

/** The file's events (master first), as ical.js reads them, with the file's own time zones. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone)
  const events = calendar.getAllSubcomponents('vevent')
  return { calendar, events, master: events.find((event) => !event.hasProperty('recurrence-id'))!, overrides: events.filter((event) => event.hasProperty('recurrence-id')) }
}

/** What a calendar shows: every occurrence of the event, moved ones at their new time, as [start, end, title, status]. */
function occurrences(text: string): [string, string, string, string][] {
  const { master, overrides } = parse(text)
  const event = new ICAL.Event(master)
  for (const override of overrides) event.relateException(override)
  if (!event.isRecurring()) return [[event.startDate.toJSDate().toISOString(), event.endDate.toJSDate().toISOString(), event.summary, String(master.getFirstPropertyValue('status'))]]
  const out: [string, string, string, string][] = []
  const iterator = event.iterator()
  for (let next = iterator.next(); next; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next)
    out.push([details.startDate.toJSDate().toISOString(), details.endDate.toJSDate().toISOString(), details.item.summary, String(details.item.component.getFirstPropertyValue('status'))])
  }
  return out
}

const sequenceOf = (text: string) => parse(text).events.map((event) => Number(event.getFirstPropertyValue('sequence')))

async function weeklySeries(token: string, weeks: number, title = '周例会') {
  const room = await createRoom(t, { horizonDays: 120 })
  const created = await book(t, token, { roomId: room.id, startAt: at(week(0), '10:00'), endAt: at(week(0), '11:00'), title, attendeeCount: 5, recurrence: { weeklyUntil: week(weeks - 1) } })
  expect(created.status).toBe(201)
  return { room, ids: created.body.occurrences.map((o: { id: number }) => o.id) as number[] }
}

describe('.ics of a weekly series', () => {
  it('is one event with a weekly RRULE in Shanghai time: 4 weeks, one cancelled and one moved → 3 occurrences, the moved one at its new time', async () => {
    const staff = await createUser(t, ['staff'])
    const { ids } = await weeklySeries(staff.token, 4)
    expect((await t.http.post(`/api/v1/room-bookings/${ids[1]}/cancel`).set(bearer(staff.token)).send({ scope: 'this' })).status).toBe(200)
    expect((await t.http.patch(`/api/v1/room-bookings/${ids[2]}`).set(bearer(staff.token)).send({ scope: 'this', startAt: at(week(2), '14:00'), endAt: at(week(2), '15:30') })).status).toBe(200)

    const text = await icsOf(staff.token, ids[0])
    expect(occurrences(text)).toEqual([
      [iso(week(0), '10:00'), iso(week(0), '11:00'), '周例会', 'CONFIRMED'],
      [iso(week(2), '14:00'), iso(week(2), '15:30'), '周例会', 'CONFIRMED'],
      [iso(week(3), '10:00'), iso(week(3), '11:00'), '周例会', 'CONFIRMED'],
    ])
    const { calendar, master, overrides } = parse(text)
    expect(master.getFirstPropertyValue('rrule')!.toString()).toBe('FREQ=WEEKLY;COUNT=4')
    expect(master.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Shanghai')
    expect(calendar.getFirstSubcomponent('vtimezone')!.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai')
    expect(master.getAllProperties('exdate')).toHaveLength(1)
    expect(overrides.map((o) => [o.getFirstPropertyValue('uid'), String(o.getFirstPropertyValue('recurrence-id'))])).toEqual([[master.getFirstPropertyValue('uid'), `${week(2)}T10:00:00`]])
    // every occurrence's file is the same series
    expect((await icsOf(staff.token, ids[3])).replace(/DTSTAMP:\w+/g, '')).toBe(text.replace(/DTSTAMP:\w+/g, ''))
  })

  it('a "this and following" change gives exactly the live weeks at their times; cancelling the rest leaves the weeks before', async () => {
    const staff = await createUser(t, ['staff'])
    const { ids } = await weeklySeries(staff.token, 5)
    const following = await t.http.patch(`/api/v1/room-bookings/${ids[2]}`).set(bearer(staff.token)).send({ scope: 'following', startAt: at(week(2), '16:00'), endAt: at(week(2), '17:00'), title: '周例会（下午）' })
    expect(following.status).toBe(200)
    expect(occurrences(await icsOf(staff.token, ids[0]))).toEqual([
      [iso(week(0), '10:00'), iso(week(0), '11:00'), '周例会', 'CONFIRMED'],
      [iso(week(1), '10:00'), iso(week(1), '11:00'), '周例会', 'CONFIRMED'],
      [iso(week(2), '16:00'), iso(week(2), '17:00'), '周例会（下午）', 'CONFIRMED'],
      [iso(week(3), '16:00'), iso(week(3), '17:00'), '周例会（下午）', 'CONFIRMED'],
      [iso(week(4), '16:00'), iso(week(4), '17:00'), '周例会（下午）', 'CONFIRMED'],
    ])
    expect((await t.http.post(`/api/v1/room-bookings/${ids[3]}/cancel`).set(bearer(staff.token)).send({ scope: 'following' })).status).toBe(200)
    expect(occurrences(await icsOf(staff.token, ids[4])).map(([start]) => start)).toEqual([iso(week(0), '10:00'), iso(week(1), '10:00'), iso(week(2), '16:00')])
  })

  it('a series waiting for approval is tentative; the whole series cancelled is a cancelled event', async () => {
    const staff = await createUser(t, ['staff'])
    const hall = await createRoom(t, { requiresApproval: true, horizonDays: 120 })
    const created = await book(t, staff.token, { roomId: hall.id, startAt: at(week(0), '09:00'), endAt: at(week(0), '10:00'), title: '审批中的例会', attendeeCount: 5, recurrence: { weeklyUntil: week(2) } })
    const ids: number[] = created.body.occurrences.map((o: { id: number }) => o.id)
    expect(occurrences(await icsOf(staff.token, ids[0])).map(([, , , status]) => status)).toEqual(['TENTATIVE', 'TENTATIVE', 'TENTATIVE'])
    expect((await t.http.post(`/api/v1/room-bookings/${ids[0]}/cancel`).set(bearer(staff.token)).send({ scope: 'all' })).status).toBe(200)
    const { events, master } = parse(await icsOf(staff.token, ids[0]))
    expect(events).toHaveLength(1)
    expect(master.getFirstPropertyValue('status')).toBe('CANCELLED')
  })
})

describe('SEQUENCE', () => {
  it('rises with every change a calendar shows (a move, a cancellation), so a phone takes the new version', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(3)
    const created = await book(t, staff.token, { roomId: room.id, startAt: at(day, '09:00'), endAt: at(day, '10:00'), title: '单次会议', attendeeCount: 4 })
    const id = created.body.id as number
    const first = await icsOf(staff.token, id)
    expect(sequenceOf(first)).toEqual([0])
    expect(parse(first).master.getFirstPropertyValue('uid')).toMatch(new RegExp(`^room-booking-${id}@`))

    await t.http.patch(`/api/v1/room-bookings/${id}`).set(bearer(staff.token)).send({ startAt: at(day, '11:00'), endAt: at(day, '12:00') })
    const moved = await icsOf(staff.token, id)
    expect(sequenceOf(moved)).toEqual([1])
    expect(occurrences(moved)).toEqual([[iso(day, '11:00'), iso(day, '12:00'), '单次会议', 'CONFIRMED']])

    await t.http.post(`/api/v1/room-bookings/${id}/cancel`).set(bearer(staff.token)).send({ scope: 'this' })
    const cancelled = await icsOf(staff.token, id)
    expect(sequenceOf(cancelled)).toEqual([2])
    expect(parse(cancelled).master.getFirstPropertyValue('status')).toBe('CANCELLED')
  })

  it('a series: moving one week raises the series', async () => {
    const staff = await createUser(t, ['staff'])
    const { ids } = await weeklySeries(staff.token, 3)
    const before = Math.max(...sequenceOf(await icsOf(staff.token, ids[0])))
    await t.http.patch(`/api/v1/room-bookings/${ids[1]}`).set(bearer(staff.token)).send({ scope: 'this', startAt: at(week(1), '15:00'), endAt: at(week(1), '16:00') })
    const after = sequenceOf(await icsOf(staff.token, ids[0]))
    expect(after).toHaveLength(2) // the master and the moved week
    expect(Math.min(...after)).toBeGreaterThan(before)
  })
})

describe('text in the file', () => {
  it('a title with a bare CR (or U+2028, U+0085) is refused at the door: 400, nothing booked', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(2)
    for (const title of ['Meet\rATTENDEE:mailto:evil@x.com', 'Meet\u2028ATTENDEE:mailto:evil@x.com', 'Meet\u0085X', 'Meet\u0000']) {
      const response = await book(t, staff.token, { roomId: room.id, startAt: at(day, '09:00'), endAt: at(day, '10:00'), title, attendeeCount: 3 })
      expect([response.status, response.body.error.code, response.body.error.details.issues]).toEqual([400, 'VALIDATION_FAILED', [{ path: 'title', message: '不能包含控制字符' }]])
    }
    const [rows] = await t.database.pool.query('SELECT COUNT(*) AS n FROM room_bookings WHERE room_id = ?', [room.id])
    expect(Number((rows as { n: number }[])[0].n)).toBe(0)
  })

  it('text that reached the database some other way stays one escaped SUMMARY; long lines fold at 75 octets', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t, { name: `第九会议室 ${Date.now()}` })
    const day = dayFromNow(2)
    const created = await book(t, staff.token, { roomId: room.id, startAt: at(day, '14:00'), endAt: at(day, '15:30'), title: '占位', attendeeCount: 5 })
    const title = 'Meet\rATTENDEE:mailto:evil@x.com\u2028关于推进机关事务集约化管理, 标准化建设; 以及数字化转型工作的专题研究会议\\（第三次）\u0085END:VEVENT\n\u0000'
    await t.database.pool.query('UPDATE room_bookings SET title = ? WHERE id = ?', [title, created.body.id])

    const text = await icsOf(staff.token, created.body.id)
    expect(text.split('\r\n').filter((line) => Buffer.byteLength(line) > 75)).toEqual([])
    // nothing but CRLF ends a line
    expect([...text.replace(/\r\n/g, '')].filter((c) => '\r\n\u0085\u2028\u2029\u0000'.includes(c))).toEqual([])
    const { events, master } = parse(text)
    expect(events).toHaveLength(1)
    expect(master.getAllProperties('summary')).toHaveLength(1)
    expect(master.getAllProperties('attendee')).toHaveLength(0)
    expect(master.getFirstPropertyValue('summary')).toBe('Meet\nATTENDEE:mailto:evil@x.com\n关于推进机关事务集约化管理, 标准化建设; 以及数字化转型工作的专题研究会议\\（第三次）\nEND:VEVENT\n')
    expect(master.getFirstPropertyValue('location')).toBe(`测试楼 3楼 ${room.name}`)
    expect(occurrences(text)).toEqual([[iso(day, '14:00'), iso(day, '15:30'), expect.any(String), 'CONFIRMED']])
  })
})
