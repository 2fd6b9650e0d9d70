import http from 'node:http'
import path from 'node:path'
import pino from 'pino'
import supertest from 'supertest'
import { createApp } from '../src/app'
import { answerClientErrors } from '../src/lib/client-errors'
import { connectDatabase, type Database } from '../src/db/client'
import { EnvSchema, type Env } from '../src/env'
import { createLogger, type Logger } from '../src/lib/logger'
import { createDingtalkSimulator } from '../src/simulators/dingtalk'
import { listen } from '../src/simulators/sim-server'
import { createWechatSimulator } from '../src/simulators/wechat'
import { createWechatPaySimulator } from '../src/simulators/wechatpay'
import { createSmsSimulator } from '../src/simulators/sms'
import { createZzdSimulator } from '../src/simulators/zzd'
import { generateDevWechatPayKeys, type DevWechatPayKeys } from '../src/adapters/wechatpay-keys'
import type { Services } from '../src/services'
import { testDatabaseUrl } from './databases'

export interface TestApp {
  env: Env
  url: string
  services: Services
  database: Database
  http: ReturnType<typeof supertest>
  wechatSim: ReturnType<typeof createWechatSimulator> & { url: string }
  dingtalkSim: ReturnType<typeof createDingtalkSimulator> & { url: string }
  paySim: ReturnType<typeof createWechatPaySimulator> & { url: string }
  /** 阿里云短信 SIMULATOR: the texts it accepted (a firm's 派单 SMS) */
  smsSim: ReturnType<typeof createSmsSimulator> & { url: string }
  /** 浙政钉 SIMULATOR: `mintAuthCode(accountId, { pc })` stands in for gdt-jsapi getAuthCode; `messages()` are the 钉消息 it received */
  zzdSim: ReturnType<typeof createZzdSimulator> & { url: string }
  /** the dev WeChat Pay keys both sides use (the platform private key signs notifications) */
  payKeys: DevWechatPayKeys
  /** dev-login and return the bearer token */
  login(username: string): Promise<string>
  close(): Promise<void>
}

/**
 * A real Koa server on a free port, against this worker's real MariaDB database, with the
 * WeChat and DingTalk simulators on their own ports — the same parts production runs.
 */
let keys: DevWechatPayKeys | undefined

/** The 浙政钉 app the tests' BFF and simulator share (tenantId: the organisation's 租户). */
export const ZZD_TEST = { appKey: 'egj-zzd-test', appSecret: 'zzd-test-secret', tenantId: '196729' }

/** Where test runs write the BFF's logs (the repo's gitignored data dir), one file per jest project and worker. */
export const TEST_LOG_DIR = path.resolve(__dirname, '../../.data/test-logs')

interface TestLogFile {
  project: string
  destination: ReturnType<typeof pino.destination>
  log: Logger
  /** what the logger writes to: once the file is closed, a request still running in a closed app (its client gone) logs nowhere instead of throwing */
  sink: { closed: boolean; write(line: string): void }
  /** running apps that write to it: the last one to close closes the file */
  apps: number
}
let testLogFile: TestLogFile | undefined

/**
 * The production logger (info, with its redaction) writing to `.data/test-logs/<project>-<worker>.log`,
 * as a deployment would write its logs: the leak check greps these after the run for tokens, ID
 * numbers and mobiles. Asynchronous (sonic-boom), appended to by every test file of the worker.
 */
export function testLogger(project: 'bff' | 'e2e'): Logger {
  if (testLogFile?.project === project) return testLogFile.log
  const destination = pino.destination({ dest: path.join(TEST_LOG_DIR, `${project}-${process.env.JEST_WORKER_ID ?? '1'}.log`), append: true, sync: false, mkdir: true })
  const sink = {
    closed: false,
    write(line: string) {
      if (!sink.closed) destination.write(line)
    },
  }
  testLogFile = { project, destination, sink, log: createLogger('info', sink), apps: 0 }
  return testLogFile.log
}

/** Everything written is on disk and the file closed (before jest moves on, or ends the worker). */
async function closeTestLog(file: TestLogFile): Promise<void> {
  if (testLogFile === file) testLogFile = undefined
  file.sink.closed = true
  await new Promise<void>((resolve) => {
    file.destination.once('close', () => resolve())
    file.destination.once('error', () => resolve())
    file.destination.end()
  })
}

/** `options.log`: a logger of the test's own (e.g. writing to a stream it reads back); else the run's log file (see testLogger). */
export async function startTestApp(overrides: Record<string, string> = {}, options: { log?: Logger } = {}): Promise<TestApp> {
  keys ??= generateDevWechatPayKeys()
  const appId = 'wxtest0000000001'
  const secret = 'test-wechat-secret'
  const wechat = createWechatSimulator({ appId, secret })
  const dingtalk = createDingtalkSimulator({ appKey: 'dingtestkey', appSecret: 'dingtestsecret', agentId: '900001' })
  const wechatServer = await listen(wechat.app)
  const dingtalkServer = await listen(dingtalk.app)
  const mchid = '1900000109'
  const pay = createWechatPaySimulator({
    mchid,
    appid: appId,
    apiV3Key: keys.apiV3Key,
    merchantPublicKeyPem: keys.merchantPublicKeyPem,
    merchantSerialNo: keys.merchantSerialNo,
    platformPrivateKeyPem: keys.platformPrivateKeyPem,
    platformPublicKeyId: keys.platformPublicKeyId,
    merchantName: 'e管家测试商户',
    retryScheduleMs: [100, 200, 400],
  })
  const payServer = await listen(pay.app)
  const sms = createSmsSimulator({ accessKeyId: 'sms-test-key', accessKeySecret: 'sms-test-secret', signName: 'e管家', templateCode: 'SMS_TEST_0001' })
  const smsServer = await listen(sms.app)
  const zzd = createZzdSimulator({ appKey: ZZD_TEST.appKey, appSecret: ZZD_TEST.appSecret, tenantId: ZZD_TEST.tenantId })
  const zzdServer = await listen(zzd.app)
  // Listen first: WeChat Pay's notify_url must name this server's port.
  const server = http.createServer()
  answerClientErrors(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  const env = EnvSchema.parse({
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(),
    DEV_LOGIN: 'true',
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    FAILED_LOOKUPS_PER_10_MINUTES: '100000',
    JOBS_ENABLED: 'false',
    WECHAT_API_BASE: wechatServer.url,
    WECHAT_APPID: appId,
    WECHAT_SECRET: secret,
    DINGTALK_API_BASE: dingtalkServer.url,
    DINGTALK_API_V1_BASE: dingtalkServer.url,
    DINGTALK_APPKEY: 'dingtestkey',
    DINGTALK_APPSECRET: 'dingtestsecret',
    DINGTALK_AGENT_ID: '900001',
    PUBLIC_BASE_URL: url,
    WECHATPAY_API_BASE: payServer.url,
    WECHATPAY_MCHID: mchid,
    WECHATPAY_MERCHANT_SERIAL: keys.merchantSerialNo,
    WECHATPAY_MERCHANT_PRIVATE_KEY: keys.merchantPrivateKeyPem,
    WECHATPAY_API_V3_KEY: keys.apiV3Key,
    WECHATPAY_PLATFORM_PUBLIC_KEY: keys.platformPublicKeyPem,
    WECHATPAY_PLATFORM_PUBLIC_KEY_ID: keys.platformPublicKeyId,
    SMS_API_BASE: smsServer.url,
    SMS_ACCESS_KEY_ID: 'sms-test-key',
    SMS_ACCESS_KEY_SECRET: 'sms-test-secret',
    SMS_TEMPLATE_CODE: 'SMS_TEST_0001',
    ZZD_API_BASE: zzdServer.url,
    ZZD_APP_KEY: ZZD_TEST.appKey,
    ZZD_APP_SECRET: ZZD_TEST.appSecret,
    ZZD_TENANT_ID: ZZD_TEST.tenantId,
    ...overrides,
  })
  const database = connectDatabase(env.DATABASE_URL, 10)
  const log = options.log ?? testLogger('bff')
  const logFile = testLogFile?.log === log ? testLogFile : undefined
  if (logFile) logFile.apps++
  const { app, services } = createApp({ env, database, log })
  server.on('request', app.callback())
  const agent = supertest(url)
  return {
    env,
    url,
    services,
    database,
    http: agent,
    wechatSim: Object.assign(wechat, { url: wechatServer.url }),
    dingtalkSim: Object.assign(dingtalk, { url: dingtalkServer.url }),
    paySim: Object.assign(pay, { url: payServer.url }),
    smsSim: Object.assign(sms, { url: smsServer.url }),
    zzdSim: Object.assign(zzd, { url: zzdServer.url }),
    payKeys: keys,
    async login(username) {
      const response = await agent.post('/api/v1/auth/dev-login').send({ username })
      if (response.status !== 200) throw new Error(`dev-login ${username}: ${response.status} ${JSON.stringify(response.body)}`)
      return response.body.token as string
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      pay.stop()
      await Promise.all([wechatServer.close(), dingtalkServer.close(), payServer.close(), smsServer.close(), zzdServer.close(), database.close()])
      if (logFile && --logFile.apps === 0) await closeTestLog(logFile)
    },
  }
}

/** Asks a simulator for what the phone's WeChat/DingTalk client would hand the mini-app. */
export async function simulatorCode(baseUrl: string, path: string, body: unknown): Promise<string> {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return ((await response.json()) as { code: string }).code
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })
