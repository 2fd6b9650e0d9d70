import dayjs from 'dayjs'
import mysql from 'mysql2/promise'
import { shanghaiDate, shanghaiDayStart } from '@egj/shared'

// Issue 20's bench data: a year of a province-sized city (≈ 4.3M 公务餐 payments, 100k visits,
// 130k car requests with their trips, 14k room bookings, a few thousand tickets and loans) over
// 200 units and 10,000 staff, generated inside MariaDB: INSERT … SELECT over the Sequence engine
// (seq_1_to_N), one statement per table or per ~40 days of payments, with FK and unique checks off
// on this session. Every figure is arithmetic on the sequence number and the day, so a run is
// reproducible; times of today stop at the moment of seeding (nothing in the future has happened).

export const HISTORY_DAYS = 365
const STAFF = 10_000
const UNITS = 200
const STAFF_PER_UNIT = STAFF / UNITS
const MERCHANTS = 20
const VEHICLES = 300
const ROOMS = 100
const ASSETS = 1_000

/** Records per day: weekdays heavier (261 weekdays × W + 104 weekend days × E ≈ the year's volume). */
const PER_DAY = {
  payments: { weekday: 14_500, weekend: 5_000 },
  visits: { weekday: 350, weekend: 80 },
  requests: { weekday: 420, weekend: 200 },
  bookings: { weekday: 48, weekend: 14 },
  tickets: { weekday: 10, weekend: 4 },
  loans: { weekday: 7, weekend: 2 },
} as const

export interface SeedVolumes {
  units: number
  staff: number
  payments: number
  visits: number
  requests: number
  trips: number
  bookings: number
  tickets: number
  loans: number
}

type Conn = mysql.Connection

async function one<T>(conn: Conn, sql: string, params: unknown[] = []): Promise<T> {
  const [rows] = (await conn.query(sql, params)) as unknown as [T[]]
  return rows[0]
}

/** The ids of rows just inserted by one INSERT … SELECT, checked to be consecutive (arithmetic below relies on it). */
async function consecutiveIds(conn: Conn, table: string, where: string, expected: number): Promise<number> {
  const row = await one<{ first: number; last: number; n: number }>(conn, `SELECT MIN(id) AS first, MAX(id) AS last, COUNT(*) AS n FROM ${table} WHERE ${where}`)
  const first = Number(row.first)
  if (Number(row.n) !== expected || Number(row.last) - first + 1 !== expected) throw new Error(`${table}: expected ${expected} consecutive ids, got ${row.n} in ${row.first}…${row.last}`)
  return first
}

async function timed(label: string, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now()
  await work()
  console.log(`  ${label.padEnd(44)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`)
}

/**
 * Drops secondary indexes for a bulk load; `restore` adds them back with the definitions SHOW
 * CREATE TABLE gave before (and checks the table's definition is then the same as before).
 */
async function deferIndexes(conn: Conn, table: string, names: string[]): Promise<{ restore: () => Promise<void> }> {
  const showCreate = async () => ((await one<Record<string, string>>(conn, `SHOW CREATE TABLE ${table}`))['Create Table'])
  const before = await showCreate()
  const definitions = names.map((name) => {
    const line = before.split('\n').find((l) => l.trim().startsWith(`KEY \`${name}\``))
    if (!line) throw new Error(`${table}: no index ${name}`)
    return line.trim().replace(/,$/, '')
  })
  await conn.query(`ALTER TABLE ${table} ${names.map((name) => `DROP INDEX \`${name}\``).join(', ')}`)
  return {
    restore: async () => {
      await conn.query(`ALTER TABLE ${table} ${definitions.map((d) => `ADD ${d}`).join(', ')}`)
      const keys = (ddl: string) => ddl.split('\n').filter((l) => /^\s*(UNIQUE )?KEY /.test(l)).map((l) => l.trim().replace(/,$/, '')).sort()
      if (JSON.stringify(keys(await showCreate())) !== JSON.stringify(keys(before))) throw new Error(`${table}: indexes differ after the load`)
    },
  }
}

/** Seeds the year into a migrated database that holds the demo seed. Returns the volumes inserted. */
export async function seedCockpitYear(databaseUrl: string): Promise<SeedVolumes> {
  const conn = await mysql.createConnection({ uri: databaseUrl, timezone: 'Z' })
  try {
    await conn.query("SET time_zone = '+00:00', foreign_key_checks = 0, unique_checks = 0")
    await conn.query('SET @now = UTC_TIMESTAMP(3)')
    const lisiUnit = Number((await one<{ unit_id: number }>(conn, "SELECT unit_id FROM users WHERE username = 'lisi'")).unit_id)

    // 199 bench units + lisi's unit (so the unit-scoped bench as lisi reads a unit as busy as any)
    await conn.query(`INSERT INTO units (name, short_name) SELECT CONCAT('压测单位', LPAD(seq, 3, '0')), CONCAT('压测', seq) FROM seq_1_to_${UNITS - 1}`)
    const firstUnit = await consecutiveIds(conn, 'units', "name LIKE '压测单位%'", UNITS - 1)
    /** unit index 0 … 199 → unit id (0 is lisi's) */
    const unitAt = (i: string) => `IF((${i}) = 0, ${lisiUnit}, ${firstUnit} - 1 + (${i}))`
    /** staff index 0 … 9,999 → their unit id (50 a unit) */
    const unitOf = (k: string) => unitAt(`(${k}) DIV ${STAFF_PER_UNIT}`)

    await conn.query(`INSERT INTO users (name, unit_id, position) SELECT CONCAT('压测员工', LPAD(seq, 5, '0')), ${unitOf('seq - 1')}, '科员' FROM seq_1_to_${STAFF}`)
    const firstUser = await consecutiveIds(conn, 'users', "name LIKE '压测员工%'", STAFF)
    await conn.query(`INSERT INTO user_roles (user_id, role) SELECT ${firstUser} - 1 + seq, 'staff' FROM seq_1_to_${STAFF}`)

    // the calendar: one row per day, today (d = 0) back to d = 365, with each table's count that day
    await conn.query(`CREATE TEMPORARY TABLE bench_days (d INT PRIMARY KEY, day CHAR(10) NOT NULL, start DATETIME(3) NOT NULL, n_pay INT, n_visit INT, n_req INT, n_book INT, n_ticket INT, n_loan INT)`)
    const today = shanghaiDate(new Date())
    const dayRows = Array.from({ length: HISTORY_DAYS + 1 }, (_, d) => {
      const day = dayjs(today).subtract(d, 'day').format('YYYY-MM-DD')
      const weekend = [0, 6].includes(dayjs(day).day())
      const n = (volume: { weekday: number; weekend: number }) => (weekend ? volume.weekend : volume.weekday)
      return [d, day, shanghaiDayStart(day), n(PER_DAY.payments), n(PER_DAY.visits), n(PER_DAY.requests), n(PER_DAY.bookings), n(PER_DAY.tickets), n(PER_DAY.loans)]
    })
    await conn.query('INSERT INTO bench_days VALUES ?', [dayRows])
    /** a staff index spread over everyone, from the sequence number and the day */
    const staffOf = 'MOD(s.seq * 7919 + d.d * 104729, ' + STAFF + ')'

    // 公务餐: 20 canteens with 2 windows each, and 早餐 / 午餐 / 晚餐 (午餐 and 晚餐 capped at 30 元 for 公务)
    await conn.query(`INSERT INTO merchants (name, kind) SELECT CONCAT('压测食堂', seq), 'canteen' FROM seq_1_to_${MERCHANTS}`)
    const firstMerchant = await consecutiveIds(conn, 'merchants', "name LIKE '压测食堂%'", MERCHANTS)
    await conn.query(`INSERT INTO meal_windows (merchant_id, name) SELECT ${firstMerchant} + (seq - 1) DIV 2, CONCAT(IF(seq % 2, '一', '二'), '号窗口') FROM seq_1_to_${MERCHANTS * 2} ORDER BY seq`)
    const firstWindow = await consecutiveIds(conn, 'meal_windows', `merchant_id BETWEEN ${firstMerchant} AND ${firstMerchant + MERCHANTS - 1}`, MERCHANTS * 2)
    await conn.query(
      `INSERT INTO meal_periods (merchant_id, name, start_minute, end_minute, official_cap_fen)
       SELECT ${firstMerchant} + m.seq - 1, p.name, p.start_minute, p.end_minute, p.cap FROM seq_1_to_${MERCHANTS} m
       JOIN (SELECT '早餐' AS name, 420 AS start_minute, 510 AS end_minute, NULL AS cap UNION ALL SELECT '午餐', 690, 780, 3000 UNION ALL SELECT '晚餐', 1050, 1140, 3000) p`,
    )

    const volumes: SeedVolumes = { units: UNITS, staff: STAFF, payments: 0, visits: 0, requests: 0, trips: 0, bookings: 0, tickets: 0, loans: 0 }
    const maxPay = PER_DAY.payments.weekday
    // Rows go in in time order, so the (status|window|merchant, time) indexes grow at their ends. The
    // two (payer, …, time) indexes would be written at 10,000 places at once (more pages than the
    // server's 128 MB buffer pool holds: the third 500k rows took 5× the first): they are dropped for
    // the load and built again after it, by sorting, exactly as the migration defines them.
    const deferred = await deferIndexes(conn, 'meal_payments', ['meal_payments_payer_window_idx', 'meal_payments_payer_created_idx'])
    // oldest days first, so each load appends to the time indexes
    for (let to = HISTORY_DAYS; to >= 0; to -= 40) {
      const from = Math.max(0, to - 39)
      await timed(`meal_payments, days −${to} … −${from}`, async () => {
        // p: 0–2 早餐, 3–7 午餐, 8–9 晚餐; 5% of lunches and dinners 公务, one in 20,000 over the cap
        const [result] = await conn.query(
          `INSERT INTO meal_payments (payer_user_id, payer_unit_id, merchant_id, window_id, period_name, method, official, amount_fen, subsidy_fen, personal_fen, status, created_at, paid_at)
           SELECT payer, unit, merchant, win, period, 'account', official, amount, amount, 0, 'paid', at, at + INTERVAL 1 SECOND FROM (
             SELECT ${firstUser} + k AS payer, ${unitOf('k')} AS unit, ${firstMerchant} + k % ${MERCHANTS} AS merchant, ${firstWindow} + (k % ${MERCHANTS}) * 2 + seq % 2 AS win,
               ELT(1 + (p >= 3) + (p >= 8), '早餐', '午餐', '晚餐') AS period, p >= 3 AND seq % 20 = 0 AS official,
               IF(p < 3, 500 + seq % 500, IF(seq % 20000 = 0, 3500, 1500 + seq % 1500)) AS amount,
               start + INTERVAL (ELT(1 + (p >= 3) + (p >= 8), 420, 690, 1050) * 60 + (seq * 13) % 90 * 60 + seq % 60) SECOND AS at
             FROM (SELECT s.seq, d.d, d.start, ${staffOf} AS k, s.seq % 10 AS p FROM bench_days d JOIN seq_1_to_${maxPay} s ON s.seq <= d.n_pay WHERE d.d BETWEEN ? AND ?) g
           ) r WHERE at < @now ORDER BY at`,
          [from, to],
        )
        volumes.payments += (result as { affectedRows: number }).affectedRows
      })
    }

    await timed('meal_payments: the two payer indexes built again', () => deferred.restore())

    // 访客: visits of the working day, 2 h each; some refused, cancelled, 超时未审批 (today and yesterday), overstaying (today)
    await timed('visits', async () => {
      const [result] = await conn.query(
        `INSERT INTO visits (status, source, visitor_name, id_type, id_number_masked, purpose, host_user_id, host_unit_id, start_at, end_at, escalated_at, decided_at, cancelled_at, checked_in_at, checked_out_at, created_at)
         SELECT CASE WHEN kind = 'rejected' THEN 'rejected' WHEN kind = 'cancelled' THEN 'cancelled' WHEN kind = 'pending' THEN 'pending'
                     WHEN start_at + INTERVAL 5 MINUTE > @now THEN 'approved' WHEN kind = 'overstay' OR start_at + INTERVAL 100 MINUTE > @now THEN 'checked_in' ELSE 'checked_out' END,
           'self', '压测访客', 'id_card', '330***********1234', '压测来访', host, unit, start_at, start_at + INTERVAL 2 HOUR,
           IF(kind = 'pending', created_at + INTERVAL 1 HOUR, NULL),
           IF(kind IN ('pending', 'cancelled'), NULL, created_at + INTERVAL 30 MINUTE),
           IF(kind = 'cancelled', created_at + INTERVAL 2 HOUR, NULL),
           IF(kind IN ('normal', 'overstay') AND start_at + INTERVAL 5 MINUTE <= @now, start_at + INTERVAL 5 MINUTE, NULL),
           IF(kind = 'normal' AND start_at + INTERVAL 100 MINUTE <= @now, start_at + INTERVAL 100 MINUTE, NULL),
           created_at
         FROM (
           SELECT ${firstUser} + k AS host, ${unitOf('k')} AS unit, start + INTERVAL (540 + (seq * 17) % 420) MINUTE AS start_at, start - INTERVAL 1 DAY + INTERVAL (seq % 480) MINUTE AS created_at,
             CASE WHEN seq % 20 = 0 THEN 'rejected' WHEN seq % 20 = 1 THEN 'cancelled' WHEN d <= 1 AND seq % 97 = 5 THEN 'pending' WHEN d = 0 AND seq % 31 = 3 THEN 'overstay' ELSE 'normal' END AS kind
           FROM (SELECT s.seq, d.d, d.start, ${staffOf} AS k FROM bench_days d JOIN seq_1_to_${PER_DAY.visits.weekday} s ON s.seq <= d.n_visit) g
         ) v`,
      )
      volumes.visits = (result as { affectedRows: number }).affectedRows
    })

    // 公务用车: 300 cars, each with a driver (the last 300 staff), requests of the working day (3 h), their trips
    await conn.query(`INSERT INTO vehicles (plate_no, type, seats, energy, unit_id) SELECT CONCAT('浙A·Y', LPAD(seq, 4, '0')), 'sedan', 5, 'fuel', ${unitAt(`(seq - 1) % ${UNITS}`)} FROM seq_1_to_${VEHICLES}`)
    const firstVehicle = await consecutiveIds(conn, 'vehicles', "plate_no LIKE '浙A·Y%'", VEHICLES)
    await conn.query(`INSERT INTO drivers (user_id) SELECT ${firstUser + STAFF - VEHICLES} - 1 + seq FROM seq_1_to_${VEHICLES}`)
    const firstDriver = await consecutiveIds(conn, 'drivers', `user_id >= ${firstUser + STAFF - VEHICLES}`, VEHICLES)
    await timed('vehicle_requests', async () => {
      // today: some still waiting for a car (approved, never dispatched); a running trip only for seq ≤ 300 (one per car)
      const [result] = await conn.query(
        `INSERT INTO vehicle_requests (status, requester_user_id, unit_id, purpose, origin, destination, start_at, end_at, passengers, vehicle_type, vehicle_id, driver_id, decided_at, dispatched_at, cancelled_at, created_at)
         SELECT st, requester, unit, '压测公务出行', '市行政中心', CONCAT('压测目的地', seq % 50), start_at, start_at + INTERVAL 3 HOUR, 2, 'sedan',
           IF(st IN ('dispatched', 'in_progress', 'completed'), vehicle, NULL), IF(st IN ('dispatched', 'in_progress', 'completed'), driver, NULL),
           IF(st = 'cancelled', NULL, created_at + INTERVAL 20 MINUTE), IF(st IN ('dispatched', 'in_progress', 'completed'), created_at + INTERVAL 30 MINUTE, NULL),
           IF(st = 'cancelled', created_at + INTERVAL 1 HOUR, NULL), created_at
         FROM (
           SELECT seq, requester, unit, vehicle, driver, start_at, created_at,
             CASE WHEN seq % 25 = 0 THEN 'cancelled' WHEN seq % 40 = 1 THEN 'rejected' WHEN d = 0 AND seq % 50 = 7 THEN 'approved'
                  WHEN start_at + INTERVAL 3 HOUR <= @now THEN 'completed' WHEN start_at <= @now AND seq <= ${VEHICLES} THEN 'in_progress' ELSE 'dispatched' END AS st
           FROM (
             SELECT s.seq, d.d, ${firstUser} + ${staffOf} AS requester, ${unitOf(staffOf)} AS unit, ${firstVehicle} + (s.seq - 1) % ${VEHICLES} AS vehicle, ${firstDriver} + (s.seq - 1) % ${VEHICLES} AS driver,
               d.start + INTERVAL (480 + (s.seq * 29) % 540) MINUTE AS start_at, d.start - INTERVAL 1 DAY + INTERVAL (s.seq % 600) MINUTE AS created_at
             FROM bench_days d JOIN seq_1_to_${PER_DAY.requests.weekday} s ON s.seq <= d.n_req
           ) g
         ) r`,
      )
      volumes.requests = (result as { affectedRows: number }).affectedRows
    })
    await timed('vehicle_trips', async () => {
      const [result] = await conn.query(
        `INSERT INTO vehicle_trips (request_id, vehicle_id, driver_id, running_vehicle_id, status, started_at, start_odometer_km, finished_at, end_odometer_km, charge_fen)
         SELECT id, vehicle_id, driver_id, IF(status = 'in_progress', vehicle_id, NULL), IF(status = 'in_progress', 'in_progress', 'finished'), start_at, 10000 + id % 50000,
           IF(status = 'completed', end_at, NULL), IF(status = 'completed', 10000 + id % 50000 + 10 + id % 80, NULL), IF(status = 'completed', 5000 + id % 5000, NULL)
         FROM vehicle_requests WHERE purpose = '压测公务出行' AND status IN ('in_progress', 'completed')`,
      )
      volumes.trips = (result as { affectedRows: number }).affectedRows
    })
    // 公车私用 reports: 50 over the last 50 days, 3 still open
    await conn.query(
      `INSERT INTO vehicle_reports (vehicle_id, text, task_at_report, status, resolved_at, resolution_note, created_at)
       SELECT ${firstVehicle} + (seq * 6) % ${VEHICLES}, '压测：疑似公车私用', '{"onTask":false,"requestId":null,"startAt":null,"endAt":null,"destination":null,"requestingUnit":null}',
         IF(seq <= 3, 'open', 'resolved'), IF(seq <= 3, NULL, @now - INTERVAL seq DAY + INTERVAL 1 DAY), IF(seq <= 3, NULL, '已核实'), @now - INTERVAL seq DAY
       FROM seq_1_to_50`,
    )

    // 会议室: 100 rooms open 08:00–18:00, up to 48 meetings a day (distinct rooms), 1 in 17 a no-show
    await conn.query(`INSERT INTO rooms (name, building, floor, capacity, equipment, photos, open_from_minute, open_to_minute) SELECT CONCAT('压测会议室', seq), CONCAT(1 + seq % 5, '号楼'), CONCAT(1 + seq % 10, '楼'), 10 + (seq % 20) * 5, '[]', '[]', 480, 1080 FROM seq_1_to_${ROOMS}`)
    const firstRoom = await consecutiveIds(conn, 'rooms', "name LIKE '压测会议室%'", ROOMS)
    await timed('room_bookings', async () => {
      const [result] = await conn.query(
        `INSERT INTO room_bookings (room_id, organiser_user_id, organiser_unit_id, title, start_at, end_at, attendee_count, services, status, checked_in_at, ended_at, no_show, created_at)
         SELECT room, organiser, unit, '压测会议', start_at, start_at + INTERVAL 90 MINUTE, 8, '{}',
           CASE WHEN start_at + INTERVAL 90 MINUTE > @now THEN 'confirmed' WHEN seq % 17 = 0 THEN 'released' ELSE 'ended' END,
           IF(seq % 17 = 0 OR start_at > @now, NULL, start_at), IF(seq % 17 = 0 OR start_at + INTERVAL 90 MINUTE > @now, NULL, start_at + INTERVAL 90 MINUTE),
           seq % 17 = 0 AND start_at + INTERVAL 90 MINUTE <= @now, start_at - INTERVAL 2 DAY
         FROM (
           SELECT s.seq, ${firstRoom} + (s.seq - 1) % ${ROOMS} AS room, ${firstUser} + ${staffOf} AS organiser, ${unitOf(staffOf)} AS unit, d.start + INTERVAL (540 + (s.seq % 4) * 120) MINUTE AS start_at
           FROM bench_days d JOIN seq_1_to_${PER_DAY.bookings.weekday} s ON s.seq <= d.n_book
         ) b`,
      )
      volumes.bookings = (result as { affectedRows: number }).affectedRows
    })

    // 报修: a few a day, done in 4 h; of the last 3 days one in 3 is still open (some past its 时限)
    await timed('tickets', async () => {
      const [result] = await conn.query(
        `INSERT INTO tickets (kind, category, urgency, status, description, reporter_user_id, unit_id, place, clock_started_at, accept_target_minutes, finish_target_minutes, accept_by, finish_by, accepted_at, finished_at, closed_at, created_at)
         SELECT 'repair', 'water_power', 'normal', IF(still_open, 'submitted', 'closed'), '压测报修：水龙头漏水', reporter, unit, '压测大楼', created_at, 60, 480,
           created_at + INTERVAL 1 HOUR, created_at + INTERVAL 8 HOUR, IF(still_open, NULL, created_at + INTERVAL 20 MINUTE),
           IF(still_open, NULL, created_at + INTERVAL 4 HOUR), IF(still_open, NULL, created_at + INTERVAL 5 HOUR), created_at
         FROM (
           SELECT ${firstUser} + ${staffOf} AS reporter, ${unitOf(staffOf)} AS unit, d.start + INTERVAL (540 + (s.seq * 47) % 480) MINUTE AS created_at,
             (d.d <= 2 AND s.seq % 3 = 0) OR d.start + INTERVAL (540 + (s.seq * 47) % 480 + 240) MINUTE > @now AS still_open
           FROM bench_days d JOIN seq_1_to_${PER_DAY.tickets.weekday} s ON s.seq <= d.n_ticket
         ) t WHERE created_at < @now`,
      )
      volumes.tickets = (result as { affectedRows: number }).affectedRows
    })

    // 公物仓: 1,000 assets, loans of a week handed over at 10:00 and back in 5 days; one in 15 never returned (overdue)
    await conn.query(
      `INSERT INTO assets (unit_id, name, category, \`condition\`, original_value_fen, acquired_on, location, status, registered_by_user_id)
       SELECT ${unitAt(`(seq - 1) % ${UNITS}`)}, CONCAT('压测资产', seq), 'furniture', 'good', 100000, '2024-01-01', '压测仓库', 'in_use', ${firstUser} FROM seq_1_to_${ASSETS}`,
    )
    const firstAsset = await consecutiveIds(conn, 'assets', "name LIKE '压测资产%'", ASSETS)
    await timed('asset_loans', async () => {
      const [result] = await conn.query(
        `INSERT INTO asset_loans (asset_id, owner_unit_id, borrower_user_id, borrower_unit_id, start_date, end_date, purpose, status, decided_at, handed_over_at, returned_at, created_at)
         SELECT asset, owner, borrower, unit, day, DATE_FORMAT(day + INTERVAL 7 DAY, '%Y-%m-%d'), '压测借用',
           CASE WHEN handed > @now THEN 'approved' WHEN never_back OR handed + INTERVAL 5 DAY > @now THEN 'on_loan' ELSE 'returned' END,
           handed - INTERVAL 1 DAY, IF(handed > @now, NULL, handed), IF(never_back OR handed + INTERVAL 5 DAY > @now, NULL, handed + INTERVAL 5 DAY), handed - INTERVAL 2 DAY
         FROM (
           SELECT ${firstAsset} + (d.d * 7 + s.seq) % ${ASSETS} AS asset, ${unitAt(`(d.d * 7 + s.seq) % ${ASSETS} % ${UNITS}`)} AS owner, ${firstUser} + ${staffOf} AS borrower, ${unitOf(staffOf)} AS unit,
             d.day, d.start + INTERVAL 10 HOUR AS handed, s.seq % 15 = 0 AS never_back
           FROM bench_days d JOIN seq_1_to_${PER_DAY.loans.weekday} s ON s.seq <= d.n_loan
         ) l`,
      )
      volumes.loans = (result as { affectedRows: number }).affectedRows
    })

    await timed('ANALYZE TABLE', () => conn.query('ANALYZE TABLE meal_payments, visits, vehicle_requests, vehicle_trips, room_bookings, tickets, asset_loans, users, units'))
    return volumes
  } finally {
    await conn.end()
  }
}
