import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { testDatabaseUrl } from './databases'

// The production build: `pnpm build`, then `node bff/dist/main.js` against a migrated database
// must boot and answer — a path that only works from the TypeScript sources (a file read relative
// to bff/src, a package bundled by mistake) fails here rather than at a deployment.

const bff = path.resolve(__dirname, '..')

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

describe('the compiled build (pnpm build, node bff/dist/main.js)', () => {
  let child: ChildProcess
  let url: string
  let bootMs: number
  let output = ''

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(bff, 'build.mjs')], { encoding: 'utf8' })
    expect(build.stderr).toBe('')
    expect(build.status).toBe(0)

    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    const started = Date.now()
    child = spawn(process.execPath, ['--enable-source-maps', path.join(bff, 'dist', 'main.js')], {
      // the login limit counts in the database, per address: the specs before this one on the
      // worker's database logged in from 127.0.0.1 too (the harness lifts the limit the same way)
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), PORT: String(port), HOST: '127.0.0.1', DEV_LOGIN: 'true', JOBS_ENABLED: 'false', LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (chunk) => (output += chunk))
    child.stderr!.on('data', (chunk) => (output += chunk))
    while (child.exitCode === null && Date.now() - started < 60_000) {
      const up = await fetch(`${url}/healthz`).then((answer) => answer.ok, () => false)
      if (up) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    bootMs = Date.now() - started
  }, 120_000)

  afterAll(async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  })

  it('boots to /healthz and answers a signed-in API call, then stops cleanly on SIGTERM', async () => {
    expect({ exitCode: child.exitCode, output }).toEqual({ exitCode: null, output: '' })
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    console.log(`compiled BFF: boot to /healthz ${bootMs} ms`)

    const login = await fetch(`${url}/api/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'zhangsan' }) })
    expect(login.status).toBe(200)
    const { token } = (await login.json()) as { token: string }
    const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ name: '张三' })

    // exceljs, loaded on the first export (import() in the bundle must still find its Workbook)
    const admin = await fetch(`${url}/api/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin' }) })
    const template = await fetch(`${url}/api/v1/admin/users/import-template.xlsx`, { headers: { authorization: `Bearer ${((await admin.json()) as { token: string }).token}` } })
    expect(template.status).toBe(200)
    expect(Buffer.from(await template.arrayBuffer()).subarray(0, 2).toString()).toBe('PK')

    // read from node_modules beside the bundle (swagger-ui-dist) and built on first request
    expect((await fetch(`${url}/docs/assets/swagger-ui.css`)).status).toBe(200)
    expect(((await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string }).openapi).toMatch(/^3\.1/)

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
