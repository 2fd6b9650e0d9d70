import { startTestApp, type TestApp } from '../../../test/harness'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('scanned codes', () => {
  it('verifies a signed code and says which page handles it', async () => {
    const url = t.services.qr.url('m', 7)
    expect(url).toMatch(new RegExp(`^${t.url}/q/m/7\\.[\\w-]{16}$`))
    const response = await t.http.get('/api/v1/qr/resolve').query({ code: url })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ kind: 'm', kindName: '食堂窗口码', id: '7', path: expect.stringMatching(/^\/packages\/meal\/pages\/pay\/index\?token=7\./) })
  })

  it('routes a location code (位置码, kind l) to the report page with its token', async () => {
    const token = t.services.qr.token('l', 5)
    const response = await t.http.get('/api/v1/qr/resolve').query({ code: t.services.qr.url('l', 5) })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ kind: 'l', kindName: '位置码', id: '5', path: `/packages/repair/pages/report/index?token=${encodeURIComponent(token)}` })
  })

  it('recognises a forged sticker: another id with a copied signature, or a truncated token', async () => {
    const genuine = t.services.qr.token('v', 12)
    const signature = genuine.split('.')[1]
    for (const code of [`/q/v/13.${signature}`, `/q/v/${genuine.slice(0, -3)}`, `/q/m/${genuine}`]) {
      const response = await t.http.get('/api/v1/qr/resolve').query({ code })
      expect(response.status).toBe(400)
      expect(response.body.error).toMatchObject({ code: 'QR_FORGED', message: expect.stringMatching(/伪造/) })
    }
  })

  it('says a foreign code is not ours', async () => {
    for (const code of ['https://example.com/hello', 'hello world', '/q/x/1.abc', '/q/m/only-one-part']) {
      const response = await t.http.get('/api/v1/qr/resolve').query({ code })
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('QR_INVALID')
    }
  })

  it('a code URL opened in a phone browser goes straight to the H5 page that handles it', async () => {
    const token = t.services.qr.token('r', 3)
    const response = await t.http.get(`/q/r/${token}`)
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe(`/#/packages/room/pages/door/index?token=${encodeURIComponent(token)}`)
  })

  it('a code URL that does not parse lands on the scan page, which says so', async () => {
    const response = await t.http.get('/q/m/only-one-part')
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe(`/#/pages/scan/index?code=${encodeURIComponent('/q/m/only-one-part')}`)
  })

  it('an unknown kind of code opened in a browser lands on the scan page too (which says it is not ours), not on raw JSON', async () => {
    const response = await t.http.get('/q/x/1.abc')
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe(`/#/pages/scan/index?code=${encodeURIComponent('/q/x/1.abc')}`)
  })

  it('accepts the short code printed under a QR, typed by hand in any case, and refuses a wrong check', async () => {
    const short = t.services.qr.shortCode('m', 7)
    expect(short).toMatch(/^M7-[0-9A-HJKMNP-TV-Z]{6}$/)
    const typed = await t.http.get('/api/v1/qr/resolve').query({ code: ` ${short.toLowerCase()} ` })
    expect(typed.status).toBe(200)
    expect(typed.body).toMatchObject({ kind: 'm', id: '7', path: `/packages/meal/pages/pay/index?token=${short}` })
    const other = t.services.qr.shortCode('m', 8).split('-')[1]
    const forged = await t.http.get('/api/v1/qr/resolve').query({ code: `M7-${other}` })
    expect([forged.status, forged.body.error.code]).toEqual([400, 'QR_FORGED'])
  })
})

describe("WeChat's verification file for the /q/ rule (扫普通链接二维码打开小程序)", () => {
  it('serves the configured file under /q/ as plain text, and nothing else there', async () => {
    const withFile = await startTestApp({ WECHAT_QR_VERIFY_FILE: 'a1B2c3D4e5.txt:0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c' })
    try {
      const file = await withFile.http.get('/q/a1B2c3D4e5.txt')
      expect(file.status).toBe(200)
      expect(file.headers['content-type']).toMatch(/^text\/plain/)
      expect(file.text).toBe('0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c')
      const other = await withFile.http.get('/q/other.txt')
      expect([other.status, other.body.error.code]).toEqual([404, 'NOT_FOUND'])
      // printed codes still open their page
      const code = await withFile.http.get(`/q/r/${withFile.services.qr.token('r', 3)}`)
      expect(code.status).toBe(302)
    } finally {
      await withFile.close()
    }
  })

  it('answers 404 when no verification file is configured', async () => {
    const response = await t.http.get('/q/a1B2c3D4e5.txt')
    expect(response.status).toBe(404)
    expect(response.body.error.message).toBe('请求的内容不存在')
  })
})
