import { PublicReportCreate, REPORT_PHOTO_MAX_BYTES, type Parsed, type PublicVehicle } from '@egj/shared'
import { RateLimiterRes, type RateLimiterMySQL } from 'rate-limiter-flexible'
import type { Database } from '../../../db/client'
import { AppError, notFound } from '../../../lib/errors'
import { mysqlLimiter, retryAfterSeconds } from '../../../lib/rate-limit'
import type { QrSigner } from '../../../lib/qr'
import { presentPublicVehicle, taskSnapshot } from './public.presenter'
import * as repo from './public.repo'

/** A shared address (NAT, a carrier's gateway) may carry several devices: with a device id, the address gets this many times the device's limit. */
const DEVICES_PER_ADDRESS = 4
const DEVICE_ID = /^[\w-]{8,64}$/

const JPEG = Buffer.from([0xff, 0xd8, 0xff])
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** The image type its bytes say it is (not what the data URL claims), or null. */
function imageTypeOf(bytes: Buffer): 'image/jpeg' | 'image/png' | null {
  if (bytes.subarray(0, 3).equals(JPEG)) return 'image/jpeg'
  if (bytes.subarray(0, 8).equals(PNG)) return 'image/png'
  return null
}

const photoProblem = (message: string) => new AppError('VALIDATION_FAILED', { in: 'body', issues: [{ path: 'photo', message }] }, message)

export interface PublicVehicleServiceDeps {
  database: Database
  qr: QrSigner
  reportsPerHour: number
  now?: () => Date
}

/** 亮身份: anyone scanning a car's code sees whether it is on official business, and may report it. */
export class PublicVehicleService {
  private readonly addressLimiter: RateLimiterMySQL
  private readonly deviceLimiter: RateLimiterMySQL

  constructor(private readonly deps: PublicVehicleServiceDeps) {
    this.addressLimiter = mysqlLimiter(deps.database, 'vreport_ip', deps.reportsPerHour * DEVICES_PER_ADDRESS, 3600)
    this.deviceLimiter = mysqlLimiter(deps.database, 'vreport_dev', deps.reportsPerHour, 3600)
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date()
  }

  /** The token's car (signature checked) and its task now: one read, no cache (it would save no statement). */
  private async car(token: string) {
    const id = Number(this.deps.qr.verify(token, 'v').payload[0])
    const found = Number.isSafeInteger(id) ? await repo.findPublicVehicle(this.deps.database.db, id, this.now()) : null
    if (!found) throw notFound('车辆')
    return found
  }

  async get(token: string): Promise<PublicVehicle> {
    const { car, task } = await this.car(token)
    return presentPublicVehicle(car, task)
  }

  /** A 公车私用 report: limited per device and per address, the photo checked by its bytes, the car's task kept as it was. */
  async report(token: string, input: Parsed<typeof PublicReportCreate>, client: { ip: string; deviceId: string }): Promise<{ id: number; message: string }> {
    const { car, task } = await this.car(token)
    let photo: Buffer | null = null
    let photoType: string | null = null
    if (input.photo) {
      photo = Buffer.from(input.photo.slice(input.photo.indexOf(',') + 1), 'base64')
      if (photo.length > REPORT_PHOTO_MAX_BYTES) throw photoProblem('照片过大，请重新拍摄（不超过 1 MB）')
      photoType = imageTypeOf(photo)
      if (!photoType) throw photoProblem('照片不是有效的 JPEG 或 PNG 图片')
    }
    await this.limit(client)
    const id = await repo.insertReport(this.deps.database.db, {
      vehicleId: car.id,
      text: input.text,
      photo,
      photoType,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      taskAtReport: taskSnapshot(task),
    })
    return { id, message: '已收到您的反映，我们会尽快核实处理' }
  }

  private async limit({ ip, deviceId }: { ip: string; deviceId: string }): Promise<void> {
    const device = DEVICE_ID.test(deviceId) ? deviceId : null
    try {
      // without a device id the address alone carries the limit (all its points at once)
      await this.addressLimiter.consume(ip, device ? 1 : DEVICES_PER_ADDRESS)
      if (device) await this.deviceLimiter.consume(device)
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: retryAfterSeconds(rejection.msBeforeNext) }, '反映提交太频繁，请稍后再试')
    }
  }
}
