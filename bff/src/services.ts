import os from 'node:os'
import type { Env } from './env'
import type { Database } from './db/client'
import path from 'node:path'
import { DingtalkClient } from './adapters/dingtalk'
import { WechatPayClient } from './adapters/wechatpay'
import { loadOrCreateDevKeys } from './adapters/wechatpay-keys'
import { WechatMiniProgramClient } from './adapters/wechat'
import { PiiCipher } from './lib/crypto'
import { JobRunner } from './lib/jobs'
import type { Logger } from './lib/logger'
import { QrSigner } from './lib/qr'
import { AuthService } from './modules/auth/auth.service'
import { OrgService } from './modules/org/org.service'
import { dingtalkChannel, wechatChannel } from './modules/notifications/channels'
import { NotificationService } from './modules/notifications/notifications.service'
import { MealService } from './modules/meal/meal.service'
import { wechatPayGateway } from './modules/meal/wechatpay-gateway'
import { MealAdminService } from './modules/meal/meal-admin.service'
import { SettlementService } from './modules/meal/settlement.service'
import { purgeIdempotencyKeys } from './lib/idempotency'

/** Everything a route may call, built once per app from the validated env. */
export interface Services {
  env: Env
  database: Database
  log: Logger
  pii: PiiCipher
  qr: QrSigner
  wechat: WechatMiniProgramClient
  dingtalk: DingtalkClient
  auth: AuthService
  org: OrgService
  notifications: NotificationService
  wechatPay: WechatPayClient
  meal: MealService
  mealAdmin: MealAdminService
  settlement: SettlementService
  jobs: JobRunner
}

/** WeChat Pay keys from the environment; outside production, generated dev keys shared with the simulator. */
function wechatPayKeys(env: Env) {
  if (env.WECHATPAY_MERCHANT_PRIVATE_KEY && env.WECHATPAY_MERCHANT_SERIAL && env.WECHATPAY_API_V3_KEY && env.WECHATPAY_PLATFORM_PUBLIC_KEY && env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID) {
    return {
      merchantPrivateKeyPem: env.WECHATPAY_MERCHANT_PRIVATE_KEY,
      merchantSerialNo: env.WECHATPAY_MERCHANT_SERIAL,
      apiV3Key: env.WECHATPAY_API_V3_KEY,
      platformPublicKeyPem: env.WECHATPAY_PLATFORM_PUBLIC_KEY,
      platformPublicKeyId: env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID,
    }
  }
  return loadOrCreateDevKeys(path.resolve(env.WECHATPAY_DEV_KEYS_DIR))
}

export function createServices(env: Env, database: Database, log: Logger): Services {
  const pii = new PiiCipher(env.PII_KEY)
  const wechat = new WechatMiniProgramClient({ apiBase: env.WECHAT_API_BASE, appId: env.WECHAT_APPID, secret: env.WECHAT_SECRET })
  const dingtalk = new DingtalkClient({ apiBase: env.DINGTALK_API_BASE, appKey: env.DINGTALK_APPKEY, appSecret: env.DINGTALK_APPSECRET, agentId: env.DINGTALK_AGENT_ID })
  const notifications = new NotificationService(database.db, [wechatChannel(wechat, env.WECHAT_NOTICE_TEMPLATE_ID), dingtalkChannel(dingtalk)], log)
  const qr = new QrSigner(env.QR_SECRET, env.PUBLIC_BASE_URL)
  const wechatPay = new WechatPayClient({
    apiBase: env.WECHATPAY_API_BASE,
    mchid: env.WECHATPAY_MCHID,
    appid: env.WECHAT_APPID,
    notifyUrl: `${env.PUBLIC_BASE_URL}/api/v1/pay/wechat/notify`,
    ...wechatPayKeys(env),
  })
  const meal = new MealService(database.db, qr, wechatPayGateway(wechatPay, env.PUBLIC_BASE_URL), notifications, log, env.PUBLIC_BASE_URL)
  const jobs = new JobRunner(database, log, `${os.hostname()}:${process.pid}`)
  jobs.register('notifications.deliver', 5_000, () => notifications.deliverDue())
  jobs.register('meal.recover-wechat-orders', 30_000, () => meal.recoverStaleOrders())
  jobs.register('idempotency.purge', 3600_000, () => purgeIdempotencyKeys(database.db))
  return {
    env,
    database,
    log,
    pii,
    qr,
    wechat,
    dingtalk,
    auth: new AuthService({ db: database.db, wechat, dingtalk, pii, sessionTtlHours: env.SESSION_TTL_HOURS }),
    org: new OrgService({ db: database.db }),
    notifications,
    wechatPay,
    meal,
    mealAdmin: new MealAdminService(database.db, qr),
    settlement: new SettlementService(database.db, wechatPay),
    jobs,
  }
}
