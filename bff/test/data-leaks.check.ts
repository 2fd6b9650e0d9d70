/**
 * Data that must not leak (issue 11 §5), checked after the whole jest run (the `leaks` project,
 * run second by `npm test`, see scripts/test.mjs): every table of every test database of the run
 * is dumped and holds no plaintext ID number, mobile or token (voucher codes are tokens); the run's BFF logs
 * (.data/test-logs, written by the production logger) hold no token, ID number or full mobile.
 *
 * Run it alone after a run: EGJ_LEAK_CHECK=1 DATABASE_URL=<the run's> jest --selectProjects leaks
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { isValidIdCard } from '@egj/shared'
import { bearer, startTestApp, TEST_LOG_DIR } from './harness'
import { TEST_SERVER_URL } from './databases'
import { deliverAllDue, idempotencyKey } from './factories'
import { fakeIdCard, fakeMobile, rng } from './junk'

const REPO = path.resolve(__dirname, '../..')

// Alphanumerics around a match are part of something longer (a hash, an order number, a UUID group).
const ID_NUMBER = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g
/** a link with its key in it, e.g. an invitation's `…/invite/index?token=<43 characters>` */
const TOKEN_IN_LINK = /[?&]token=[A-Za-z0-9_-]{16,}/g
/** a voucher's link, `…/voucher/index?code=<20 characters>`: whoever has it can spend the voucher */
const VOUCHER_LINK = /voucher\/index\?code=[A-Za-z0-9]{20}/g
/** an Authorization value with something in it that is not our logger's censor */
const BEARER = /Bearer\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{6,}/g

/** ID numbers (valid GB 11643 check digit and birth date) and mobiles in a text. */
function personalData(text: string): string[] {
  const ids = [...text.matchAll(ID_NUMBER)].map((m) => m[0].toUpperCase()).filter(isValidIdCard)
  return [...ids, ...[...text.matchAll(MOBILE)].map((m) => m[0])]
}

/** The concrete ID numbers and mobiles written in the repo's seeds, tests and E2E specs. */
function personalDataInTheRepo(): Set<string> {
  const found = new Set<string>()
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (/\.(ts|tsx|mjs|js|json)$/.test(entry.name)) for (const value of personalData(fs.readFileSync(file, 'utf8'))) found.add(value)
    }
  }
  for (const dir of ['bff/src', 'bff/test', 'bff/bench', 'e2e', 'shared/src', 'miniapp/src', 'scripts']) if (fs.existsSync(path.join(REPO, dir))) walk(path.join(REPO, dir))
  return found
}

/** The run's test databases: `<name>_<worker>` and the fuzz shards' `<name>_fuzz<n>`. */
async function testDatabases(admin: mysql.Connection): Promise<string[]> {
  const base = new URL(TEST_SERVER_URL).pathname.slice(1) || 'egj_test'
  const [rows] = await admin.query('SHOW DATABASES')
  return (rows as { Database: string }[]).map((row) => row.Database).filter((name) => new RegExp(`^${base}_(\\d+|fuzz\\d+)$`).test(name))
}

const TEXT_TYPES = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'json', 'enum', 'set'])
/**
 * A value that is an encoding, not text: a sealed value (k1.<base64url>), hex of a hash or nonce,
 * base64 with letters and digits. Its '+', '/', '_' and '-' would let ciphertext look like a
 * mobile to the pattern; the known values are still looked for inside it.
 */
const isEncoded = (value: string) =>
  /^[a-z0-9]{1,8}\.[A-Za-z0-9_-]{20,}$/.test(value) || /^[0-9a-fA-F]{32,}$/.test(value) || (/^[A-Za-z0-9+/_-]{24,}={0,2}$/.test(value) && /[A-Za-z]/.test(value) && /\d/.test(value))

const cellText = (value: unknown): string =>
  value === null || value === undefined ? '' : Buffer.isBuffer(value) ? value.toString('latin1') : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value)

interface Finding {
  where: string
  what: string
}

let canary: { ids: string[]; mobiles: string[]; tokens: string[]; sessionTokens: string[]; inviteToken: string; voucherCodes: string[] }

/**
 * Before dumping, the real API is used once more on the first worker's database: logins (their
 * bearer tokens), a visit booked with an ID number, a mobile and a companion's ID number made up
 * here, an invitation (its link's token) opened and completed, the full numbers looked at, and
 * meal vouchers issued (their codes are bearer tokens too), looked up and listed with their links —
 * so the check knows values it must not find, whatever the run before it did.
 */
beforeAll(async () => {
  const t = await startTestApp()
  try {
    const r = rng(Date.now() % 2 ** 31)
    const ids = [fakeIdCard(r), fakeIdCard(r), fakeIdCard(r)]
    const mobiles = [fakeMobile(r), fakeMobile(r), fakeMobile(r), fakeMobile(r)]
    const [visitor, host, admin] = [await t.login('visitor1'), await t.login('zhangsan'), await t.login('admin')]
    const [hosts] = await t.database.pool.query("SELECT id FROM users WHERE username = 'zhangsan'")
    const hostId = (hosts as { id: number }[])[0].id
    const day = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10)
    const booked = await t.http
      .post('/api/v1/visits')
      .set(bearer(visitor))
      .set('Idempotency-Key', idempotencyKey())
      .send({ visitorName: '金丝雀', mobile: mobiles[0], idType: 'id_card', idNumber: ids[0], purpose: '泄露检查', hostId, startAt: `${day}T10:00:00+08:00`, endAt: `${day}T11:00:00+08:00`, companions: [{ name: '随行', idType: 'id_card', idNumber: ids[1] }] })
    expect(booked.status).toBe(201)
    const pii = await t.http.get(`/api/v1/visits/${booked.body.id}/pii`).query({ reason: '泄露检查' }).set(bearer(host))
    expect(pii.body).toMatchObject({ mobile: mobiles[0], idNumber: ids[0] })
    const invited = await t.http
      .post('/api/v1/visits/invitations')
      .set(bearer(host))
      .set('Idempotency-Key', idempotencyKey())
      .send({ visitorName: '金丝雀二', mobile: mobiles[1], purpose: '泄露检查', startAt: `${day}T14:00:00+08:00`, endAt: `${day}T15:00:00+08:00` })
    expect(invited.status).toBe(201)
    const inviteToken = new URL(String(invited.body.inviteUrl).replace('/#/', '/')).searchParams.get('token')!
    expect((await t.http.get(`/api/v1/visits/invitations/${inviteToken}`)).status).toBe(200)
    expect((await t.http.post(`/api/v1/visits/invitations/${inviteToken}/accept`).set(bearer(visitor)).send({ idType: 'id_card', idNumber: ids[2] })).status).toBe(200)
    // a bearer token sent where a log line could catch it: a 401 on a bad one, a logout
    const gone = await t.login('lisi')
    expect((await t.http.post('/api/v1/auth/logout').set(bearer(gone))).status).toBe(200)
    expect((await t.http.get('/api/v1/me').set(bearer(gone))).status).toBe(401)
    // 电子餐券: each code is a key to the voucher's value, stored only hashed and sealed
    const [units] = await t.database.pool.query('SELECT id FROM units ORDER BY id LIMIT 1')
    const issued = await t.http
      .post('/api/v1/meal/vouchers')
      .set(bearer(admin))
      .set('Idempotency-Key', idempotencyKey())
      .send({ unitId: (units as { id: number }[])[0].id, count: 2, amountFen: 1500, purpose: '泄露检查', expiresOn: day })
    expect(issued.status).toBe(201)
    const voucherCodes = (issued.body.items as { code: string }[]).map((voucher) => voucher.code)
    expect(voucherCodes).toHaveLength(2)
    expect((await t.http.get(`/api/v1/meal/vouchers/${voucherCodes[0]}`).set(bearer(visitor))).status).toBe(200)
    expect((await t.http.get('/api/v1/meal/vouchers').query({ unitId: (units as { id: number }[])[0].id }).set(bearer(admin))).status).toBe(200)
    // 人员: a person added with one mobile and changed to another (the audit log keeps both, masked)
    const person = await t.http.post('/api/v1/admin/users').set(bearer(admin)).send({ name: '金丝雀三', mobile: mobiles[2], unitId: (units as { id: number }[])[0].id })
    expect(person.status).toBe(201)
    expect((await t.http.patch(`/api/v1/admin/users/${person.body.id}`).set(bearer(admin)).send({ mobile: mobiles[3], reason: '换号' })).status).toBe(200)
    expect((await t.http.get('/api/v1/admin/users').query({ q: mobiles[3] }).set(bearer(admin))).body.items).toHaveLength(1)
    // 浙政钉: a free-login code exchanged (and the same code refused when used again), a 钉消息 sent with the app's access token
    const [zhangsan] = await t.database.pool.query("SELECT id, zzd_account_id AS accountId FROM users WHERE username = 'zhangsan'")
    const { id: zhangsanId, accountId: onRecord } = (zhangsan as { id: number; accountId: string | null }[])[0]
    const accountId = onRecord ?? `7${Date.now() % 1e8}`
    if (!onRecord) await t.database.pool.query('UPDATE users SET zzd_account_id = ? WHERE id = ?', [accountId, zhangsanId])
    const zzdCode = t.zzdSim.mintAuthCode(accountId)
    const zzdLogin = await t.http.post('/api/v1/auth/zzd').send({ authCode: zzdCode })
    expect(zzdLogin.status).toBe(200)
    expect((await t.http.post('/api/v1/auth/zzd').send({ authCode: zzdCode })).status).toBe(401)
    await t.services.notifications.notify(t.database.db, zhangsanId, { title: '泄露检查', body: '钉消息' })
    await deliverAllDue(t)
    const zzdSecrets = [zzdCode, ...t.zzdSim.issued.tokens, ...t.dingtalkSim.issuedTokens]
    expect(t.zzdSim.issued.tokens.length).toBeGreaterThan(0)
    canary = {
      ids,
      mobiles,
      tokens: [visitor, host, admin, gone, zzdLogin.body.token, inviteToken, ...voucherCodes, ...zzdSecrets],
      sessionTokens: [visitor, host, admin, gone, zzdLogin.body.token],
      inviteToken,
      voucherCodes,
    }
  } finally {
    await t.close() // flushes the log file
  }
}, 60_000)

describe('the test databases hold no plaintext ID number, mobile or token', () => {
  let dump: { where: string; text: boolean; value: string }[]
  let databases: string[]
  let tokenHashes: Set<string>
  let inviteHashes: Set<string>
  let voucherHashes: Set<string>

  beforeAll(async () => {
    const server = new URL(TEST_SERVER_URL)
    server.pathname = '/'
    const admin = await mysql.createConnection({ uri: server.toString() })
    try {
      databases = await testDatabases(admin)
      dump = []
      tokenHashes = new Set()
      inviteHashes = new Set()
      voucherHashes = new Set()
      for (const database of databases) {
        const [columns] = await admin.query('SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS type FROM information_schema.columns WHERE table_schema = ?', [database])
        const textColumn = new Set((columns as { t: string; c: string; type: string }[]).filter((column) => TEXT_TYPES.has(column.type)).map((column) => `${column.t}.${column.c}`))
        const [tables] = await admin.query(`SHOW FULL TABLES FROM \`${database}\` WHERE Table_type = 'BASE TABLE'`)
        for (const table of (tables as Record<string, string>[]).map((row) => Object.values(row)[0])) {
          const [rows] = await admin.query(`SELECT * FROM \`${database}\`.\`${table}\``)
          for (const [i, row] of (rows as Record<string, unknown>[]).entries()) {
            for (const [column, value] of Object.entries(row)) {
              if (value === null) continue
              const text = cellText(value)
              dump.push({ where: `${database}.${table}.${column} (row ${i + 1})`, text: textColumn.has(`${table}.${column}`), value: text })
              if (table === 'sessions' && column === 'token_hash') tokenHashes.add(text)
              if (table === 'visits' && column === 'invite_token_hash') inviteHashes.add(text)
              if (table === 'meal_vouchers' && column === 'code_hash') voucherHashes.add(text)
            }
          }
        }
      }
    } finally {
      await admin.end()
    }
  }, 120_000)

  it('there is a run to check: the worker databases, with the rows the run left', () => {
    expect(databases.length).toBeGreaterThan(0)
    expect(dump.length).toBeGreaterThan(1_000)
  })

  it('no ID number or mobile written in the repo (seeds, tests, E2E specs) nor made up just now appears anywhere, binary columns included', () => {
    const known = new Set([...personalDataInTheRepo(), ...canary.ids, ...canary.mobiles])
    expect(known.size).toBeGreaterThan(10)
    const findings: Finding[] = []
    for (const cell of dump) for (const value of known) if (cell.value.includes(value)) findings.push({ where: cell.where, what: value })
    expect(findings.slice(0, 20)).toEqual([])
  })

  it('no text column holds anything shaped like a 居民身份证号 (with a valid check digit) or a full mobile', () => {
    const findings: Finding[] = []
    for (const cell of dump) {
      if (!cell.text || isEncoded(cell.value)) continue
      for (const what of personalData(cell.value)) findings.push({ where: cell.where, what: `${what} in ${JSON.stringify(cell.value.slice(0, 120))}` })
    }
    expect(findings.slice(0, 20)).toEqual([])
  })

  it('no bearer token, invitation token or voucher code is stored, only its sha256; no link carries one', () => {
    const findings: Finding[] = []
    for (const cell of dump) {
      for (const token of canary.tokens) if (cell.value.includes(token)) findings.push({ where: cell.where, what: `token ${token.slice(0, 6)}…` })
      for (const match of cell.value.matchAll(TOKEN_IN_LINK)) findings.push({ where: cell.where, what: match[0].slice(0, 40) })
      for (const match of cell.value.matchAll(VOUCHER_LINK)) findings.push({ where: cell.where, what: match[0].slice(0, 24) })
    }
    expect(findings).toEqual([])
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
    for (const token of canary.sessionTokens) expect(tokenHashes).toContain(sha256(token))
    expect(inviteHashes).toContain(sha256(canary.inviteToken))
    for (const code of canary.voucherCodes) expect(voucherHashes).toContain(sha256(code))
  })
})

describe("the run's BFF logs hold no token, ID number or full mobile", () => {
  let lines: { where: string; text: string }[]

  beforeAll(() => {
    const files = fs.existsSync(TEST_LOG_DIR) ? fs.readdirSync(TEST_LOG_DIR).filter((file) => file.endsWith('.log')) : []
    lines = files.flatMap((file) =>
      fs
        .readFileSync(path.join(TEST_LOG_DIR, file), 'utf8')
        .split('\n')
        .map((text, i) => ({ where: `${file}:${i + 1}`, text }))
        .filter((line) => line.text),
    )
  })

  it('there are logs to check, written as production writes them (JSON lines)', () => {
    expect(lines.length).toBeGreaterThan(100)
    expect(() => lines.slice(0, 50).forEach((line) => JSON.parse(line.text))).not.toThrow()
  })

  it('no Bearer value and none of the tokens handed out just now', () => {
    const findings: Finding[] = []
    for (const line of lines) {
      for (const match of line.text.matchAll(BEARER)) findings.push({ where: line.where, what: match[0].slice(0, 16) })
      for (const token of canary.tokens) if (line.text.includes(token)) findings.push({ where: line.where, what: `token ${token.slice(0, 6)}… in ${line.text.slice(0, 200)}` })
    }
    expect(findings.slice(0, 20)).toEqual([])
  })

  it('no ID number and no full mobile (masked 138****1234 is fine)', () => {
    const known = [...canary.ids, ...canary.mobiles]
    const findings: Finding[] = []
    for (const line of lines) {
      for (const what of personalData(line.text)) findings.push({ where: line.where, what: `${what} in ${line.text.slice(0, 200)}` })
      for (const value of known) if (line.text.includes(value)) findings.push({ where: line.where, what: value })
    }
    expect(findings.slice(0, 20)).toEqual([])
  })
})
