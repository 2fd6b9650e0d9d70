// `npm start`: the app with demo data — dependencies, a MySQL, migrations, seed, the H5 build,
// the WeChat/DingTalk simulators and the BFF serving the H5 app. Honours PORT and DATABASE_URL.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ensureDependencies, ensureMysqlServer, isStale, log, root, run, runPnpm, withDatabase } from './lib.mjs'

const port = Number(process.env.PORT ?? 3000)
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')

await ensureDependencies()
const databaseUrl = process.env.DATABASE_URL ?? withDatabase(await ensureMysqlServer(), 'egj')
const h5Dist = path.join(root, 'miniapp', 'dist', 'h5')
const env = {
  DATABASE_URL: databaseUrl,
  PORT: String(port),
  DEV_LOGIN: 'true',
  H5_DIST: h5Dist,
  PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
  WECHAT_API_BASE: process.env.WECHAT_API_BASE ?? 'http://127.0.0.1:4101',
  DINGTALK_API_BASE: process.env.DINGTALK_API_BASE ?? 'http://127.0.0.1:4102',
  DINGTALK_API_V1_BASE: process.env.DINGTALK_API_V1_BASE ?? 'http://127.0.0.1:4102',
  // 浙政钉: the simulator (a demo user's 免登码: POST http://127.0.0.1:4105/__sim/zzd/auth-codes {"accountId":"710001"})
  ZZD_API_BASE: process.env.ZZD_API_BASE ?? 'http://127.0.0.1:4105',
  ZZD_APP_KEY: process.env.ZZD_APP_KEY ?? 'egj-zzd-demo',
  ZZD_APP_SECRET: process.env.ZZD_APP_SECRET ?? 'zzd-demo-secret',
  ZZD_TENANT_ID: process.env.ZZD_TENANT_ID ?? '196729',
  // 阿里云短信: the simulator (the firm's 派单 SMS are readable at /__sim/sms/messages)
  SMS_API_BASE: process.env.SMS_API_BASE ?? 'http://127.0.0.1:4104',
  // The H5 cashier page of the WeChat Pay simulator opens in the phone's browser: use the same host.
  WECHATPAY_API_BASE: process.env.WECHATPAY_API_BASE ?? 'http://localhost:4103',
  WECHATPAY_DEV_KEYS_DIR: path.join(root, '.data', 'wechatpay'),
}

log('迁移数据库并写入演示数据 …')
await run(tsx, ['bff/src/db/migrate.ts'], { env })
await run(tsx, ['bff/src/db/seed/index.ts'], { env })

if (isStale(path.join(h5Dist, 'index.html'), [path.join(root, 'miniapp', 'src'), path.join(root, 'miniapp', 'config'), path.join(root, 'shared', 'src')])) {
  log('构建 H5 小程序 (taro build --type h5) …')
  await runPnpm(['--filter', '@egj/miniapp', 'build:h5'])
}

const children = [
  spawn(tsx, ['bff/src/simulators/main.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }),
  spawn(tsx, ['bff/src/main.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }),
]
const stop = () => children.forEach((child) => child.kill('SIGTERM'))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
children.forEach((child) => child.on('exit', (code) => {
  if (code) {
    stop()
    process.exit(code)
  }
}))

setTimeout(() => {
  console.log(`
  e管家 已启动 / running

  手机或浏览器打开:  http://localhost:${port}/    （H5 小程序，登录页可选择演示账号）
  API 文档:          http://localhost:${port}/docs
  数据库:            ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}

  演示账号（开发登录，输入用户名即可）:
    zhangsan    张三   机关干部 · 市机关事务管理中心
    lisi        李四   机关干部 + 单位审批人
    wangwu      王五   机关干部 · 市发改委（外单位）
    cashier1    食堂收银      guard1      门岗
    dispatcher1 调度员        driver1     驾驶员
    huiwu1      会务人员      settle1     结算员
    admin       管理员        visitor1    访客（无工作人员身份）

  按 Ctrl+C 停止。
`)
}, 2500)
