import { randomBytes } from 'node:crypto'
import { shanghaiDate } from '@egj/shared'
import { rooms } from '../src/db/schema'
import { bearer, type TestApp } from './harness'
import { idempotencyKey } from './factories'

/** A fresh room of its own (so tests never share slots), open 08:00–18:00 unless told. */
export async function createRoom(t: TestApp, values: Partial<typeof rooms.$inferInsert> = {}): Promise<{ id: number; code: string; name: string }> {
  const name = values.name ?? `测试会议室 ${randomBytes(3).toString('hex')}`
  const [result] = await t.database.db.insert(rooms).values({ building: '测试楼', floor: '3楼', capacity: 20, equipment: ['projector', 'mic'], photos: [], openFromMinute: 480, openToMinute: 1080, ...values, name })
  return { id: result.insertId, code: t.services.qr.url('r', result.insertId), name }
}

/** "YYYY-MM-DD" of the Asia/Shanghai day `days` from now. */
export const dayFromNow = (days: number, now = new Date()) => shanghaiDate(new Date(now.getTime() + days * 86_400_000))
/** An instant on that day at HH:mm Shanghai time. */
export const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`

export function book(t: TestApp, token: string, body: Record<string, unknown>, key: string = idempotencyKey()) {
  return t.http.post('/api/v1/room-bookings').set(bearer(token)).set('Idempotency-Key', key).send(body)
}
