// The drill's moving parts as real processes it can kill: a private MariaDB, BFF instances and nginx.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import mysql from 'mysql2/promise'

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', () => resolve())))

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} 未能在 ${timeoutMs / 1000} 秒内就绪`)
    await sleep(100)
  }
}

/** A MariaDB of the drill's own (so stopping it touches nobody else), in `dir`. */
export class DrillMariadb {
  private child: ChildProcess | null = null
  readonly url: string
  constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly binaries: { server: string; installer: string },
  ) {
    this.url = `mysql://root@127.0.0.1:${port}/`
  }

  async init(): Promise<void> {
    fs.rmSync(this.dir, { recursive: true, force: true })
    fs.mkdirSync(path.join(this.dir, 'data'), { recursive: true })
    const result = spawnSync(this.binaries.installer, ['--no-defaults', `--user=${os.userInfo().username}`, `--datadir=${path.join(this.dir, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore' })
    if (result.status !== 0) throw new Error('mariadb-install-db 失败')
  }

  async start(): Promise<void> {
    this.child = spawn(
      this.binaries.server,
      [
        '--no-defaults',
        `--user=${os.userInfo().username}`,
        `--datadir=${path.join(this.dir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(this.dir, 'mysqld.sock')}`,
        `--pid-file=${path.join(this.dir, 'mysqld.pid')}`,
        `--log-error=${path.join(this.dir, 'error.log')}`,
        '--skip-name-resolve',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--innodb-flush-log-at-trx-commit=1',
        '--max-connections=500',
      ],
      { stdio: 'ignore' },
    )
    await waitUntil('MariaDB', async () => {
      const conn = await mysql.createConnection({ uri: this.url, connectTimeout: 1000 })
      await conn.end()
      return true
    }, 60_000)
  }

  /** A clean shutdown (SIGTERM, as `systemctl stop` does), waiting for the process to end. */
  async stop(): Promise<void> {
    if (!this.child) return
    const child = this.child
    this.child = null
    child.kill('SIGTERM')
    await exited(child)
  }
}

export interface BffOptions {
  name: string
  port: number
  env: Record<string, string>
  logFile: string
}

/** One BFF instance: the compiled build under node itself, as production runs it (scripts/drill.mjs builds it first). */
export class DrillBff {
  private child: ChildProcess | null = null
  starts = 0
  constructor(private readonly options: BffOptions) {}

  get name(): string {
    return this.options.name
  }

  async start(): Promise<void> {
    const log = fs.openSync(this.options.logFile, 'a')
    this.child = spawn(process.execPath, ['--enable-source-maps', path.resolve(__dirname, '../dist/main.js')], {
      cwd: path.resolve(__dirname, '..'),
      env: { ...process.env, ...this.options.env, PORT: String(this.options.port), HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
    })
    fs.closeSync(log)
    this.starts++
    await waitUntil(`BFF ${this.options.name}`, async () => (await fetch(`http://127.0.0.1:${this.options.port}/healthz`)).ok, 60_000)
  }

  async kill9(): Promise<void> {
    const child = this.child
    this.child = null
    child?.kill('SIGKILL')
    if (child) await exited(child)
  }

  /** SIGTERM and wait: the instance finishes what it has in flight, then exits by itself. */
  async stopGracefully(): Promise<number | null> {
    const child = this.child
    this.child = null
    if (!child) return null
    child.kill('SIGTERM')
    await exited(child)
    return child.exitCode
  }
}

/** nginx in front of the instances, with the repo's bff/deploy/nginx.conf and the drill's ports. */
export class DrillNginx {
  private child: ChildProcess | null = null
  constructor(
    private readonly binary: string,
    private readonly dir: string,
    private readonly ports: { listen: number; upstreams: number[] },
  ) {}

  async start(): Promise<void> {
    fs.mkdirSync(path.join(this.dir, 'logs'), { recursive: true })
    const site = fs
      .readFileSync(path.resolve(__dirname, '../deploy/nginx.conf'), 'utf8')
      .replace('listen 8080;', `listen 127.0.0.1:${this.ports.listen};`)
      .replace('127.0.0.1:3001', `127.0.0.1:${this.ports.upstreams[0]}`)
      .replace('127.0.0.1:3002', `127.0.0.1:${this.ports.upstreams[1]}`)
    fs.writeFileSync(path.join(this.dir, 'egj.conf'), site)
    // the drill's own main config around the site: its own prefix, pid and logs, in the foreground
    const user = process.getuid?.() === 0 ? 'user root;\n' : ''
    fs.writeFileSync(
      path.join(this.dir, 'nginx.conf'),
      `${user}worker_processes 1;\npid ${path.join(this.dir, 'nginx.pid')};\nerror_log ${path.join(this.dir, 'logs/error.log')} warn;\nevents { worker_connections 4096; }\n` +
        `http {\n  access_log off;\n  client_body_temp_path ${this.dir}/body; proxy_temp_path ${this.dir}/proxy; fastcgi_temp_path ${this.dir}/fastcgi; uwsgi_temp_path ${this.dir}/uwsgi; scgi_temp_path ${this.dir}/scgi;\n  include ${path.join(this.dir, 'egj.conf')};\n}\n`,
    )
    this.child = spawn(this.binary, ['-p', this.dir, '-c', path.join(this.dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] })
    await waitUntil('nginx', async () => (await fetch(`http://127.0.0.1:${this.ports.listen}/healthz`)).status < 600, 20_000)
  }

  async stop(): Promise<void> {
    const child = this.child
    this.child = null
    child?.kill('SIGQUIT')
    if (child) await exited(child)
  }
}
