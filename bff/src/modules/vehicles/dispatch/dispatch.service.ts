import type { DispatchBoard, Parsed, VehicleDispatch, VehicleRequest } from '@egj/shared'
import { PAGES, hasVisibleText, pageUrl, shanghaiDayStart } from '@egj/shared'
import type { z } from 'zod'
import type { DispatchOptions } from '@egj/shared'
import type { Db, DbOrTx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { QrSigner } from '../../../lib/qr'
import type { NotificationService } from '../../notifications/notifications.service'
import { change, changes, fmt } from '../common/history'
import { recordHistory } from '../common/history.repo'
import { findRequestRow } from '../common/request-row.repo'
import { viewRequest, viewRequestsByIds } from '../common/request-view'
import { presentBoard } from './dispatch.presenter'
import * as repo from './dispatch.repo'

export interface DispatchServiceDeps {
  db: Db
  qr: QrSigner
  notifications: NotificationService
  now?: () => Date
}
const DAY_MS = 24 * 3600_000

/** 派车: the dispatcher's board, the free cars and drivers for a window, and the assignment itself. */
export class DispatchService {
  private readonly now: () => Date
  constructor(private readonly deps: DispatchServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  /** The day's board: requests waiting (any date), that day's dispatched / running ones; every car and driver with their commitments that day. */
  async board(user: AuthUser, date: string): Promise<DispatchBoard> {
    const { db, qr } = this.deps
    const from = shanghaiDayStart(date)
    const to = new Date(from.getTime() + DAY_MS)
    const [waiting, commitments, vehicles, drivers] = await Promise.all([repo.waitingRequestIds(db), repo.commitmentsBetween(db, from, to), repo.boardVehicles(db), repo.boardDrivers(db)])
    const requests = await viewRequestsByIds(db, user, [...waiting, ...commitments.map((c) => c.requestId)])
    return presentBoard({ date, requests, vehicles, drivers, commitments, codeOf: (vehicleId) => qr.url('v', vehicleId) })
  }

  /** Cars and drivers free for the request's window (enough seats, active, on duty). */
  async options(id: number): Promise<z.infer<typeof DispatchOptions>> {
    const request = await findRequestRow(this.deps.db, id)
    if (!request) throw notFound('用车申请')
    return this.freeFor(this.deps.db, request.request)
  }

  private async freeFor(db: DbOrTx, request: { id: number; startAt: Date; endAt: Date; passengers: number }) {
    const [vehicles, drivers] = await Promise.all([repo.freeVehicles(db, request.startAt, request.endAt, request.passengers, request.id), repo.freeDrivers(db, request.startAt, request.endAt, request.id)])
    return { vehicles, drivers }
  }

  /**
   * 派车 / 改派 in one transaction. Locks the request, then the car, then the driver (FOR UPDATE,
   * always in this order, one statement), and only then reads their commitments: a dispatcher
   * assigning the same car or driver at the same moment waits for our commit and then sees our
   * row, so exactly one of two overlapping assignments succeeds. (The plain reads below open the
   * transaction's snapshot after the locks are held: InnoDB's read view starts at the first
   * non-locking read.) A first dispatch is 11 statements with the answer, pushes included.
   */
  async dispatch(user: AuthUser, id: number, input: Parsed<typeof VehicleDispatch>): Promise<VehicleRequest> {
    const { db, notifications } = this.deps
    await withTransaction(db, async (tx) => {
      const locked = (await repo.lockForDispatch(tx, id, input.vehicleId, input.driverId)) ?? notFoundRequest()
      const { request, vehicle, driver } = locked
      const reassign = request.status === 'dispatched'
      if (request.status !== 'approved' && !reassign) throw new AppError('VEHICLE_REQUEST_NOT_DISPATCHABLE')
      // the schema trimmed it; a zero-width space is no reason either
      const reason = input.reason && hasVisibleText(input.reason) ? input.reason : null
      if (reassign && !reason) throw new AppError('VEHICLE_REASSIGN_REASON_REQUIRED')
      if (!vehicle) throw notFound('车辆')
      if (!driver) throw notFound('驾驶员')
      if (reassign && vehicle.id === request.vehicleId && driver.id === request.driverId) return // nothing changes

      const refuse = async (code: 'VEHICLE_UNAVAILABLE' | 'VEHICLE_TOO_FEW_SEATS' | 'DRIVER_OFF_DUTY' | 'VEHICLE_BUSY' | 'DRIVER_BUSY', conflict?: repo.Conflict): Promise<never> => {
        const free = await this.freeFor(tx, request)
        throw new AppError(code, { ...(conflict ? { conflict: { requestId: conflict.requestId, startAt: conflict.startAt.toISOString(), endAt: conflict.endAt.toISOString() } } : {}), free })
      }
      if (vehicle.status !== 'active') await refuse('VEHICLE_UNAVAILABLE')
      if (vehicle.seats < request.passengers) await refuse('VEHICLE_TOO_FEW_SEATS')
      if (!driver.onDuty) await refuse('DRIVER_OFF_DUTY')
      const busy = await repo.conflicts(tx, vehicle.id, driver.id, request.startAt, request.endAt, id)
      if (busy.vehicle) await refuse('VEHICLE_BUSY', busy.vehicle)
      if (busy.driver) await refuse('DRIVER_BUSY', busy.driver)

      const now = this.now()
      // the old car and driver, for 改派's history and the old driver's notice
      const before = reassign ? await findRequestRow(tx, id) : null
      const oldDriver = before?.driver?.id ? before.driver : null
      const toldOldDriver = oldDriver?.userId && oldDriver.userId !== driver.userId ? oldDriver.userId : null
      const people = await repo.people(tx, [request.requesterUserId, driver.userId, ...(toldOldDriver ? [toldOldDriver] : [])])
      const driverName = people.get(driver.userId)?.name ?? ''
      const car = vehicle.plateNo
      await repo.markDispatched(tx, id, { vehicleId: vehicle.id, driverId: driver.id, at: now, byUserId: user.id })
      await recordHistory(tx, {
        requestId: id,
        byUserId: user.id,
        action: reassign ? 'reassigned' : 'dispatched',
        changes: changes(
          change('status', fmt.status(request.status), fmt.status('dispatched')),
          change('vehicle', fmt.vehicle(before?.vehicle?.id ? before.vehicle : null), car),
          change('driver', oldDriver?.name ?? null, driverName),
        ),
        reason,
        at: now,
      })
      const when = fmt.window(request.startAt, request.endAt)
      const link = pageUrl(PAGES.vehicleRequest, { id })
      await notifications.notifyAll(
        tx,
        [
          { userId: request.requesterUserId, message: { title: reassign ? '用车已改派' : '已为您派车', body: `${request.purpose}（${when}）：${car}，驾驶员${driverName}`, link } },
          { userId: driver.userId, message: { title: '新的出车任务', body: `${when}，${request.origin} → ${request.destination}，${request.passengers} 人，车辆 ${car}`, link } },
          ...(toldOldDriver ? [{ userId: toldOldDriver, message: { title: '出车任务已改派', body: `${when} 的任务已改派他人：${reason}`, link } }] : []),
        ],
        people,
      )
    })
    return (await viewRequest(db, user, id))!
  }
}

function notFoundRequest(): never {
  throw notFound('用车申请')
}
