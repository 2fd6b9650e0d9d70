import { randomUUID } from 'node:crypto'
import { inShanghai } from '@egj/shared'
import jsQR from 'jsqr'
import type { Page } from 'playwright-core'
import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

/** A phone whose every step fails within 20 s (so a stuck step names itself inside the test's time). */
async function phoneOf(username: string): Promise<Page> {
  const page = await phoneAs(suite.browser, suite.t, username)
  page.setDefaultTimeout(20_000)
  return page
}

/** A 居民身份证 number nobody else in this database uses, with its GB 11643 check digit. */
function idCardNumber(): string {
  const body = `330106${1980 + Math.floor(Math.random() * 20)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = weights.reduce((total, w, i) => total + w * Number(body[i]), 0)
  return body + '10X98765432'[sum % 11]
}

/** The pass page's QR as the phone drew it: its <img> painted on a canvas, read back and decoded. */
async function readPassQr(page: Page): Promise<string> {
  const img = page.locator('img[aria-label="访客通行码"], [aria-label="访客通行码"] img').filter({ visible: true }).first()
  await img.waitFor()
  const pixels = await img.evaluate(async (el: HTMLImageElement) => {
    if (!el.complete) await new Promise((resolve) => el.addEventListener('load', resolve, { once: true }))
    const canvas = document.createElement('canvas')
    canvas.width = el.naturalWidth
    canvas.height = el.naturalHeight
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D
    ctx.drawImage(el, 0, 0)
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height)
    return { width: data.width, height: data.height, data: Array.from(data.data) }
  })
  const found = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height)
  if (!found) throw new Error('the pass page shows no readable QR code')
  return found.data
}

async function gateCheck(guard: Page, content: string): Promise<void> {
  await guard.getByRole('textbox', { name: /手动输入通行码/ }).filter({ visible: true }).first().fill(content)
  await visibleText(guard, '核验').click()
}

async function api(username: string) {
  const token = await suite.t.login(username)
  return {
    get: (path: string) => suite.t.http.get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body?: object) => suite.t.http.post(path).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send(body ?? {}),
  }
}

describe('访客预约 on three phones', () => {
  it('visitor1 books a visit to 李四; 李四 approves; the guard scans the pass in and out; the pass is then 已离开', async () => {
    const visitorName = `林访客${Math.floor(Math.random() * 900 + 100)}`
    const visitor = await phoneOf('visitor1')
    await visitor.goto('/#/packages/visit/pages/book/index')
    await visibleText(visitor, '预约来访').waitFor()
    // Taro wraps each <input> / <textarea> in its own element carrying the same placeholder
    const field = (placeholder: string) => visitor.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).filter({ visible: true }).first()
    await field('与证件一致').fill(visitorName)
    await field('11 位手机号').fill('13912345678')
    await field('18 位身份证号').fill(idCardNumber())
    await field('选填').fill('杭州某科技有限公司')
    await visibleText(visitor, '市机关事务管理中心').click()
    await field('被访人姓名').fill('李四')
    await visibleText(visitor, '选择').click()
    await visibleText(visitor, '更换').waitFor()
    await field('如 商谈项目合作').fill('商谈项目合作')
    await field('如 浙A12345').fill('浙AD12345')
    await screenshot(visitor, 'visit-book')
    await visibleText(visitor, '提交预约').click()
    await visibleText(visitor, '待审批').waitFor()
    await visibleText(visitor, '等待 李四 审批').waitFor()
    await screenshot(visitor, 'visit-detail-pending')
    const visitId = Number(new URL(visitor.url().replace('/#/', '/')).searchParams.get('id'))
    expect(visitId).toBeGreaterThan(0)

    // 李四, on his own phone, from 待我审批
    const host = await phoneOf('lisi')
    await host.goto('/#/packages/visit/pages/list/index')
    await visibleText(host, visitorName).click()
    // 不同意 and 同意 side by side: the same top and the same height
    const box = async (text: string) => (await host.locator('.nut-button').filter({ hasText: new RegExp(`^${text}$`), visible: true }).first().boundingBox())!
    await visibleText(host, '同意').waitFor()
    const [no, yes] = [await box('不同意'), await box('同意')]
    expect([no.y, no.height]).toEqual([yes.y, yes.height])
    await visibleText(host, '同意').click()
    await visibleText(host, '已通过').waitFor()
    await screenshot(host, 'visit-detail-approved')

    await visitor.reload()
    await visibleText(visitor, '查看通行码').click()
    const content = await readPassQr(visitor)
    expect(content).toMatch(new RegExp(`^EGJV1\\.${visitId}\\.\\d+\\.[0-9a-f]{16}$`))
    await visibleText(visitor, visitorName).waitFor()
    await visibleText(visitor, '浙AD12345').waitFor()
    await screenshot(visitor, 'visit-pass')

    const guard = await phoneOf('guard1')
    await guard.goto('/#/packages/gate/pages/scan/index')
    await gateCheck(guard, content)
    await visibleText(guard, '允许入园').waitFor()
    await visibleText(guard, visitorName, false).waitFor()
    await screenshot(guard, 'gate-allow-in')
    expect((await (await api('visitor1')).get(`/api/v1/visits/${visitId}`)).body.status).toBe('checked_in')

    // the same pass again at once: not a second green 允许入园, but since when the visitor is inside
    await gateCheck(guard, await readPassQr(visitor))
    await visibleText(guard, `已在园（${await checkedInClock(visitId)} 入园）`).waitFor()
    await visibleText(guard, '办理离开').waitFor()
    expect(await visibleText(guard, '允许入园').count()).toBe(0)
    await screenshot(guard, 'gate-already-inside')

    await visibleText(guard, '在园名单').click()
    await visibleText(guard, visitorName, false).waitFor()
    await screenshot(guard, 'gate-on-site')

    // a second scan within a minute repeats the first answer (the same person still at the gate):
    // move this visit's entry a few minutes into the past instead of waiting
    await backdate(visitId, 'checked_in_at')
    await visibleText(guard, '扫码核验').click()
    await gateCheck(guard, await readPassQr(visitor))
    await visibleText(guard, '允许离开').waitFor()
    await screenshot(guard, 'gate-allow-out')

    await backdate(visitId, 'checked_out_at')
    await guard.waitForTimeout(500)
    await gateCheck(guard, await readPassQr(visitor))
    await visibleText(guard, '禁止通行').waitFor()
    await visibleText(guard, '已离开').waitFor()
    await screenshot(guard, 'gate-deny-left')
  }, 120_000)

  it('the pass page keeps producing codes with the network cut off, and the gate accepts one', async () => {
    const visitor = await api('visitor1')
    const host = await api('lisi')
    const hosts = await visitor.get(`/api/v1/visits/hosts?unitId=${(await unitId())}&q=${encodeURIComponent('李四')}`)
    const start = new Date(Date.now() + 5 * 60_000)
    const created = await visitor.post('/api/v1/visits', {
      visitorName: '林访客离线',
      mobile: '13912345679',
      idType: 'id_card',
      idNumber: idCardNumber(),
      purpose: '送材料',
      hostId: hosts.body.items[0].id,
      startAt: start.toISOString(),
      endAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
    })
    expect(created.status).toBe(201)
    expect((await host.post(`/api/v1/visits/${created.body.id}/approve`)).status).toBe(200)

    const phone = await phoneOf('visitor1')
    await phone.goto(`/#/packages/visit/pages/pass/index?id=${created.body.id}`)
    const online = await readPassQr(phone)
    await phone.context().setOffline(true)
    // the next code, computed on the phone with no network (≤ 30 s away)
    let offline = online
    for (let i = 0; i < 40 && offline === online; i++) {
      await phone.waitForTimeout(1000)
      offline = await readPassQr(phone)
    }
    expect(offline).not.toBe(online)
    await visibleText(phone, '当前无网络，通行码仍可正常使用').waitFor({ timeout: 35_000 })
    await screenshot(phone, 'visit-pass-offline')

    const guard = await phoneOf('guard1')
    await guard.goto('/#/packages/gate/pages/scan/index')
    await gateCheck(guard, offline)
    await visibleText(guard, '允许入园').waitFor()
    await phone.context().setOffline(false)

    // scanned again: 已在园, and the guard lets the visitor out from there
    await gateCheck(guard, offline)
    await visibleText(guard, `已在园（${await checkedInClock(created.body.id)} 入园）`).waitFor()
    await visibleText(guard, '办理离开').click()
    await visibleText(guard, '允许离开').waitFor()
    expect((await visitor.get(`/api/v1/visits/${created.body.id}`)).body.status).toBe('checked_out')
  }, 120_000)

  it('the guard registers a walk-in; the screen follows until 李四 agrees, then checks the visitor in', async () => {
    const guard = await phoneOf('guard1')
    await guard.goto('/#/packages/gate/pages/walk-in/index')
    const field = (placeholder: string) => guard.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).filter({ visible: true }).first()
    const name = `现场访客${Math.floor(Math.random() * 900 + 100)}`
    await field('与证件一致').fill(name)
    await field('11 位手机号').fill('13912345670')
    await field('18 位身份证号').fill(idCardNumber())
    await visibleText(guard, '市机关事务管理中心').click()
    await field('被访人姓名').fill('李四')
    await visibleText(guard, '选择').click()
    await visibleText(guard, '更换').waitFor()
    await field('如 送文件').fill('送文件')
    await visibleText(guard, '登记并通知被访人').click()
    await visibleText(guard, '本页每 3 秒自动刷新，被访人同意后即可办理入园').waitFor()
    const [rows] = await suite.t.database.pool.query('SELECT id FROM visits WHERE visitor_name = ?', [name])
    const visitId = (rows as { id: number }[])[0].id
    expect((await (await api('lisi')).post(`/api/v1/visits/${visitId}/approve`)).status).toBe(200)
    await visibleText(guard, '李四 已同意来访').waitFor({ timeout: 10_000 })
    await screenshot(guard, 'gate-walk-in-approved')
    await visibleText(guard, '办理入园').click()
    await visibleText(guard, '允许入园').waitFor()
    expect((await (await api('guard1')).get(`/api/v1/visits/${visitId}`)).body.status).toBe('checked_in')
    await guard.context().close()
  })

  it('a code that is not a pass tells the guard what to do', async () => {
    const guard = await phoneOf('guard1')
    await guard.goto('/#/packages/gate/pages/scan/index')
    await gateCheck(guard, 'https://example.com/not-a-pass')
    await visibleText(guard, '禁止通行').waitFor()
    await visibleText(guard, '不是有效的访客通行码，请让访客打开 e管家 通行码').waitFor()
    expect(await visibleText(guard, '签名无效').count()).toBe(0)
    await screenshot(guard, 'gate-not-a-pass')
    await guard.context().close()
  })
})

async function unitId(): Promise<number> {
  const [rows] = await suite.t.database.pool.query("SELECT id FROM units WHERE name = '市机关事务管理中心'")
  return (rows as { id: number }[])[0].id
}

/** When the visit was checked in, as the gate shows it (HH:mm, Asia/Shanghai). */
async function checkedInClock(visitId: number): Promise<string> {
  const [rows] = await suite.t.database.pool.query('SELECT checked_in_at AS at FROM visits WHERE id = ?', [visitId])
  return inShanghai((rows as { at: Date }[])[0].at).format('HH:mm')
}

async function backdate(visitId: number, column: 'checked_in_at' | 'checked_out_at'): Promise<void> {
  await suite.t.database.pool.query(`UPDATE visits SET ${column} = ${column} - INTERVAL 3 MINUTE WHERE id = ?`, [visitId])
}
