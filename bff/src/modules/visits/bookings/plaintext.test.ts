import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { idempotencyKey } from '../../../../test/factories'
import { book, bookingBody, idCard, inMinutes, mobile, userId } from '../../../../test/visit-fixtures'

// PIPL: no ID number or mobile in clear anywhere in the database. Seed visits through every path
// that takes them, then dump every column of every table as text and search for the values.

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

async function dumpDatabase(): Promise<string> {
  const [tables] = await t.database.pool.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')
  const parts: string[] = []
  for (const { name } of tables as { name: string }[]) {
    const [columns] = await t.database.pool.query('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?', [name])
    const casts = (columns as { name: string }[]).map((c) => `COALESCE(CAST(\`${c.name}\` AS CHAR), '')`).join(", '|', ")
    const [rows] = await t.database.pool.query(`SELECT CONCAT(${casts}) AS line FROM \`${name}\``)
    parts.push(`# ${name}`, ...(rows as { line: string }[]).map((r) => r.line))
  }
  return parts.join('\n')
}

describe('personal data at rest', () => {
  it('a full dump of the database holds none of the seeded ID numbers or mobiles', async () => {
    const lisi = await userId(t, 'lisi')
    const host = await t.login('lisi')
    const visitor = await t.login('visitor1')
    const seeded = { ids: [idCard(), idCard(), idCard(), idCard(), idCard(true), 'E76543210', 'H8765432101'], mobiles: [mobile(), mobile(), mobile()] }

    // a self-booking with two companions, approved, its personal data viewed
    const booked = await book(t, visitor, bookingBody(lisi, { idNumber: seeded.ids[0], mobile: seeded.mobiles[0], companions: [{ name: '甲', idType: 'id_card', idNumber: seeded.ids[1] }, { name: '乙', idType: 'passport', idNumber: seeded.ids[5] }] }))
    expect(booked.status).toBe(201)
    await t.http.post(`/api/v1/visits/${booked.body.id}/approve`).set(bearer(host))
    expect((await t.http.get(`/api/v1/visits/${booked.body.id}/pii`).query({ reason: '核对' }).set(bearer(host))).status).toBe(200)
    // an invitation, accepted with an ID and a companion
    const invited = await t.http.post('/api/v1/visits/invitations').set(bearer(host)).set('Idempotency-Key', idempotencyKey()).send({ visitorName: '邀请', mobile: seeded.mobiles[1], startAt: inMinutes(30), endAt: inMinutes(90), purpose: '座谈' })
    const token = new URL(invited.body.inviteUrl.replace('/#/', '/')).searchParams.get('token')!
    expect((await t.http.post(`/api/v1/visits/invitations/${token}/accept`).set(bearer(visitor)).send({ idType: 'id_card', idNumber: seeded.ids[2], companions: [{ name: '丙', idType: 'hk_macau_permit', idNumber: seeded.ids[6] }] })).status).toBe(200)
    // a walk-in at the gate
    const walkIn = await t.http.post('/api/v1/gate/walk-ins').set(bearer(await t.login('guard1'))).set('Idempotency-Key', idempotencyKey()).send({ visitorName: '现场', mobile: seeded.mobiles[2], idType: 'id_card', idNumber: seeded.ids[3], purpose: '送材料', hostId: lisi })
    expect(walkIn.status).toBe(201)
    // the block list (typed with an x in lower case)
    expect((await t.http.post('/api/v1/visits/blocklist').set(bearer(await t.login('admin'))).send({ idType: 'id_card', idNumber: seeded.ids[4].toLowerCase(), reason: '测试' })).status).toBe(201)
    // and a refused booking with a blocked number
    expect((await book(t, visitor, bookingBody(lisi, { idNumber: seeded.ids[4] }))).status).toBe(403)

    const dump = await dumpDatabase()
    expect(dump).toContain('# visits')
    expect(dump).toContain('# pii_access_log')
    for (const value of [...seeded.ids, ...seeded.ids.map((v) => v.toLowerCase()), ...seeded.mobiles]) expect(dump).not.toContain(value)
    // the values themselves did land (sealed): the masks are there
    expect(dump).toContain(`${seeded.ids[0].slice(0, 3)}***********${seeded.ids[0].slice(-4)}`)
    expect(dump).toContain(`${seeded.mobiles[0].slice(0, 3)}****${seeded.mobiles[0].slice(7)}`)
  })
})
