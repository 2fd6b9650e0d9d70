import { randomInt } from 'node:crypto'
import type { TestApp } from './harness'
import { bearer } from './harness'
import { idempotencyKey } from './factories'

// Valid, unique personal data for the visit tests (so one test's block list never hits another's).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** A 居民身份证 number with a real birth date and the right GB 11643 check digit, ending in a digit (or in X when asked). */
export function idCard(endingInX = false): string {
  for (;;) {
    const birth = `19${randomInt(50, 99)}0${randomInt(1, 9)}${String(randomInt(10, 28))}`
    const body = `330106${birth}${String(randomInt(0, 1000)).padStart(3, '0')}`
    const check = CHECK[WEIGHTS.reduce((sum, w, i) => sum + w * Number(body[i]), 0) % 11]
    if ((check === 'X') === endingInX) return body + check
  }
}

/** The same number with a wrong check digit. */
export const badCheckDigit = (id: string) => id.slice(0, 17) + ((Number(id[17]) + 1) % 10)

export const mobile = () => `139${String(randomInt(0, 1e8)).padStart(8, '0')}`

export const inMinutes = (minutes: number, from = Date.now()) => new Date(from + minutes * 60_000).toISOString()

export function bookingBody(hostId: number, overrides: Record<string, unknown> = {}) {
  return {
    visitorName: '林访客',
    mobile: mobile(),
    idType: 'id_card',
    idNumber: idCard(),
    company: '杭州某科技有限公司',
    purpose: '项目洽谈',
    hostId,
    startAt: inMinutes(60),
    endAt: inMinutes(180),
    companions: [],
    ...overrides,
  }
}

export const book = (t: TestApp, token: string, body: Record<string, unknown>, key: string | null = idempotencyKey()) => {
  const request = t.http.post('/api/v1/visits').set(bearer(token))
  return (key ? request.set('Idempotency-Key', key) : request).send(body)
}

export async function userId(t: TestApp, username: string): Promise<number> {
  const [rows] = await t.database.pool.query('SELECT id FROM users WHERE username = ?', [username])
  return (rows as { id: number }[])[0].id
}

export async function unitIdOf(t: TestApp, name = '市机关事务管理中心'): Promise<number> {
  const [rows] = await t.database.pool.query('SELECT id FROM units WHERE name = ?', [name])
  return (rows as { id: number }[])[0].id
}

export async function visitCount(t: TestApp): Promise<number> {
  const [rows] = await t.database.pool.query('SELECT (SELECT COUNT(*) FROM visits) + (SELECT COUNT(*) FROM visit_companions) AS n')
  return Number((rows as { n: number }[])[0].n)
}

/** A pending visit booked by visitor1 with lisi (or the given host); returns its id and what was typed. */
export async function bookedVisit(t: TestApp, options: { hostId?: number; token?: string; overrides?: Record<string, unknown> } = {}) {
  const body = bookingBody(options.hostId ?? (await userId(t, 'lisi')), options.overrides)
  const response = await book(t, options.token ?? (await t.login('visitor1')), body)
  if (response.status !== 201) throw new Error(`booking: ${response.status} ${JSON.stringify(response.body)}`)
  return { id: response.body.id as number, body }
}
