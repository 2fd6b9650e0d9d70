// Shared by `npm start`, `npm test` and `npm run bench`: they must work on a fresh machine that
// has only Node 20 and npm, so everything else (pnpm, MySQL, Chromium) is found or set up here.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const dataDir = path.join(root, '.data')
const PNPM_VERSION = '10.34.9'
const isRoot = process.getuid?.() === 0

export function log(message) {
  console.log(`\x1b[36m[e管家]\x1b[0m ${message}`)
}

/** Runs a command with inherited output; rejects on a non-zero exit. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options, env: { ...process.env, ...options.env } })
    child.on('error', reject)
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`))))
  })
}

/** pnpm on PATH if it is version 10, else through npx (corepack cannot fetch pnpm here). */
export function pnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0 && probe.stdout.trim().startsWith('10.')) return ['pnpm']
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`]
}

export async function runPnpm(args, options) {
  const [command, ...prefix] = pnpm()
  await run(command, [...prefix, ...args], options)
}

/** Installs the workspace's dependencies when node_modules is missing or older than the lockfile. */
export async function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.modules.yaml')
  const lockfile = path.join(root, 'pnpm-lock.yaml')
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lockfile).mtimeMs) return
  log('安装依赖 (pnpm install) …')
  await runPnpm(['install', '--frozen-lockfile'], { env: { CI: 'true' } })
}

const requireFromBff = () => createRequire(path.join(root, 'bff', 'package.json'))

async function canLogin(url) {
  const mysql = requireFromBff()('mysql2/promise')
  try {
    const conn = await mysql.createConnection({ uri: url, connectTimeout: 2000 })
    await conn.end()
    return true
  } catch {
    return false
  }
}

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host })
    socket.setTimeout(1000)
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => (socket.destroy(), resolve(false)))
  })
}

export function findBinary(...names) {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/libexec', '/usr/local/mysql/bin']
  for (const name of names) for (const dir of dirs) if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name)
  return null
}

/**
 * A MySQL server URL (no database): DATABASE_URL's server if set, else 127.0.0.1:3306 if it
 * answers as root, else a private MariaDB under .data/mysql (installing Debian's mariadb-server
 * first when running as root and it is missing).
 */
export async function ensureMysqlServer() {
  if (process.env.DATABASE_URL) return serverOf(process.env.DATABASE_URL)
  const local = 'mysql://root@127.0.0.1:3306/'
  if (await canLogin(local)) return local
  // The machine's own MariaDB may just be stopped (CI); start it the way the machine does.
  const system = findBinary('mariadbd', 'mysqld')
  if (system && isRoot && fs.existsSync('/etc/mysql') && !(await portOpen(3306))) {
    spawnSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', system], { stdio: 'ignore' })
    for (let i = 0; i < 40 && !(await canLogin(local)); i++) await sleep(250)
    if (await canLogin(local)) return local
  }
  return startPrivateMariadb()
}

function serverOf(url) {
  const parsed = new URL(url)
  parsed.pathname = '/'
  return parsed.toString()
}

export function withDatabase(serverUrl, name) {
  const parsed = new URL(serverUrl)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function startPrivateMariadb() {
  const port = Number(process.env.MYSQL_PRIVATE_PORT ?? 3307)
  const url = `mysql://root@127.0.0.1:${port}/`
  if (await canLogin(url)) return url
  let server = findBinary('mariadbd', 'mysqld')
  if (!server) {
    if (!isRoot) throw new Error('找不到 MySQL/MariaDB：请设置 DATABASE_URL，或安装 mariadb-server（sudo apt-get install -y mariadb-server）')
    log('安装 MariaDB (apt-get install mariadb-server) …')
    await run('apt-get', ['update', '-qq'])
    await run('apt-get', ['install', '-y', '-qq', 'mariadb-server'], { env: { DEBIAN_FRONTEND: 'noninteractive' } })
    if (await canLogin('mysql://root@127.0.0.1:3306/')) return 'mysql://root@127.0.0.1:3306/'
    server = findBinary('mariadbd', 'mysqld')
  }
  const dir = path.join(dataDir, 'mysql')
  const datadir = path.join(dir, 'data')
  const user = os.userInfo().username
  if (!fs.existsSync(path.join(datadir, 'mysql'))) {
    log(`初始化私有 MariaDB 数据目录 ${path.relative(root, datadir)} …`)
    fs.mkdirSync(datadir, { recursive: true })
    const installer = findBinary('mariadb-install-db', 'mysql_install_db')
    await run(installer, ['--no-defaults', `--user=${user}`, `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore' })
  }
  log(`启动私有 MariaDB（端口 ${port}）…`)
  const child = spawn(
    server,
    [
      '--no-defaults',
      `--user=${user}`,
      `--datadir=${datadir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${path.join(dir, 'mysqld.sock')}`,
      `--pid-file=${path.join(dir, 'mysqld.pid')}`,
      `--log-error=${path.join(dir, 'error.log')}`,
      '--skip-name-resolve',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--innodb-flush-log-at-trx-commit=1',
      '--max-connections=500',
    ],
    { detached: true, stdio: 'ignore' },
  )
  child.unref()
  for (let i = 0; i < 120; i++) {
    if (await canLogin(url)) return url
    await sleep(250)
  }
  throw new Error(`私有 MariaDB 未能启动，请查看 ${path.join(dir, 'error.log')}`)
}

/** Debian's Chromium for the browser tests (Playwright's own download cannot work here). */
export async function ensureChromium() {
  if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH
  const existing = findBinary('chromium', 'chromium-browser', 'google-chrome')
  if (existing) return existing
  if (!isRoot) throw new Error('找不到 Chromium：请安装（sudo apt-get install -y chromium fonts-noto-cjk）或设置 CHROMIUM_PATH')
  log('安装 Chromium (apt-get install chromium) …')
  await run('apt-get', ['update', '-qq'])
  await run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { env: { DEBIAN_FRONTEND: 'noninteractive' } })
  return findBinary('chromium')
}

/** True when `output` is missing or older than any file under `sources`. */
export function isStale(output, sources) {
  if (!fs.existsSync(output)) return true
  const builtAt = fs.statSync(output).mtimeMs
  const newer = (entry) => {
    const stat = fs.statSync(entry)
    if (stat.isDirectory()) return fs.readdirSync(entry).some((name) => name !== 'node_modules' && newer(path.join(entry, name)))
    return stat.mtimeMs > builtAt
  }
  return sources.some((source) => fs.existsSync(source) && newer(source))
}

/** bff/dist (`pnpm build`), rebuilt when missing or older than the BFF's or shared's sources: the drill and the bench run what production runs. */
export async function ensureBffBuilt() {
  const sources = ['bff/src', 'bff/build.mjs', 'bff/package.json', 'shared/src'].map((source) => path.join(root, source))
  if (!isStale(path.join(root, 'bff', 'dist', 'main.js'), sources)) return
  log('构建 BFF (pnpm build) …')
  await run(process.execPath, [path.join(root, 'bff', 'build.mjs')])
}

/**
 * A program from Debian's packages: found on PATH (or sbin), else installed with apt when running
 * as root (CI, a fresh server), else a clear message saying what to install.
 */
export async function ensureDebianBinary(names, debianPackage) {
  const found = findBinary(...names)
  if (found) return found
  if (!isRoot) throw new Error(`找不到 ${names[0]}：请安装（sudo apt-get install -y ${debianPackage}）`)
  log(`安装 ${debianPackage} (apt-get install ${debianPackage}) …`)
  await run('apt-get', ['update', '-qq'])
  await run('apt-get', ['install', '-y', '-qq', debianPackage], { env: { DEBIAN_FRONTEND: 'noninteractive' } })
  const installed = findBinary(...names)
  if (!installed) throw new Error(`安装 ${debianPackage} 后仍找不到 ${names[0]}`)
  return installed
}
