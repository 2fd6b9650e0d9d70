import os from 'node:os'
import type { Env } from './env'
import type { Database } from './db/client'
import { DingtalkClient } from './adapters/dingtalk'
import { WechatMiniProgramClient } from './adapters/wechat'
import { PiiCipher } from './lib/crypto'
import { JobRunner } from './lib/jobs'
import type { Logger } from './lib/logger'
import { QrSigner } from './lib/qr'
import { AuthService } from './modules/auth/auth.service'
import { dingtalkChannel, wechatChannel } from './modules/notifications/channels'
import { NotificationService } from './modules/notifications/notifications.service'

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
  notifications: NotificationService
  jobs: JobRunner
}

export function createServices(env: Env, database: Database, log: Logger): Services {
  const pii = new PiiCipher(env.PII_KEY)
  const wechat = new WechatMiniProgramClient({ apiBase: env.WECHAT_API_BASE, appId: env.WECHAT_APPID, secret: env.WECHAT_SECRET })
  const dingtalk = new DingtalkClient({ apiBase: env.DINGTALK_API_BASE, appKey: env.DINGTALK_APPKEY, appSecret: env.DINGTALK_APPSECRET, agentId: env.DINGTALK_AGENT_ID })
  const notifications = new NotificationService(database.db, [wechatChannel(wechat, env.WECHAT_NOTICE_TEMPLATE_ID), dingtalkChannel(dingtalk)], log)
  const jobs = new JobRunner(database, log, `${os.hostname()}:${process.pid}`)
  jobs.register('notifications.deliver', 5_000, () => notifications.deliverDue())
  return {
    env,
    database,
    log,
    pii,
    qr: new QrSigner(env.QR_SECRET, env.PUBLIC_BASE_URL),
    wechat,
    dingtalk,
    auth: new AuthService({ db: database.db, wechat, dingtalk, pii, sessionTtlHours: env.SESSION_TTL_HOURS }),
    notifications,
    jobs,
  }
}
