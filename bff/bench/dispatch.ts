import mysql from 'mysql2/promise'
import { devLogin } from './harness'
import type { Scenario, WorkPool } from './pairs'

/** One dispatch: a different approved request to a different car and driver each time. */
interface Assignment {
  requestId: number
  vehicleId: number
  driverId: number
}

const CHUNK = 1000

async function insertRows(pool: mysql.Pool, sqlHead: string, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    await pool.query(`${sqlHead} VALUES ${chunk.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ')}`, chunk.flat())
  }
}

async function idsWhere(pool: mysql.Pool, sql: string, params: unknown[]): Promise<number[]> {
  const [rows] = await pool.query(sql, params)
  return (rows as { id: number }[]).map((row) => Number(row.id))
}

/**
 * `count` cars, drivers and approved requests (all for the same window tomorrow, so each check has
 * a real window to test), inserted as rows. Every driver has a WeChat account, as has the
 * requester: each dispatch writes its pushes too.
 */
async function prepareSet(pool: mysql.Pool, set: string, count: number, unitId: number, requesterId: number): Promise<Assignment[]> {
  const index = Array.from({ length: count }, (_v, i) => i)
  await insertRows(pool, 'INSERT INTO users (username, name, unit_id, wechat_openid)', index.map((i) => [`bench_drv_${set}_${i}`, `压测驾驶员${i}`, unitId, `o_bench_drv_${set}_${i}`]))
  const userIds = await idsWhere(pool, 'SELECT id FROM users WHERE username LIKE ? ORDER BY id', [`bench\\_drv\\_${set}\\_%`])
  await insertRows(pool, 'INSERT INTO user_roles (user_id, role)', userIds.map((id) => [id, 'driver']))
  await insertRows(pool, 'INSERT INTO drivers (user_id, on_duty)', userIds.map((id) => [id, 1]))
  const driverIds = await idsWhere(pool, 'SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.username LIKE ? ORDER BY d.id', [`bench\\_drv\\_${set}\\_%`])
  await insertRows(pool, 'INSERT INTO vehicles (plate_no, type, seats, energy, unit_id)', index.map((i) => [`压${set}${i}`, 'sedan', 5, 'fuel', unitId]))
  const vehicleIds = await idsWhere(pool, 'SELECT id FROM vehicles WHERE plate_no LIKE ? ORDER BY id', [`压${set}%`])
  const startAt = new Date(Date.now() + 24 * 3600_000)
  const endAt = new Date(startAt.getTime() + 3 * 3600_000)
  await insertRows(
    pool,
    'INSERT INTO vehicle_requests (status, requester_user_id, unit_id, purpose, origin, destination, start_at, end_at, passengers)',
    index.map(() => ['approved', requesterId, unitId, `压测派车 ${set}`, '市政府', '高新区', startAt, endAt, 2]),
  )
  const requestIds = await idsWhere(pool, 'SELECT id FROM vehicle_requests WHERE purpose = ? ORDER BY id', [`压测派车 ${set}`])
  return index.map((i) => ({ requestId: requestIds[i], vehicleId: vehicleIds[i], driverId: driverIds[i] }))
}

/** `count` distinct cars, drivers and requests: enough for every side and round never to run out at the rates seen here. */
export async function prepareDispatchBench(databaseUrl: string, bffUrl: string, count: number) {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 4, timezone: 'Z' })
  try {
    const [unit] = await pool.query("INSERT INTO units (name) VALUES (CONCAT('压测派车单位 ', UUID_SHORT()))")
    const unitId = (unit as { insertId: number }).insertId
    const [requester] = await pool.query("INSERT INTO users (username, name, unit_id, wechat_openid) VALUES ('bench_requester', '压测申请人', ?, 'o_bench_requester')", [unitId])
    const requesterId = (requester as { insertId: number }).insertId
    const assignments = await prepareSet(pool, 'D', count, unitId, requesterId)
    const [dispatcher] = await pool.query("SELECT id FROM users WHERE username = 'dispatcher1'")
    return { assignments, dispatcherId: Number((dispatcher as { id: number }[])[0].id), token: await devLogin(bffUrl, 'dispatcher1') }
  } finally {
    await pool.end()
  }
}

export interface DispatchInput extends Assignment {
  token: string
  dispatcherId: number
}

/** Dispatches: each a different request, car and driver, from one cursor shared by every side and round. */
export function dispatchScenario(setup: Awaited<ReturnType<typeof prepareDispatchBench>>): Scenario<DispatchInput> {
  let next = 0
  return {
    name: 'dispatch',
    route: 'POST /api/v1/vehicle-requests/:id/dispatch',
    input: () => {
      if (next >= setup.assignments.length) throw new Error('dispatch bench: out of prepared requests')
      return { ...setup.assignments[next++], token: setup.token, dispatcherId: setup.dispatcherId }
    },
    request: (input) => ({
      path: `/api/v1/vehicle-requests/${input.requestId}/dispatch`,
      method: 'POST',
      headers: { authorization: `Bearer ${input.token}` },
      body: JSON.stringify({ vehicleId: input.vehicleId, driverId: input.driverId }),
    }),
    accept: (status) => status === 200,
    work: { file: 'dispatch', name: 'dispatchWork', fn: dispatchWork },
  }
}

const SHANGHAI = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })

/**
 * The statements of one BFF dispatch, in its order with its locks: the request, car and driver
 * locked in one statement, both overlap checks in one, the people (names, push accounts), the
 * update, the history row, both notifications (RETURNING their ids), their pushes, commit; then
 * the request read back with its people, car, driver and trip, and its history, as the BFF answers.
 */
export async function dispatchWork(pool: WorkPool, input: DispatchInput): Promise<unknown> {
  const conn = await pool.getConnection()
  try {
    await conn.beginTransaction()
    const [[r]] = (await conn.execute(
      `SELECT r.id, r.status, r.requester_user_id AS requesterUserId, r.purpose, r.origin, r.destination, r.start_at AS startAt, r.end_at AS endAt,
              r.passengers, r.vehicle_id AS vehicleId, r.driver_id AS driverId,
              v.id AS carId, v.plate_no AS plateNo, v.status AS carStatus, v.seats, d.id AS driverRowId, d.user_id AS driverUserId, d.on_duty AS onDuty
         FROM vehicle_requests r LEFT JOIN vehicles v ON v.id = ? LEFT JOIN drivers d ON d.id = ?
        WHERE r.id = ? FOR UPDATE`,
      [input.vehicleId, input.driverId, input.requestId],
    )) as unknown as [{ status: string; requesterUserId: number; purpose: string; origin: string; destination: string; startAt: Date; endAt: Date; passengers: number; carId: number; plateNo: string; carStatus: string; seats: number; driverUserId: number; onDuty: number }[]]
    if (r.status !== 'approved' || !r.carId || r.carStatus !== 'active' || r.seats < r.passengers || !r.onDuty) throw new Error('refused')
    const first = (column: string) =>
      `(SELECT '${column}' AS holder, id AS requestId, start_at AS startAt, end_at AS endAt FROM vehicle_requests
       WHERE ${column} = ? AND status IN ('dispatched', 'in_progress') AND start_at < ? AND end_at > ? AND id <> ? ORDER BY start_at LIMIT 1)`
    const [busy] = await conn.execute(`${first('vehicle_id')} UNION ALL ${first('driver_id')}`, [input.vehicleId, r.endAt, r.startAt, input.requestId, input.driverId, r.endAt, r.startAt, input.requestId])
    if ((busy as unknown[]).length) throw new Error('busy')
    const [people] = (await conn.execute('SELECT id, name, wechat_openid AS openid, dingtalk_user_id AS dingtalkUserId, zzd_account_id AS zzdAccountId FROM users WHERE id IN (?, ?)', [
      r.requesterUserId,
      r.driverUserId,
    ])) as unknown as [{ id: number; name: string; openid: string | null }[]]
    const driverName = people.find((p) => p.id === r.driverUserId)?.name ?? ''
    const now = new Date()
    await conn.execute("UPDATE vehicle_requests SET status = 'dispatched', vehicle_id = ?, driver_id = ?, dispatched_at = ?, dispatched_by_user_id = ? WHERE id = ?", [input.vehicleId, input.driverId, now, input.dispatcherId, input.requestId])
    const changes = JSON.stringify([{ field: '状态', from: '待派车', to: '已派车' }, { field: '车辆', from: null, to: r.plateNo }, { field: '驾驶员', from: null, to: driverName }])
    await conn.execute("INSERT INTO vehicle_request_history (request_id, by_user_id, action, changes, reason, created_at) VALUES (?, ?, 'dispatched', ?, NULL, ?)", [input.requestId, input.dispatcherId, changes, now])
    const when = `${SHANGHAI.format(r.startAt)}–${SHANGHAI.format(r.endAt).slice(11)}`
    const link = `/packages/vehicle/pages/detail/index?id=${input.requestId}`
    const [ids] = (await conn.execute('INSERT INTO notifications (user_id, title, body, link) VALUES (?, ?, ?, ?), (?, ?, ?, ?) RETURNING id', [
      r.requesterUserId,
      '已为您派车',
      `${r.purpose}（${when}）：${r.plateNo}，驾驶员${driverName}`,
      link,
      r.driverUserId,
      '新的出车任务',
      `${when}，${r.origin} → ${r.destination}，${r.passengers} 人，车辆 ${r.plateNo}`,
      link,
    ])) as unknown as [{ id: number }[]]
    const pushes = [r.requesterUserId, r.driverUserId].flatMap((userId, i) => {
      const openid = people.find((p) => p.id === userId)?.openid
      return openid ? [ids[i].id, 'wechat', openid] : []
    })
    if (pushes.length) await conn.execute(`INSERT INTO notification_deliveries (notification_id, channel, recipient) VALUES ${Array.from({ length: pushes.length / 3 }, () => '(?, ?, ?)').join(', ')}`, pushes)
    await conn.commit()
    const [[row]] = (await conn.execute(
      `SELECT r.*, ru.name AS requesterName, un.name AS unitName, de.name AS decidedByName, v.id AS vId, v.plate_no, v.type, v.seats, d.id AS dId, d.user_id, du.name AS driverName, t.*
         FROM vehicle_requests r JOIN users ru ON ru.id = r.requester_user_id LEFT JOIN units un ON un.id = r.unit_id LEFT JOIN users de ON de.id = r.decided_by_user_id
         LEFT JOIN vehicles v ON v.id = r.vehicle_id LEFT JOIN drivers d ON d.id = r.driver_id LEFT JOIN users du ON du.id = d.user_id LEFT JOIN vehicle_trips t ON t.request_id = r.id WHERE r.id = ?`,
      [input.requestId],
    )) as unknown as [Record<string, unknown>[]]
    const [history] = await conn.execute('SELECT h.request_id, h.action, h.changes, h.reason, h.created_at, u.name FROM vehicle_request_history h JOIN users u ON u.id = h.by_user_id WHERE h.request_id IN (?) ORDER BY h.id', [input.requestId])
    return { ...row, history }
  } catch (error) {
    await conn.rollback()
    throw error
  } finally {
    conn.release()
  }
}

/** After the run: no car and no driver with two overlapping dispatched (or running) requests. */
export async function doubleAssignments(databaseUrl: string): Promise<{ vehicles: number; drivers: number }> {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 2 })
  try {
    const count = async (column: 'vehicle_id' | 'driver_id') => {
      const [[row]] = (await pool.query(
        `SELECT COUNT(*) AS n FROM vehicle_requests a JOIN vehicle_requests b ON b.${column} = a.${column} AND b.id > a.id AND a.start_at < b.end_at AND b.start_at < a.end_at
         WHERE a.status IN ('dispatched','in_progress') AND b.status IN ('dispatched','in_progress')`,
      )) as unknown as [{ n: number }[]]
      return Number(row.n)
    }
    return { vehicles: await count('vehicle_id'), drivers: await count('driver_id') }
  } finally {
    await pool.end()
  }
}
