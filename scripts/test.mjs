// `npm test`: every check CI runs — lint (typecheck + eslint), schema vs committed migrations, the weapp release build
// through WeChat's own compiler and code quality check with the uploaded size budget, the H5 build, then jest: shared + bff against real MariaDB, and the E2E specs driving
// the H5 build in Debian's Chromium, the leak check over that run's databases and logs, then the
// fault drill (`pnpm drill`, shortened). Ends with one line: "N passed, N failed".
import fs from 'node:fs'
import path from 'node:path'
import { dataDir, ensureChromium, ensureDependencies, ensureMysqlServer, log, root, run, runPnpm, withDatabase } from './lib.mjs'

const started = Date.now()
// what each step costs, printed at the end (issue 16: npm test stays under 12 minutes as modules are added)
const costs = []
let current = null
function step(name, message) {
  const now = Date.now()
  if (current) costs.push(`${current.name} ${Math.round((now - current.at) / 1000)} s`)
  current = { name, at: now }
  log(message)
}
await ensureDependencies()
const serverUrl = await ensureMysqlServer()
const chromium = await ensureChromium()

step('lint', 'lint: 类型检查 + eslint …')
await runPnpm(['lint'])

step('db:check', '迁移检查: bff/src/db/schema 与 bff/drizzle 一致 …')
await runPnpm(['db:check'])

step('weapp', '构建发布版微信小程序 (weapp)，微信编译器 (miniprogram-ci) 编译与代码质量检查，检查上传主包体积 …')
// the release build, as uploaded, against a test API base and appid: nothing is called or uploaded
const weappEnv = { TARO_APP_API_BASE: 'https://egj-api.example.invalid', TARO_APP_ID: 'wx0000000000000000' }
await runPnpm(['--filter', '@egj/miniapp', 'build:weapp:release'], { env: weappEnv })
await runPnpm(['--filter', '@egj/miniapp', 'check:weapp'])
await runPnpm(['--filter', '@egj/miniapp', 'check:pages'])
await runPnpm(['--filter', '@egj/miniapp', 'check:size'])

step('h5', '构建 H5 …')
await runPnpm(['--filter', '@egj/miniapp', 'build:h5'])

step('jest', 'jest: shared、bff（真实 MariaDB）、E2E（Chromium 390×844）…')
fs.mkdirSync(dataDir, { recursive: true })
// the BFF logs of this run only (bff/test/harness.ts writes them there; the leak check reads them)
fs.rmSync(path.join(dataDir, 'test-logs'), { recursive: true, force: true })
const jest = path.join(root, 'node_modules', '.bin', 'jest')
const jestEnv = { DATABASE_URL: withDatabase(serverUrl, 'egj_test'), CHROMIUM_PATH: chromium, H5_DIST: path.join(root, 'miniapp', 'dist', 'h5') }
const report = path.join(dataDir, 'jest-report.json')
let failed = false
try {
  await run(jest, ['--ci', '--json', `--outputFile=${report}`], { env: jestEnv })
} catch {
  failed = true
}
const results = JSON.parse(fs.readFileSync(report, 'utf8'))

// Issue 11 §5: that run's databases and BFF logs hold no plaintext ID number, mobile or token
// (the `leaks` project, bff/test/data-leaks.check.ts: a second jest run, counted in the final line).
step('leaks', '泄露检查: 测试数据库与日志中没有明文身份证号、手机号和令牌 …')
const leaksReport = path.join(dataDir, 'jest-leaks-report.json')
fs.rmSync(leaksReport, { force: true })
let leaksFailed = false
try {
  await run(jest, ['--ci', '--json', `--outputFile=${leaksReport}`, '--selectProjects', 'leaks'], { env: { ...jestEnv, EGJ_LEAK_CHECK: '1' } })
} catch {
  leaksFailed = true
}
const leaks = fs.existsSync(leaksReport) ? JSON.parse(fs.readFileSync(leaksReport, 'utf8')) : { numPassedTests: 0, numFailedTests: 1 }
results.numPassedTests += leaks.numPassedTests
results.numFailedTests += leaks.numFailedTests

// Issue 11: the fault drill, shortened (two BFFs behind nginx, kill -9, database and rolling
// restarts under load, then the audit). Alone, after jest: it needs the machine's cores to itself.
step('drill', '故障演练 pnpm drill（约 60 秒负载）…')
let drillFailed = false
try {
  await run(process.execPath, [path.join(root, 'scripts', 'drill.mjs')], { env: { DRILL_SECONDS: process.env.DRILL_SECONDS ?? '60' } })
  results.numPassedTests++
} catch {
  drillFailed = true
  results.numFailedTests++
}
step(null, '完成')
log(`用时 ${Math.round((Date.now() - started) / 1000)} s（${costs.join('，')}）`)
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed`)
process.exit(failed || leaksFailed || drillFailed || results.numFailedTests > 0 || results.numPassedTests === 0 || leaks.numPassedTests === 0 ? 1 : 0)
