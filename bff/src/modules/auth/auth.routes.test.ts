import { sha256Hex } from '../../lib/crypto'
import { bearer, simulatorCode, startTestApp, type TestApp } from '../../../test/harness'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [rows] = await t.database.pool.query(sql, params)
  return Number((rows as { n: number }[])[0].n)
}

describe('dev login and /me', () => {
  it('shows 张三 his name, unit and roles', async () => {
    const token = await t.login('zhangsan')
    const me = await t.http.get('/api/v1/me').set(bearer(token))
    expect(me.status).toBe(200)
    expect(me.body).toEqual({ id: expect.any(Number), name: '张三', unit: { id: expect.any(Number), name: '市机关事务管理中心' }, roles: ['staff'] })
  })

  it('gives 李四 both staff and approver, and 王五 his own unit', async () => {
    const lisi = await t.http.get('/api/v1/me').set(bearer(await t.login('lisi')))
    expect(lisi.body.roles).toEqual(['staff', 'approver'])
    const wangwu = await t.http.get('/api/v1/me').set(bearer(await t.login('wangwu')))
    expect(wangwu.body.unit.name).toBe('市发改委')
  })

  it('a visitor has no unit', async () => {
    const me = await t.http.get('/api/v1/me').set(bearer(await t.login('visitor1')))
    expect(me.body).toMatchObject({ unit: null, roles: ['visitor'] })
  })

  it('rejects an unknown username with a Chinese message', async () => {
    const response = await t.http.post('/api/v1/auth/dev-login').send({ username: 'nobody' })
    expect(response.status).toBe(401)
    expect(response.body.error.code).toBe('AUTH_UNKNOWN_USER')
    expect(response.body.error.message).toMatch(/账号不存在/)
  })

  it('rejects wrong types and empty bodies as VALIDATION_FAILED', async () => {
    for (const body of [{}, { username: 42 }, { username: '' }, { username: 'x'.repeat(65) }]) {
      const response = await t.http.post('/api/v1/auth/dev-login').send(body)
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('VALIDATION_FAILED')
    }
  })

  it('rejects malformed JSON as MALFORMED_JSON', async () => {
    const response = await t.http.post('/api/v1/auth/dev-login').set('content-type', 'application/json').send('{"username":')
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('MALFORMED_JSON')
  })

  it('needs a token, and refuses a made-up one', async () => {
    const missing = await t.http.get('/api/v1/me')
    expect(missing.status).toBe(401)
    expect(missing.body.error.code).toBe('AUTH_REQUIRED')
    for (const header of ['Bearer abcdefghijklmnopqrstuvwxyz0123456789', 'Basic Zm9vOmJhcg==', 'Bearer', 'Bearer ' + 'a'.repeat(500)]) {
      const response = await t.http.get('/api/v1/me').set('Authorization', header)
      expect(response.status).toBe(401)
      expect(response.body.error.code).toBe('AUTH_INVALID_TOKEN')
    }
  })

  it('an expired session no longer works', async () => {
    const token = await t.login('zhangsan')
    await t.database.pool.query('UPDATE sessions SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE token_hash = ?', [sha256Hex(token)])
    const response = await t.http.get('/api/v1/me').set(bearer(token))
    expect(response.status).toBe(401)
    expect(response.body.error.code).toBe('AUTH_INVALID_TOKEN')
  })

  it('logout stops the token at once, other sessions keep working', async () => {
    const first = await t.login('lisi')
    const second = await t.login('lisi')
    expect((await t.http.post('/api/v1/auth/logout').set(bearer(first))).status).toBe(200)
    expect((await t.http.get('/api/v1/me').set(bearer(first))).status).toBe(401)
    expect((await t.http.get('/api/v1/me').set(bearer(second))).status).toBe(200)
  })

  it('lists the demo accounts for the H5 account picker', async () => {
    const response = await t.http.get('/api/v1/auth/dev-accounts')
    expect(response.status).toBe(200)
    const usernames = response.body.items.map((item: { username: string }) => item.username)
    expect(usernames).toEqual(expect.arrayContaining(['zhangsan', 'lisi', 'wangwu', 'cashier1', 'guard1', 'dispatcher1', 'driver1', 'huiwu1', 'settle1', 'admin', 'visitor1']))
  })
})

describe('dev login switched off (production config)', () => {
  let prod: TestApp
  beforeAll(async () => {
    prod = await startTestApp({ DEV_LOGIN: 'false' })
  })
  afterAll(() => prod.close())

  it('answers 404 on the dev routes', async () => {
    const login = await prod.http.post('/api/v1/auth/dev-login').send({ username: 'zhangsan' })
    expect(login.status).toBe(404)
    expect(login.body.error.code).toBe('NOT_FOUND')
    expect((await prod.http.get('/api/v1/auth/dev-accounts')).status).toBe(404)
  })
})

describe('WeChat login', () => {
  const wxCode = (openid: string) => simulatorCode(t.wechatSim.url, '/__sim/wx/login-code', { openid })

  it('a new WeChat user becomes a visitor who may bind; binding by mobile signs in as the staff member', async () => {
    const login = await t.http.post('/api/v1/auth/wechat').send({ code: await wxCode('o-new-wangwu') })
    expect(login.status).toBe(200)
    expect(login.body).toMatchObject({ needsBinding: true, user: { unit: null, roles: ['visitor'] } })

    const phoneCode = await simulatorCode(t.wechatSim.url, '/__sim/wx/phone-code', { phoneNumber: '13800000003' })
    const bind = await t.http.post('/api/v1/auth/wechat/bind').set(bearer(login.body.token)).send({ phoneCode })
    expect(bind.status).toBe(200)
    expect(bind.body.user).toMatchObject({ name: '王五', unit: { name: '市发改委' } })
    // the visitor session is gone; the next WeChat login lands straight on the staff account
    expect((await t.http.get('/api/v1/me').set(bearer(login.body.token))).status).toBe(401)
    const again = await t.http.post('/api/v1/auth/wechat').send({ code: await wxCode('o-new-wangwu') })
    expect(again.body).toMatchObject({ needsBinding: false, user: { name: '王五' } })
  })

  it('refuses a mobile number that belongs to no staff member', async () => {
    const login = await t.http.post('/api/v1/auth/wechat').send({ code: await wxCode('o-stranger') })
    const phoneCode = await simulatorCode(t.wechatSim.url, '/__sim/wx/phone-code', { phoneNumber: '13999999999' })
    const bind = await t.http.post('/api/v1/auth/wechat/bind').set(bearer(login.body.token)).send({ phoneCode })
    expect(bind.status).toBe(404)
    expect(bind.body.error.code).toBe('AUTH_BIND_NO_STAFF')
  })

  it('refuses a code WeChat rejects, and a code used twice, writing nothing', async () => {
    const before = await count('SELECT COUNT(*) AS n FROM users')
    const bogus = await t.http.post('/api/v1/auth/wechat').send({ code: 'not-a-real-code' })
    expect(bogus.status).toBe(401)
    expect(bogus.body.error).toMatchObject({ code: 'AUTH_WECHAT_CODE_INVALID', message: expect.stringMatching(/微信/) })

    const code = await wxCode('o-twice')
    expect((await t.http.post('/api/v1/auth/wechat').send({ code })).status).toBe(200)
    const reused = await t.http.post('/api/v1/auth/wechat').send({ code })
    expect(reused.status).toBe(401)
    expect(reused.body.error.code).toBe('AUTH_WECHAT_CODE_INVALID')
    expect(await count('SELECT COUNT(*) AS n FROM users')).toBe(before + 1)
  })

  it('parallel first logins of one WeChat user create one identity', async () => {
    const codes = await Promise.all(Array.from({ length: 8 }, () => wxCode('o-racer')))
    const responses = await Promise.all(codes.map((code) => t.http.post('/api/v1/auth/wechat').send({ code })))
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(new Set(responses.map((r) => r.body.user.id)).size).toBe(1)
    expect(await count("SELECT COUNT(*) AS n FROM users WHERE wechat_openid = 'o-racer'")).toBe(1)
  })
})

describe('DingTalk / 浙政钉 login', () => {
  it('signs a bound staff member in', async () => {
    const authCode = await simulatorCode(t.dingtalkSim.url, '/__sim/dd/auth-code', { userid: 'dd-zhangsan' })
    const response = await t.http.post('/api/v1/auth/dingtalk').send({ authCode })
    expect(response.status).toBe(200)
    expect(response.body.user.name).toBe('张三')
  })

  it('refuses an unbound DingTalk user and a rejected code', async () => {
    const authCode = await simulatorCode(t.dingtalkSim.url, '/__sim/dd/auth-code', { userid: 'dd-unknown' })
    const unbound = await t.http.post('/api/v1/auth/dingtalk').send({ authCode })
    expect(unbound.status).toBe(403)
    expect(unbound.body.error.code).toBe('AUTH_DINGTALK_NOT_BOUND')
    const bogus = await t.http.post('/api/v1/auth/dingtalk').send({ authCode: 'nope' })
    expect(bogus.status).toBe(401)
    expect(bogus.body.error.code).toBe('AUTH_DINGTALK_CODE_INVALID')
  })
})
