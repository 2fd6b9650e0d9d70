import { randomBytes } from 'node:crypto'
import { bearer, simulatorCode, startTestApp, type TestApp } from '../../../test/harness'
import { DingtalkClient } from '../../adapters/dingtalk'
import { EnvSchema } from '../../env'
import { eq } from 'drizzle-orm'
import { createUser } from '../../../test/factories'
import { users } from '../../db/schema'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

/** A 浙政钉 accountId nobody else in this worker's database has. */
const accountId = () => String(800_000_000 + randomBytes(3).readUIntBE(0, 3))

async function staffWith(zzd: { accountId?: string; employeeCode?: string }, name = '浙政钉测试员') {
  const { userId } = await createUser(t, ['staff'], { name })
  await t.database.db.update(users).set({ zzdAccountId: zzd.accountId ?? null, zzdEmployeeCode: zzd.employeeCode ?? null }).where(eq(users.id, userId))
  return userId
}

/** The person's 浙政钉 sessions (createUser's dev login is not one). */
async function zzdSessions(userId: number): Promise<number> {
  const [rows] = await t.database.pool.query("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND channel = 'zzd'", [userId])
  return Number((rows as { n: number }[])[0].n)
}

const signIn = (authCode: string) => t.http.post('/api/v1/auth/zzd').send({ authCode })

describe('浙政钉 free login (POST /api/v1/auth/zzd)', () => {
  it('signs a staff member in from the phone and from the PC client, with the same answer as the other channels', async () => {
    const id = accountId()
    const userId = await staffWith({ accountId: id }, '钱浙政')
    for (const pc of [false, true]) {
      const response = await signIn(t.zzdSim.mintAuthCode(id, { pc }))
      expect(response.status).toBe(200)
      expect(response.body).toEqual({ token: expect.any(String), user: { id: userId, name: '钱浙政', unit: { id: expect.any(Number), name: '市机关事务管理中心' }, roles: ['staff'] } })
      const me = await t.http.get('/api/v1/me').set(bearer(response.body.token))
      expect(me.body.name).toBe('钱浙政')
    }
    expect(await zzdSessions(userId)).toBe(2)
  })

  it('finds a record by employeeCode when it has no accountId yet, and remembers the accountId (its 钉消息 go there)', async () => {
    const id = accountId()
    const employeeCode = `GE_T${id}`
    const userId = await staffWith({ employeeCode })
    t.zzdSim.addUser({ accountId: id, employeeCode, name: '孙浙政' })
    const response = await signIn(t.zzdSim.mintAuthCode(id))
    expect(response.status).toBe(200)
    expect(response.body.user.id).toBe(userId)
    const [rows] = await t.database.pool.query('SELECT zzd_account_id AS accountId FROM users WHERE id = ?', [userId])
    expect(rows).toEqual([{ accountId: id }])
  })

  it('a code used twice, expired, or from another 租户 is a 401 in Chinese, and signs nobody in', async () => {
    const id = accountId()
    const userId = await staffWith({ accountId: id })
    const code = t.zzdSim.mintAuthCode(id)
    expect((await signIn(code)).status).toBe(200)
    const reused = await signIn(code)
    expect([reused.status, reused.body.error.code]).toEqual([401, 'AUTH_ZZD_CODE_INVALID'])
    expect(reused.body.error.message).toMatch(/浙政钉登录凭证无效/)

    const stale = t.zzdSim.mintAuthCode(id)
    t.zzdSim.expireAuthCodes()
    expect((await signIn(stale)).body.error.code).toBe('AUTH_ZZD_CODE_INVALID')

    const otherTenant = await signIn(t.zzdSim.mintAuthCode(id, { tenantId: '555001' }))
    expect([otherTenant.status, otherTenant.body.error.code]).toEqual([401, 'AUTH_ZZD_CODE_INVALID'])
    expect((await signIn('no-such-code')).status).toBe(401)
    expect(await zzdSessions(userId)).toBe(1)
  })

  it('a 浙政钉 user with no staff record is told to ask their 单位管理员 (403)', async () => {
    const response = await signIn(t.zzdSim.mintAuthCode(accountId()))
    expect([response.status, response.body.error.code]).toEqual([403, 'AUTH_ZZD_NOT_BOUND'])
    expect(response.body.error.message).toContain('单位管理员')
  })

  it('the platform not answering is a 503 with a retry path, and no session for anyone; the next code goes through', async () => {
    const id = accountId()
    const userId = await staffWith({ accountId: id })
    const slow = await startTestApp({ ZZD_TIMEOUT_MS: '300' })
    try {
      // a token first, then the platform hangs on the sign-in call
      slow.zzdSim.setLatency(0)
      expect((await slow.http.post('/api/v1/auth/zzd').send({ authCode: slow.zzdSim.mintAuthCode(id) })).status).toBe(200)
      slow.zzdSim.setLatency(1000)
      const response = await slow.http.post('/api/v1/auth/zzd').send({ authCode: slow.zzdSim.mintAuthCode(id) })
      expect([response.status, response.body.error.code]).toEqual([503, 'AUTH_PLATFORM_UNAVAILABLE'])
      expect(response.body.error.message).toMatch(/稍后重试/)
      expect(await zzdSessions(userId)).toBe(1)
      slow.zzdSim.setLatency(0)
      expect((await slow.http.post('/api/v1/auth/zzd').send({ authCode: slow.zzdSim.mintAuthCode(id) })).status).toBe(200)
    } finally {
      await slow.close()
    }
  })

  it('bad input is a 400, not a call to 浙政钉', async () => {
    for (const body of [{}, { authCode: '' }, { authCode: 'x'.repeat(200) }, { authCode: 12 }]) {
      const response = await t.http.post('/api/v1/auth/zzd').send(body)
      expect([response.status, response.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    }
  })
})

describe('DingTalk corp sign-in on the current API', () => {
  it('takes its access token from POST /v1.0/oauth2/accessToken once for every instance (the table), not per process', async () => {
    const issued = t.dingtalkSim.stats.tokensIssued
    const code = () => simulatorCode(t.dingtalkSim.url, '/__sim/dd/auth-code', { userid: 'dd-zhangsan' })
    expect((await t.http.post('/api/v1/auth/dingtalk').send({ authCode: await code() })).status).toBe(200)
    // a second instance (another client on the same database) reads the token the first one stored
    const other = new DingtalkClient({ apiBase: t.dingtalkSim.url, apiV1Base: t.dingtalkSim.url, appKey: 'dingtestkey', appSecret: 'dingtestsecret', agentId: '900001', db: t.database.db, sealer: t.services.pii })
    expect((await other.userIdByAuthCode(await code())).userId).toBe('dd-zhangsan')
    expect(t.dingtalkSim.stats.tokensIssued - issued).toBe(1)
    expect(t.dingtalkSim.issuedTokens.length).toBeGreaterThan(0)
  })

  it('DingTalk not answering is a 503 with a retry path, not a refusal', async () => {
    const offline = await startTestApp({ DINGTALK_API_BASE: 'http://127.0.0.1:9' })
    try {
      const response = await offline.http.post('/api/v1/auth/dingtalk').send({ authCode: await simulatorCode(offline.dingtalkSim.url, '/__sim/dd/auth-code', { userid: 'dd-zhangsan' }) })
      expect([response.status, response.body.error.code]).toEqual([503, 'AUTH_PLATFORM_UNAVAILABLE'])
    } finally {
      await offline.close()
    }
  })
})

describe('人员 admin carries the 浙政钉 accountId', () => {
  it('an admin adds a person with their accountId, who then signs in from 浙政钉; another person cannot take it; it can be changed and cleared', async () => {
    const admin = await t.login('admin')
    const id = accountId()
    const mobile = `139${String(randomBytes(4).readUInt32BE(0) % 1e8).padStart(8, '0')}`
    const [centre] = await t.database.pool.query("SELECT id FROM units WHERE name = '市机关事务管理中心'")
    const unitId = (centre as { id: number }[])[0].id
    const created = await t.http.post('/api/v1/admin/users').set(bearer(admin)).send({ name: '周浙政', mobile, unitId, zzdAccountId: id })
    expect(created.status).toBe(201)
    expect(created.body.zzdAccountId).toBe(id)
    const signedIn = await signIn(t.zzdSim.mintAuthCode(id))
    expect([signedIn.status, signedIn.body.user?.name]).toEqual([200, '周浙政'])

    const other = await staffWith({})
    const taken = await t.http.patch(`/api/v1/admin/users/${other}`).set(bearer(admin)).send({ zzdAccountId: id, reason: '绑定浙政钉' })
    expect([taken.status, taken.body.error.code]).toEqual([409, 'ORG_DINGTALK_ID_TAKEN'])
    const notDigits = await t.http.patch(`/api/v1/admin/users/${other}`).set(bearer(admin)).send({ zzdAccountId: 'abc' })
    expect([notDigits.status, notDigits.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])

    const moved = accountId()
    const changed = await t.http.patch(`/api/v1/admin/users/${created.body.id}`).set(bearer(admin)).send({ zzdAccountId: moved, reason: '浙政钉账号变更' })
    expect([changed.status, changed.body.zzdAccountId]).toEqual([200, moved])
    const [audit] = await t.database.pool.query("SELECT `before`, `after` FROM audit_log WHERE entity = 'user' AND entity_id = ? AND action = 'user.update'", [String(created.body.id)])
    expect(JSON.stringify(audit)).toContain(moved)
    const cleared = await t.http.patch(`/api/v1/admin/users/${created.body.id}`).set(bearer(admin)).send({ zzdAccountId: null, name: '周浙政' })
    expect([cleared.status, cleared.body.zzdAccountId]).toEqual([200, null])
    expect((await signIn(t.zzdSim.mintAuthCode(moved))).status).toBe(403)
  })
})

describe('浙政钉 settings at boot', () => {
  const production = { NODE_ENV: 'production', DATABASE_URL: 'mysql://root@db/egj' }
  const issues = (env: Record<string, string>) => (EnvSchema.safeParse(env).error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`)

  it('production refuses the simulator, a blank secret and a missing tenant, saying which setting', () => {
    const found = issues({ ...production, ZZD_API_BASE: 'http://127.0.0.1:4105', ZZD_APP_KEY: 'egj', ZZD_APP_SECRET: ' ' })
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^ZZD_API_BASE: .*不能是本机的模拟器/), expect.stringMatching(/^ZZD_APP_SECRET: .*ZZD_TENANT_ID/)]))
    const fine = issues({ ...production, ZZD_API_BASE: 'https://openplatform-pro.ding.zj.gov.cn', ZZD_APP_KEY: 'egj', ZZD_APP_SECRET: 's3cret', ZZD_TENANT_ID: '196729' })
    expect(fine.filter((issue) => issue.startsWith('ZZD_'))).toEqual([])
  })

  it('anywhere, an app key without its secret and tenant is refused; without a key 浙政钉 is simply off', () => {
    expect(issues({ DATABASE_URL: 'mysql://root@db/egj', ZZD_APP_KEY: 'egj' })).toEqual([expect.stringMatching(/^ZZD_APP_SECRET: /)])
    expect(issues({ DATABASE_URL: 'mysql://root@db/egj' })).toEqual([])
  })
})
