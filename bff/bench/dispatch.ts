import autocannon from 'autocannon'
import mysql from 'mysql2/promise'
import { CONNECTIONS, devLogin, type Figures } from './harness'

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
 * a real window to test), inserted as rows; `set` keeps the BFF's and the raw run's apart.
 */
async function prepareSet(pool: mysql.Pool, set: string, count: number, unitId: number, requesterId: number): Promise<Assignment[]> {
  const index = Array.from({ length: count }, (_v, i) => i)
  await insertRows(pool, 'INSERT INTO users (username, name, unit_id)', index.map((i) => [`bench_drv_${set}_${i}`, `压测驾驶员${i}`, unitId]))
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

/** Enough distinct cars for the BFF and the raw run never to run out at the rates seen here. */
export async function prepareDispatchBench(databaseUrl: string, bffUrl: string, seconds: number) {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 4, timezone: 'Z' })
  try {
    const [unit] = await pool.query("INSERT INTO units (name) VALUES (CONCAT('压测派车单位 ', UUID_SHORT()))")
    const unitId = (unit as { insertId: number }).insertId
    const [requester] = await pool.query("INSERT INTO users (username, name, unit_id) VALUES ('bench_requester', '压测申请人', ?)", [unitId])
    const requesterId = (requester as { insertId: number }).insertId
    const viaBff = await prepareSet(pool, 'B', Math.max(1000, seconds * 1000), unitId, requesterId)
    const direct = await prepareSet(pool, 'R', Math.max(2000, seconds * 3000), unitId, requesterId)
    const [dispatcher] = await pool.query("SELECT id FROM users WHERE username = 'dispatcher1'")
    return { viaBff, direct, dispatcherId: Number((dispatcher as { id: number }[])[0].id), token: await devLogin(bffUrl, 'dispatcher1') }
  } finally {
    await pool.end()
  }
}

/** Dispatches through the BFF, each request a different request / car / driver; counts 200s. */
export async function benchBffDispatch(url: string, setup: { viaBff: Assignment[]; token: string }, seconds: number): Promise<Figures & { dispatched: number; exhausted: boolean }> {
  let next = 0
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    requests: [
      {
        setupRequest: (request: autocannon.Request) => {
          const a = setup.viaBff[next++ % setup.viaBff.length]
          return {
            ...request,
            path: `/api/v1/vehicle-requests/${a.requestId}/dispatch`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.token}` },
            body: JSON.stringify({ vehicleId: a.vehicleId, driverId: a.driverId }),
          }
        },
      },
    ],
  })
  if (result.non2xx || result.errors || result.timeouts) console.log('dispatch bench failures:', { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, statusCodes: result.statusCodeStats })
  return {
    name: 'BFF POST /api/v1/vehicle-requests/:id/dispatch',
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    dispatched: result['2xx'],
    exhausted: next > setup.viaBff.length,
  }
}

/**
 * The same transaction straight through mysql2: lock the request, the car, the driver (in that
 * order), the status / seats / duty checks, both overlap look-ups, the update, the history row,
 * the requester's and the driver's notifications (with their push look-ups), commit; then the
 * request read back with its people, car, driver, trip and history, as the BFF answers it.
 */
export async function benchRawDispatch(databaseUrl: string, setup: { direct: Assignment[]; dispatcherId: number }, seconds: number): Promise<Figures> {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: CONNECTIONS, timezone: 'Z' })
  const latencies: number[] = []
  let errors = 0
  let next = 0
  const started = performance.now()
  const deadline = started + seconds * 1000
  const overlap = "status IN ('dispatched','in_progress') AND start_at < ? AND end_at > ? AND id <> ? ORDER BY start_at LIMIT 1"
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline && next < setup.direct.length) {
        const a = setup.direct[next++]
        const t0 = performance.now()
        const conn = await pool.getConnection()
        try {
          await conn.beginTransaction()
          const [[request]] = (await conn.execute('SELECT * FROM vehicle_requests WHERE id = ? FOR UPDATE', [a.requestId])) as unknown as [{ status: string; start_at: Date; end_at: Date; passengers: number; requester_user_id: number }[]]
          if (request.status !== 'approved') throw new Error('not approved')
          const [[car]] = (await conn.execute('SELECT * FROM vehicles WHERE id = ? FOR UPDATE', [a.vehicleId])) as unknown as [{ status: string; seats: number; plate_no: string }[]]
          const [[driver]] = (await conn.execute('SELECT * FROM drivers WHERE id = ? FOR UPDATE', [a.driverId])) as unknown as [{ on_duty: number; user_id: number }[]]
          if (car.status !== 'active' || car.seats < request.passengers || !driver.on_duty) throw new Error('refused')
          const [carBusy] = await conn.execute(`SELECT id, start_at, end_at FROM vehicle_requests WHERE vehicle_id = ? AND ${overlap}`, [a.vehicleId, request.end_at, request.start_at, a.requestId])
          const [driverBusy] = await conn.execute(`SELECT id, start_at, end_at FROM vehicle_requests WHERE driver_id = ? AND ${overlap}`, [a.driverId, request.end_at, request.start_at, a.requestId])
          if ((carBusy as unknown[]).length || (driverBusy as unknown[]).length) throw new Error('busy')
          await conn.execute("UPDATE vehicle_requests SET status = 'dispatched', vehicle_id = ?, driver_id = ?, dispatched_at = UTC_TIMESTAMP(3), dispatched_by_user_id = ? WHERE id = ?", [a.vehicleId, a.driverId, setup.dispatcherId, a.requestId])
          const changes = JSON.stringify([{ field: '状态', from: '待派车', to: '已派车' }, { field: '车辆', from: null, to: car.plate_no }, { field: '驾驶员', from: null, to: '压测驾驶员' }])
          await conn.execute("INSERT INTO vehicle_request_history (request_id, by_user_id, action, changes) VALUES (?, ?, 'dispatched', ?)", [a.requestId, setup.dispatcherId, changes])
          for (const userId of [request.requester_user_id, driver.user_id]) {
            await conn.execute('INSERT INTO notifications (user_id, title, body, link) VALUES (?, ?, ?, ?)', [userId, '新的出车任务', `压测 ${car.plate_no}`, `/packages/vehicle/pages/detail/index?id=${a.requestId}`])
            await conn.execute('SELECT wechat_openid, dingtalk_user_id FROM users WHERE id = ?', [userId])
          }
          await conn.commit()
          await conn.execute(
            `SELECT r.*, ru.name, un.name, du.name, v.plate_no, d.user_id, t.id FROM vehicle_requests r JOIN users ru ON ru.id = r.requester_user_id
             LEFT JOIN units un ON un.id = r.unit_id LEFT JOIN users de ON de.id = r.decided_by_user_id LEFT JOIN vehicles v ON v.id = r.vehicle_id
             LEFT JOIN drivers d ON d.id = r.driver_id LEFT JOIN users du ON du.id = d.user_id LEFT JOIN vehicle_trips t ON t.request_id = r.id WHERE r.id = ?`,
            [a.requestId],
          )
          await conn.execute('SELECT h.*, u.name FROM vehicle_request_history h JOIN users u ON u.id = h.by_user_id WHERE h.request_id = ? ORDER BY h.id', [a.requestId])
          latencies.push(performance.now() - t0)
        } catch {
          await conn.rollback().catch(() => undefined)
          errors++
        } finally {
          conn.release()
        }
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  await pool.end()
  latencies.sort((x, y) => x - y)
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0)
  return { name: 'mysql2 direct: the same dispatch transaction', requestsPerSecond: Math.round(latencies.length / elapsed), p50: at(0.5), p99: at(0.99), errors }
}

/** After the run: no car and no driver with two overlapping dispatched (or running) requests. */
export async function doubleAssignments(databaseUrl: string): Promise<{ vehicles: number; drivers: number; dispatched: number }> {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 2 })
  try {
    const count = async (column: 'vehicle_id' | 'driver_id') => {
      const [[row]] = (await pool.query(
        `SELECT COUNT(*) AS n FROM vehicle_requests a JOIN vehicle_requests b ON b.${column} = a.${column} AND b.id > a.id AND a.start_at < b.end_at AND b.start_at < a.end_at
         WHERE a.status IN ('dispatched','in_progress') AND b.status IN ('dispatched','in_progress')`,
      )) as unknown as [{ n: number }[]]
      return Number(row.n)
    }
    const [[dispatched]] = (await pool.query("SELECT COUNT(*) AS n FROM vehicle_requests WHERE status = 'dispatched' AND purpose = '压测派车 B'")) as unknown as [{ n: number }[]]
    return { vehicles: await count('vehicle_id'), drivers: await count('driver_id'), dispatched: Number(dispatched.n) }
  } finally {
    await pool.end()
  }
}
