import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startTestApp, type TestApp } from '../../../test/harness'

// A code opened in a phone's browser (/q/<kind>/<token>) with the H5 build served by the BFF: the
// page itself comes back, its route in a meta tag — no redirect round trip on a slow network.
let t: TestApp
let h5: string
beforeAll(async () => {
  h5 = fs.mkdtempSync(path.join(os.tmpdir(), 'egj-h5-'))
  fs.writeFileSync(path.join(h5, 'index.html'), '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>e管家</title><script>/* reads meta[name=egj-route] */</script></head><body><div id="app"></div></body></html>')
  t = await startTestApp({ H5_DIST: h5 })
})
afterAll(async () => {
  await t.close()
  fs.rmSync(h5, { recursive: true, force: true })
})

const routeOf = (html: string) => /<meta name="egj-route" content="([^"]*)">/.exec(html)?.[1]

describe('a code opened in a browser', () => {
  it('answers a window code with the app, already routed to the pay page', async () => {
    const token = t.services.qr.token('m', 3)
    const landing = await t.http.get(`/q/m/${token}`)
    expect(landing.status).toBe(200)
    expect(landing.headers['content-type']).toMatch(/^text\/html/)
    expect(landing.headers['cache-control']).toBe('no-cache')
    expect(routeOf(landing.text)).toBe(`/#/packages/meal/pages/pay/index?token=${token}`)
    expect(landing.text).toContain('<div id="app"></div>')
  })

  it('sends what does not parse to the scan page, the code escaped', async () => {
    const landing = await t.http.get(`/q/m/${encodeURIComponent('x"><script>alert(1)</script>')}`)
    expect(landing.status).toBe(200)
    expect(landing.text).not.toContain('<script>alert(1)')
    const route = routeOf(landing.text)!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)))
    expect(route).toMatch(/^\/#\/pages\/scan\/index\?code=/)
    expect(decodeURIComponent(route.split('code=')[1])).toBe('/q/m/x"><script>alert(1)</script>')
  })
})
