import { eq, inArray } from 'drizzle-orm'
import type { VehicleType } from '@egj/shared'
import type { Db } from '../client'
import { withTransaction } from '../client'
import { drivers, units, userRoles, users, vehicleRequestHistory, vehicleRequests, vehicles, vehicleTrips } from '../schema'

/** Demo cars (plates stored normalised, without the ·). One is in maintenance so dispatch can refuse it. */
const DEMO_VEHICLES: { plateNo: string; type: VehicleType; seats: number; energy: 'fuel' | 'electric'; unit: string; status?: 'maintenance'; odometerKm: number }[] = [
  { plateNo: '浙A12345', type: 'sedan', seats: 5, energy: 'fuel', unit: '市机关事务管理中心', odometerKm: 35_210 },
  { plateNo: '浙AD12345', type: 'new_energy', seats: 5, energy: 'electric', unit: '市机关事务管理中心', odometerKm: 8_120 },
  { plateNo: '浙A5G678', type: 'business', seats: 7, energy: 'fuel', unit: '市机关事务管理中心', odometerKm: 61_480 },
  { plateNo: '浙A3B210', type: 'minibus', seats: 19, energy: 'fuel', unit: '市机关事务管理中心', status: 'maintenance', odometerKm: 120_305 },
  { plateNo: '浙A7K901', type: 'sedan', seats: 5, energy: 'fuel', unit: '市发改委', odometerKm: 42_760 },
  { plateNo: '浙AD56789', type: 'new_energy', seats: 5, energy: 'electric', unit: '市发改委', odometerKm: 15_030 },
]

/** driver1 (周建华) comes from demo.ts; a second driver so the board has a choice. */
const SECOND_DRIVER = { username: 'driver2', name: '马国栋', unit: '市机关事务管理中心' }

/** Finished trips a few days back, so statistics and the charge-back have something to show. */
const DEMO_TRIPS = [
  { daysAgo: 6, plateNo: '浙A12345', driver: 'driver1', requester: 'zhangsan', purpose: '演示：赴市政府报送材料', origin: '市机关事务管理中心', destination: '杭州市上城区解放东路 18 号', km: 24, tollFen: 0, parkingFen: 1_000, fuelFen: 0, fuelLitres: 2.1 },
  { daysAgo: 5, plateNo: '浙AD12345', driver: 'driver2', requester: 'wangwu', purpose: '演示：项目现场调研', origin: '市发改委', destination: '杭州市萧山区机场城市大道', km: 66, tollFen: 1_500, parkingFen: 500, fuelFen: 1_800, energyKwh: 9.6 },
  { daysAgo: 3, plateNo: '浙A5G678', driver: 'driver1', requester: 'zhangsan', purpose: '演示：接待来访团组', origin: '市机关事务管理中心', destination: '杭州市西湖区曙光路 122 号', km: 38, tollFen: 0, parkingFen: 2_000, fuelFen: 0, fuelLitres: 4.3 },
]

const CHARGE_PER_KM_FEN = 150
const DAY = 86_400_000

/** Idempotent: cars and drivers by plate / user; the demo trips once (by their purpose). */
export async function seedVehiclesDemo(db: Db): Promise<void> {
  await withTransaction(db, async (tx) => {
    const unitRows = await tx.select({ id: units.id, name: units.name }).from(units)
    const unitId = (name: string) => unitRows.find((u) => u.name === name)?.id ?? null

    for (const car of DEMO_VEHICLES) {
      const [existing] = await tx.select({ id: vehicles.id }).from(vehicles).where(eq(vehicles.plateNo, car.plateNo))
      if (existing) continue
      await tx.insert(vehicles).values({ plateNo: car.plateNo, type: car.type, seats: car.seats, energy: car.energy, unitId: unitId(car.unit), status: car.status ?? 'active', lastOdometerKm: car.odometerKm })
    }

    const [second] = await tx.select({ id: users.id }).from(users).where(eq(users.username, SECOND_DRIVER.username))
    if (!second) {
      const [created] = await tx.insert(users).values({ username: SECOND_DRIVER.username, name: SECOND_DRIVER.name, unitId: unitId(SECOND_DRIVER.unit) })
      await tx.insert(userRoles).values({ userId: created.insertId, role: 'driver' })
    }
    const people = await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ['driver1', 'driver2', 'zhangsan', 'wangwu', 'dispatcher1', 'lisi']))
    const userId = (username: string) => people.find((p) => p.username === username)?.id
    for (const username of ['driver1', 'driver2']) {
      const id = userId(username)
      if (!id) continue
      const [existing] = await tx.select({ id: drivers.id }).from(drivers).where(eq(drivers.userId, id))
      if (!existing) await tx.insert(drivers).values({ userId: id, onDuty: true })
    }

    const [done] = await tx.select({ id: vehicleRequests.id }).from(vehicleRequests).where(eq(vehicleRequests.purpose, DEMO_TRIPS[0].purpose))
    if (done) return
    const driverRows = await tx.select({ id: drivers.id, userId: drivers.userId }).from(drivers)
    const dispatcher = userId('dispatcher1')
    for (const trip of DEMO_TRIPS) {
      const [car] = await tx.select().from(vehicles).where(eq(vehicles.plateNo, trip.plateNo))
      const requester = userId(trip.requester)
      const driverUserId = userId(trip.driver)
      const driver = driverRows.find((d) => d.userId === driverUserId)
      const [requesterRow] = requester ? await tx.select({ unitId: users.unitId }).from(users).where(eq(users.id, requester)) : []
      if (!car || !requester || !driver || !dispatcher) continue
      // a morning window, days back; the trip ran inside it
      const day = new Date(Math.floor((Date.now() - trip.daysAgo * DAY) / DAY) * DAY)
      const startAt = new Date(day.getTime() + 1 * 3600_000) // 09:00 in Shanghai
      const endAt = new Date(day.getTime() + 4 * 3600_000)
      const [request] = await tx.insert(vehicleRequests).values({
        status: 'completed',
        requesterUserId: requester,
        unitId: requesterRow?.unitId ?? null,
        purpose: trip.purpose,
        origin: trip.origin,
        destination: trip.destination,
        startAt,
        endAt,
        passengers: 2,
        decidedByUserId: userId('lisi') ?? null,
        decidedAt: new Date(startAt.getTime() - DAY),
        vehicleId: car.id,
        driverId: driver.id,
        dispatchedAt: new Date(startAt.getTime() - DAY / 2),
        dispatchedByUserId: dispatcher,
        createdAt: new Date(startAt.getTime() - 2 * DAY),
      })
      const start = car.lastOdometerKm
      const end = start + trip.km
      await tx.insert(vehicleTrips).values({
        requestId: request.insertId,
        vehicleId: car.id,
        driverId: driver.id,
        runningVehicleId: null,
        status: 'finished',
        startedAt: new Date(startAt.getTime() + 5 * 60_000),
        startOdometerKm: start,
        finishedAt: new Date(endAt.getTime() - 20 * 60_000),
        endOdometerKm: end,
        tollFen: trip.tollFen,
        parkingFen: trip.parkingFen,
        fuelFen: trip.fuelFen,
        energyKwh: trip.energyKwh ?? null,
        fuelLitres: trip.fuelLitres ?? null,
        chargeFen: trip.km * CHARGE_PER_KM_FEN + trip.tollFen + trip.parkingFen + trip.fuelFen,
      })
      await tx.update(vehicles).set({ lastOdometerKm: end }).where(eq(vehicles.id, car.id))
      await tx.insert(vehicleRequestHistory).values([
        { requestId: request.insertId, byUserId: requester, action: 'created', changes: [], createdAt: new Date(startAt.getTime() - 2 * DAY) },
        { requestId: request.insertId, byUserId: driverUserId!, action: 'trip_started', changes: [{ field: '出车里程', from: null, to: `${start} 公里` }], createdAt: new Date(startAt.getTime() + 5 * 60_000) },
        { requestId: request.insertId, byUserId: driverUserId!, action: 'trip_finished', changes: [{ field: '收车里程', from: null, to: `${end} 公里` }], createdAt: new Date(endAt.getTime() - 20 * 60_000) },
      ])
    }
  })
}
