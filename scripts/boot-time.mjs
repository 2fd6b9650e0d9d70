// `pnpm boot-time`: how long the compiled BFF takes from `node bff/dist/main.js` to its first 200 on
// /healthz (what a rolling restart waits for per instance), five boots on a migrated database, the
// median printed beside its target (≤ 2 s), with the CPU time the process spent to get there (on a
// busy machine the wall time waits for other processes; the CPU time does not). Exit 1 when over.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { ensureBffBuilt, ensureDependencies, ensureMysqlServer, root, run, withDatabase } from './lib.mjs'

const TARGET_MS = 2000
await ensureDependencies()
await ensureBffBuilt()
const databaseUrl = withDatabase(await ensureMysqlServer(), 'egj_boot_time')
await run(process.execPath, [path.join(root, 'bff', 'dist', 'migrate.js')], { env: { DATABASE_URL: databaseUrl }, stdio: 'ignore' })

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
/** user + system CPU of a running process, from /proc (clock ticks of 10 ms) */
const cpuMs = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

const boots = []
for (let i = 0; i < 5; i++) {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'bff', 'dist', 'main.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', JOBS_ENABLED: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((answer) => answer.ok, () => false))) {
    if (child.exitCode !== null) throw new Error(`BFF exited with ${child.exitCode} before /healthz answered`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  boots.push({ ms: performance.now() - started, cpu: fs.existsSync('/proc') ? cpuMs(child.pid) : NaN })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const ms = median(boots.map((boot) => boot.ms))
console.log(`compiled BFF boot to /healthz: ${boots.map((boot) => Math.round(boot.ms)).join(' / ')} ms — median ${Math.round(ms)} ms (CPU ${Math.round(median(boots.map((boot) => boot.cpu)))} ms), target ≤ ${TARGET_MS} ms: ${ms <= TARGET_MS ? 'PASS' : 'NOT MET'}`)
if (ms > TARGET_MS) process.exit(1)
