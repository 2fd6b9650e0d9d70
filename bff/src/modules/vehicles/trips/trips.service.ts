import { PAGES, TRIP_EARLY_START_MINUTES, inShanghai, pageUrl, type Parsed, type Trip, type TripFinish, type TripStart } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { isDuplicateKey, withTransaction } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { QrSigner } from '../../../lib/qr'
import type { NotificationService } from '../../notifications/notifications.service'
import { change, changes, fmt } from '../common/history'
import { recordHistory } from '../common/history.repo'
import { driverOfUser, findRequestRow, lockRequest, updateRequest } from '../common/request-row.repo'
import { canSeeRequest } from '../common/request.policy'
import { viewRequest } from '../common/request-view'
import { presentScannedVehicle, type VehicleScanned } from './trips.presenter'
import * as repo from './trips.repo'

const EARLY_MS = TRIP_EARLY_START_MINUTES * 60_000
/** Two odometer readings, each rounded to the km, may be off by a few km: the speed check allows this much. */
const READING_SLACK_KM = 5

// a request's own page (the request/ page is the form for a new one)
export interface TripServiceDeps {
  db: Db
  qr: QrSigner
  notifications: NotificationService
  /** a trip longer than this is refused as implausible */
  maxKm: number
  /** …and so is a higher average speed over the trip's elapsed time */
  maxAvgKmh: number
  /** charge-back per km, plus the trip's actual costs */
  chargePerKmFen: number
  now?: () => Date
}

/** The driver at the car: scan, start (出车) and finish (收车) a dispatched task. */
export class TripService {
  constructor(private readonly deps: TripServiceDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date()
  }

  /** The car of a scanned code (URL, token or short code); forged → QR_FORGED. */
  private async vehicleOf(code: string): Promise<repo.VehicleWithUnit> {
    const id = Number(this.deps.qr.verify(code, 'v').payload[0])
    const row = Number.isSafeInteger(id) ? await repo.findVehicle(this.deps.db, id) : null
    if (!row) throw notFound('车辆')
    return row
  }

  /**
   * A scan: the dispatched driver sees their task on this car (running, or the next one with
   * whether it may start now); anyone else is logged (who, when, which car) and sees the car.
   */
  async scan(user: AuthUser, code: string): Promise<VehicleScanned> {
    const { db } = this.deps
    const car = await this.vehicleOf(code)
    const now = this.now()
    const driver = await driverOfUser(db, user.id)
    const mine = driver ? await repo.nextTaskOf(db, car.vehicle.id, driver.id, now) : null
    if (!mine) {
      await repo.insertScan(db, car.vehicle.id, user.id)
      return presentScannedVehicle(car, { task: null, trip: null, canStart: false, startBlockedReason: driver ? '本车当前没有派给您的任务' : '您不是本车的派车驾驶员' })
    }
    const task = await viewRequest(db, user, mine.id)
    if (mine.status === 'in_progress') return presentScannedVehicle(car, { task, trip: task?.trip ?? null, canStart: false, startBlockedReason: null })
    const blocked = await this.startBlocked(car, mine.startAt, now)
    return presentScannedVehicle(car, { task, trip: null, canStart: !blocked, startBlockedReason: blocked })
  }

  /** Why the dispatched driver cannot start now, or null. */
  private async startBlocked(car: repo.VehicleWithUnit, startAt: Date, now: Date): Promise<string | null> {
    if (now.getTime() < startAt.getTime() - EARLY_MS) {
      const from = inShanghai(startAt.getTime() - EARLY_MS)
      return `还未到出车时间（${from.format(from.isSame(inShanghai(now), 'day') ? 'HH:mm' : 'M月D日 HH:mm')} 起可出车）`
    }
    if (car.vehicle.status !== 'active') return '该车辆正在维修或已报废，不能出车'
    if (await repo.runningTripOn(this.deps.db, car.vehicle.id)) return '本车上一趟行程尚未收车'
    return null
  }

  /** 出车: only the dispatched driver, from 30 minutes before the window until its end, never below the car's last reading. */
  async start(user: AuthUser, input: Parsed<typeof TripStart>, idempotencyKey: string): Promise<Trip> {
    const { db } = this.deps
    const car = await this.vehicleOf(input.code)
    const result = await idempotent<Trip>(
      db,
      { userId: user.id, scope: `vehicles.trip-start:${car.vehicle.id}`, key: idempotencyKey, body: input },
      {
        work: async (tx) => ({ id: await this.startIn(tx, user, car.vehicle.id, input.odometerKm) }),
        present: (tripId) => this.present(user, tripId),
      },
    )
    return result.response
  }

  private async startIn(tx: Tx, user: AuthUser, vehicleId: number, odometerKm: number): Promise<number> {
    const now = this.now()
    const driver = await driverOfUser(tx, user.id)
    const mine = driver ? await repo.nextTaskOf(tx, vehicleId, driver.id, now) : null
    if (!driver || !mine) {
      const someone = await repo.anyCurrentTask(tx, vehicleId, now, new Date(now.getTime() + EARLY_MS))
      throw new AppError(someone || !driver ? 'TRIP_NOT_YOUR_TASK' : 'TRIP_NO_TASK')
    }
    if (mine.status === 'in_progress') throw new AppError('TRIP_ALREADY_RUNNING', undefined, '这趟任务已经出车了')
    if (now.getTime() < mine.startAt.getTime() - EARLY_MS) throw new AppError('TRIP_TOO_EARLY', { startAt: mine.startAt.toISOString(), earliestAt: new Date(mine.startAt.getTime() - EARLY_MS).toISOString() })

    // request before car (the order dispatch locks in), then check again what may have changed
    const request = await lockRequest(tx, mine.id)
    const vehicle = await repo.lockVehicle(tx, vehicleId)
    if (!request || !vehicle) throw notFound('用车任务')
    if (request.status === 'in_progress') throw new AppError('TRIP_ALREADY_RUNNING', undefined, '这趟任务已经出车了')
    if (request.status !== 'dispatched' || request.vehicleId !== vehicleId || request.driverId !== driver.id) throw new AppError('TRIP_NO_TASK')
    if (vehicle.status !== 'active') throw new AppError('VEHICLE_UNAVAILABLE', undefined, '该车辆正在维修或已报废，不能出车')
    if (odometerKm < vehicle.lastOdometerKm) throw new AppError('TRIP_ODOMETER_BACKWARDS', { lastOdometerKm: vehicle.lastOdometerKm }, `里程读数不能小于本车上次的读数（${vehicle.lastOdometerKm} 公里），请核对`)
    if (await repo.runningTripOn(tx, vehicleId)) throw new AppError('TRIP_ALREADY_RUNNING', undefined, '本车上一趟行程尚未收车')

    let tripId: number
    try {
      tripId = await repo.insertTrip(tx, { requestId: request.id, vehicleId, driverId: driver.id, startedAt: now, startOdometerKm: odometerKm })
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('TRIP_ALREADY_RUNNING')
      throw error
    }
    await updateRequest(tx, request.id, { status: 'in_progress' })
    await recordHistory(tx, { requestId: request.id, byUserId: user.id, action: 'trip_started', changes: changes(change('status', fmt.status('dispatched'), fmt.status('in_progress')), change('startOdometer', null, fmt.km(odometerKm))), at: now })
    await this.deps.notifications.notify(tx, request.requesterUserId, {
      title: '车辆已出发',
      body: `${request.purpose}：${vehicle.plateNo} 已由${user.name}驾驶出车（${fmt.time(now)}）`,
      link: pageUrl(PAGES.vehicleRequest, { id: request.id }),
    })
    return tripId
  }

  /** 收车: that trip's driver, while it runs (those who see the trip's request are told why not; anyone else 404); the distance must be plausible; the requesting unit is charged. */
  async finish(user: AuthUser, tripId: number, input: Parsed<typeof TripFinish>): Promise<Trip> {
    const { db, maxKm, maxAvgKmh, chargePerKmFen } = this.deps
    const found = await repo.findTrip(db, tripId)
    if (!found) throw notFound('行程')
    const driver = await driverOfUser(db, user.id)
    if (found.driverId !== driver?.id) {
      // a trip is seen through its request: whoever may not see that is told no more than of a missing trip
      const row = await findRequestRow(db, found.requestId)
      if (!row || !canSeeRequest(user, row)) throw notFound('行程')
      throw new AppError('TRIP_NOT_YOUR_TASK', undefined, '只有这趟行程的驾驶员可以收车')
    }

    await withTransaction(db, async (tx) => {
      const now = this.now()
      const request = await lockRequest(tx, found.requestId)
      const vehicle = await repo.lockVehicle(tx, found.vehicleId)
      const trip = await repo.lockTrip(tx, tripId)
      if (!request || !vehicle || !trip) throw notFound('行程')
      if (trip.status !== 'in_progress') throw new AppError('TRIP_NOT_RUNNING')
      if (input.odometerKm < trip.startOdometerKm) throw new AppError('TRIP_ODOMETER_BACKWARDS', { startOdometerKm: trip.startOdometerKm }, `收车里程不能小于出车里程（${trip.startOdometerKm} 公里），请核对`)
      const distanceKm = input.odometerKm - trip.startOdometerKm
      const hours = Math.max(0, now.getTime() - trip.startedAt.getTime()) / 3600_000
      if (distanceKm > maxKm) throw new AppError('TRIP_DISTANCE_IMPLAUSIBLE', { distanceKm, maxKm }, `本趟行驶 ${distanceKm} 公里，超过 ${maxKm} 公里，请核对收车里程`)
      if (distanceKm > maxAvgKmh * hours + READING_SLACK_KM) {
        throw new AppError('TRIP_DISTANCE_IMPLAUSIBLE', { distanceKm, hours: Math.round(hours * 100) / 100, maxAvgKmh }, `本趟 ${formatDuration(hours)}行驶 ${distanceKm} 公里，平均时速超过 ${maxAvgKmh} 公里，请核对收车里程`)
      }
      const tollFen = input.tollFen ?? 0
      const parkingFen = input.parkingFen ?? 0
      const fuelFen = input.fuelFen ?? 0
      const chargeFen = distanceKm * chargePerKmFen + tollFen + parkingFen + fuelFen
      await repo.finishTrip(tx, tripId, { finishedAt: now, endOdometerKm: input.odometerKm, tollFen, parkingFen, fuelFen, energyKwh: input.energyKwh ?? null, fuelLitres: input.fuelLitres ?? null, chargeFen })
      await repo.setLastOdometer(tx, vehicle.id, Math.max(vehicle.lastOdometerKm, input.odometerKm))
      await updateRequest(tx, request.id, { status: 'completed' })
      await recordHistory(tx, {
        requestId: request.id,
        byUserId: user.id,
        action: 'trip_finished',
        changes: changes(
          change('status', fmt.status('in_progress'), fmt.status('completed')),
          change('endOdometer', null, fmt.km(input.odometerKm)),
          change('distance', null, fmt.km(distanceKm)),
          change('toll', null, tollFen ? fmt.money(tollFen) : null),
          change('parking', null, parkingFen ? fmt.money(parkingFen) : null),
          change('fuel', null, fuelFen ? fmt.money(fuelFen) : null),
          change('energy', null, input.energyKwh === undefined ? null : `${input.energyKwh} 千瓦时`),
          change('fuelLitres', null, input.fuelLitres === undefined ? null : `${input.fuelLitres} 升`),
          change('charge', null, fmt.money(chargeFen)),
        ),
        at: now,
      })
      await this.deps.notifications.notify(tx, request.requesterUserId, {
        title: '用车已完成，请评价',
        body: `${request.purpose}：${vehicle.plateNo} 已收车，行驶 ${distanceKm} 公里。欢迎对本次用车进行评价`,
        link: pageUrl(PAGES.vehicleRequest, { id: request.id }),
      })
    })
    return this.present(user, tripId)
  }

  private async present(user: AuthUser, tripId: number): Promise<Trip> {
    const trip = await repo.findTrip(this.deps.db, tripId)
    const view = trip ? await viewRequest(this.deps.db, user, trip.requestId) : null
    if (!view?.trip) throw notFound('行程')
    return view.trip
  }
}

/** 1.5 → "1 小时 30 分钟内"; under an hour → "25 分钟内". */
function formatDuration(hours: number): string {
  const minutes = Math.max(1, Math.round(hours * 60))
  return minutes >= 60 ? `${Math.floor(minutes / 60)} 小时${minutes % 60 ? ` ${minutes % 60} 分钟` : ''}内` : `${minutes} 分钟内`
}
