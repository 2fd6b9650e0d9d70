// `pnpm drill`: two BFF instances behind nginx on one MariaDB, a mixed load through nginx, and
// while it runs: kill -9 of one instance, a MariaDB restart, a rolling restart of both instances.
// Then the audit: nothing acknowledged is lost, nothing is doubled, nothing appears unasked.
// Exits 1 on any failed audit line. DRILL_SECONDS sets the load's length (default 180).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { audit, auditCockpit, countAfter, type AuditLine } from './audit'
import { checkLeaverIsOut } from './leaver'
import { DrillClient, type Attempt } from './client'
import { prepareFixtures } from './fixtures'
import { emptyRecords, runLoad } from './load'
import { DrillBff, DrillMariadb, DrillNginx, freePort, sleep } from './processes'

const SECONDS = Number(process.env.DRILL_SECONDS ?? 180)
const dir = path.resolve(process.env.DRILL_DIR ?? path.join(__dirname, '../../.data/drill'))
const say = (message: string) => console.log(`\x1b[35m[drill ${new Date().toISOString().slice(11, 19)}]\x1b[0m ${message}`)

async function main(): Promise<number> {
  fs.mkdirSync(dir, { recursive: true })
  const mariadb = new DrillMariadb(path.join(dir, 'mysql'), await freePort(), { server: process.env.DRILL_MARIADBD!, installer: process.env.DRILL_MARIADB_INSTALL_DB! })
  const ports = { listen: await freePort(), upstreams: [await freePort(), await freePort()] }
  const publicBaseUrl = `http://127.0.0.1:${ports.listen}`
  const databaseUrl = `${mariadb.url}egj_drill`
  const nginx = new DrillNginx(process.env.DRILL_NGINX!, path.join(dir, 'nginx'), ports)
  const bffEnv = {
    DATABASE_URL: databaseUrl,
    PUBLIC_BASE_URL: publicBaseUrl,
    DEV_LOGIN: 'true',
    JOBS_ENABLED: 'true',
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '16',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    WECHATPAY_DEV_KEYS_DIR: path.join(dir, 'wechatpay'),
  }
  const instances = ['A', 'B'].map((name, i) => new DrillBff({ name, port: ports.upstreams[i], env: bffEnv, logFile: path.join(dir, `bff-${name}.log`) }))
  for (const instance of instances) fs.rmSync(path.join(dir, `bff-${instance.name}.log`), { force: true })
  fs.rmSync(path.join(dir, 'nginx'), { recursive: true, force: true })

  try {
    say(`MariaDB（私有，端口 ${mariadb.port}）初始化并启动 …`)
    await mariadb.init()
    await mariadb.start()
    const built = (script: string) => spawnSync(process.execPath, ['--enable-source-maps', script], { cwd: path.resolve(__dirname, '..'), env: { ...process.env, ...bffEnv }, stdio: 'inherit' })
    if (built('dist/migrate.js').status !== 0 || built('dist/seed.js').status !== 0) throw new Error('迁移或演示数据失败')
    say('准备演练数据 …')
    const fixtures = await prepareFixtures(databaseUrl, publicBaseUrl, SECONDS)
    say(`两个 BFF 实例（${ports.upstreams.join('、')}）+ nginx（${ports.listen}）…`)
    await Promise.all(instances.map((instance) => instance.start()))
    await nginx.start()

    const client = new DrillClient(publicBaseUrl)
    const tokens: Record<string, string> = {}
    for (const username of [...fixtures.diners, ...fixtures.bookers, fixtures.cashier, fixtures.idleCashier, 'visitor1', 'guard1', 'dispatcher1', ...fixtures.borrowers, fixtures.assetKeeper, ...fixtures.reporters, fixtures.repairDispatcher, ...fixtures.repairWorkers.map((w) => w.username), ...fixtures.meal.diners, fixtures.meal.manager]) {
      const login = await client.op('登录', 'POST', '/api/v1/auth/dev-login', { body: { username } })
      if (login.answer?.status !== 200) throw new Error(`登录 ${username} 失败: ${JSON.stringify(login.answer?.body)}`)
      tokens[username] = String(login.answer.body.token)
    }
    client.attempts.length = 0

    const records = emptyRecords()
    const started = Date.now()
    const deadline = started + SECONDS * 1000
    say(`混合负载 ${SECONDS} 秒：付款与退款、会议室抢订、扫通行码、抢派车、访客预约、收银台长轮询、公物仓抢借与审批、报修派单与抢接单、报餐抢最后几份与改、退、取餐`)
    const load = runLoad({ client, fixtures, tokens, records, deadline })
    // a load that fails must fail the drill at `await load` below, inside the try whose finally
    // stops the instances, nginx and the drill's MariaDB — not kill the process as an unhandled
    // rejection while the faults run, leaving them all behind
    load.catch(() => undefined)
    const at = (fraction: number) => sleep(Math.max(0, started + SECONDS * 1000 * fraction - Date.now()))
    const faults: { name: string; ms: number }[] = []
    const timed = async (name: string, work: () => Promise<void>) => {
      const t0 = Date.now()
      client.phase = name
      await work()
      await sleep(1000) // answers to requests sent during the fault still count as the fault's
      client.phase = 'steady'
      faults.push({ name, ms: Date.now() - t0 })
    }

    await at(0.15)
    await timed('kill -9', async () => {
      say('kill -9 实例 A，随后重新启动')
      await instances[0].kill9()
      await sleep(1000)
      await instances[0].start()
    })
    await at(0.4)
    await timed('数据库重启', async () => {
      say('重启 MariaDB（停止，再启动）')
      await mariadb.stop()
      await sleep(1000)
      await mariadb.start()
    })
    await at(0.65)
    await timed('滚动重启', async () => {
      for (const instance of instances) {
        say(`滚动重启：SIGTERM 实例 ${instance.name}，等它处理完在途请求后退出，再启动`)
        const code = await instance.stopGracefully()
        if (code !== 0) throw new Error(`实例 ${instance.name} 优雅退出失败（退出码 ${code}）`)
        await instance.start()
        // as a real rolling restart waits before the next instance (minReadySeconds): a request
        // refused by this one a moment before it listened went to the other, which must not be
        // stopping in the same instant (nginx tries each instance once, then answers 502)
        await sleep(1000)
      }
    })
    await load
    const loadEnded = new Date()
    say('负载结束；等待定时任务把入园/离开通知发完、驾驶舱再计数一次 …')
    const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 4, timezone: 'Z' })
    try {
      for (let i = 0; i < 60; i++) {
        const [[pending]] = (await pool.query('SELECT COUNT(*) AS n FROM visits WHERE tell_host_in = 1 OR tell_host_out = 1')) as unknown as [{ n: number }[]]
        if (!Number(pending.n)) break
        await sleep(500)
      }
      const counted = await countAfter(pool, loadEnded)
      const lines = [...(await audit(pool, fixtures, records, client.attempts)), ...(await auditCockpit(pool, counted)), await checkLeaverIsOut(pool, publicBaseUrl, ports.upstreams)]
      printReport(client.attempts, records, faults, lines, (Date.now() - started) / 1000)
      const nginxLog = fs.readFileSync(path.join(dir, 'nginx', 'logs', 'error.log'), 'utf8')
      const count = (pattern: RegExp) => nginxLog.split('\n').filter((line) => pattern.test(line)).length
      console.log(`nginx 交给另一实例的请求：连接被拒 ${count(/connect\(\) failed/)}，在途时实例退出或被杀 ${count(/while reading response header/)}`)
      return lines.some((line) => line.bad > 0) ? 1 : 0
    } finally {
      await pool.end()
    }
  } finally {
    await nginx.stop().catch(() => undefined)
    await Promise.all(instances.map((instance) => instance.stopGracefully().catch(() => undefined)))
    await mariadb.stop().catch(() => undefined)
  }
}

function printReport(attempts: Attempt[], records: ReturnType<typeof emptyRecords>, faults: { name: string; ms: number }[], lines: AuditLine[], seconds: number): void {
  const latencies = attempts.filter((a) => a.status !== null).map((a) => a.ms).sort((x, y) => x - y)
  const quantile = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0)
  const acknowledged = attempts.filter((a) => a.status !== null && a.status < 300).length
  const refused = attempts.filter((a) => a.status !== null && a.status >= 400 && a.status < 500).length
  console.log('\n══════ e管家 故障演练 (pnpm drill) ══════')
  console.log(`时长 ${seconds.toFixed(0)} s；故障：${faults.map((f) => `${f.name} ${(f.ms / 1000).toFixed(1)} s`).join('，')}`)
  console.log(`请求 ${attempts.length}（${(attempts.length / seconds).toFixed(0)}/s），2xx ${acknowledged}，业务拒绝 4xx ${refused}，p50 ${quantile(0.5)} ms，p99 ${quantile(0.99)} ms`)
  const failures = new Map<string, number>()
  for (const a of attempts) if (a.status === null || a.status >= 500) failures.set(`${a.phase} · ${a.outcome}`, (failures.get(`${a.phase} · ${a.outcome}`) ?? 0) + 1)
  console.log('失败的请求（按故障阶段 · 类型）：' + (failures.size ? '' : '无'))
  for (const [kind, count] of [...failures].sort()) console.log(`  ${kind.padEnd(40)} ${String(count).padStart(6)}`)
  const byKind = new Map<string, { n: number; outcomes: Map<string, number> }>()
  for (const a of attempts) {
    const entry = byKind.get(a.kind) ?? { n: 0, outcomes: new Map() }
    entry.n++
    entry.outcomes.set(a.outcome, (entry.outcomes.get(a.outcome) ?? 0) + 1)
    byKind.set(a.kind, entry)
  }
  console.log('按操作（请求数：结果）：')
  for (const [kind, entry] of byKind) console.log(`  ${kind.padEnd(10)} ${String(entry.n).padStart(6)}  ${[...entry.outcomes].sort((x, y) => y[1] - x[1]).map(([o, n]) => `${o}×${n}`).join('  ')}`)
  console.log(`收银台长轮询：应答 ${records.feedPolls.answered}，其中提前返回空结果 ${records.feedPolls.endedEarlyEmpty}`)
  const count = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length
  const acceptOutcomes = new Map<string, number>()
  const tapName = { holder: '持有人', 'holder again': '持有人再点', other: '另一人' }
  for (const a of records.ticketAccepts) acceptOutcomes.set(`${tapName[a.tap]} ${a.outcome}`, (acceptOutcomes.get(`${tapName[a.tap]} ${a.outcome}`) ?? 0) + 1)
  console.log(
    `报修：确认 ${count(records.tickets, (t) => t.id !== undefined)}/${records.tickets.length}，同键重放 ${records.ticketReplays.length}，` +
      `派单/改派确认 ${count(records.ticketAssigns, (a) => a.id !== undefined)}，抢接单 ${new Set(records.ticketAccepts.map((a) => `${a.ticketId}:${a.round}`)).size} 轮（` +
      `${[...acceptOutcomes].sort().map(([o, n]) => `${o}×${n}`).join('，')}），完工 ${count(records.ticketSteps, (s) => s.step === 'finish' && s.id !== undefined)}`,
  )
  const mealSteps = (step: string) => `${count(records.mealOrderSteps, (s) => s.step === step && s.id !== undefined)}/${count(records.mealOrderSteps, (s) => s.step === step)}`
  const soldOut = count(records.mealOrders, (o) => o.outcome === '409 MEAL_DISH_SOLD_OUT')
  console.log(
    `报餐：确认 ${count(records.mealOrders, (o) => o.id !== undefined)}/${records.mealOrders.length}（已订完 ${soldOut}），同键重放 ${records.mealOrderReplays.length}，` +
      `修改 ${mealSteps('change')}，取消 ${mealSteps('cancel')}，取餐 ${mealSteps('pickup')}，取消与取餐同时 ${new Set(records.mealOrderSteps.filter((s) => s.race).map((s) => s.race)).size} 次；备餐数刷新 ${records.kitchenCounts.answered} 次`,
  )
  console.log('审计：')
  for (const line of lines) console.log(`  ${line.bad ? '✗' : '✓'} ${line.name.padEnd(44)} 检查 ${String(line.checked).padStart(6)}  违反 ${line.bad}${line.bad && line.detail ? `  ${JSON.stringify(line.detail)}` : ''}`)
  const bad = lines.filter((line) => line.bad > 0).length
  console.log(bad ? `\n演练失败：${bad} 条审计未通过` : '\n演练通过：没有丢失、没有重复、没有凭空出现的记录')
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('演练中止:', error)
    process.exit(2)
  },
)
