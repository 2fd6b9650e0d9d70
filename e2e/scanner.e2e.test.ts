import type { Browser } from 'playwright-core'
import type { TestApp } from '../bff/test/harness'
import { startAppWithH5 } from './app'
import { visibleText } from './visible'
import { phoneAs } from './session'
import { launchBrowser, phoneContext, screenshot } from './browser'
import { writeQrVideo } from './fake-camera'

let t: TestApp
let browser: Browser
beforeAll(async () => {
  t = await startAppWithH5()
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('H5 camera scanner', () => {
  it('reads a real QR code from the camera and lands on the page for its kind', async () => {
    // Chromium's fake camera plays a video of a printed window code.
    const code = t.services.qr.url('m', 1) // the demo canteen's 一楼 1号窗口
    browser = await launchBrowser({ fakeCameraFile: writeQrVideo(code) })
    const page = await phoneAs(browser, t, 'zhangsan')
    await page.context().grantPermissions(['camera'], { origin: t.url })
    await page.goto('/')
    await visibleText(page, '扫码支付').click()
    await visibleText(page, '已验证').waitFor({ timeout: 15_000 })
    await visibleText(page, '一楼 1号窗口').waitFor()
    expect(page.url()).toContain('/packages/meal/pages/pay/index')
    await screenshot(page, 'scanner-landed')
  })

  it('without a readable code, manual entry still gets the user there', async () => {
    const context = await phoneContext(browser, t.url)
    const page = await context.newPage()
    await page.goto('/#/packages/scanner/pages/index/index')
    await page.getByRole('textbox', { name: /手动输入/ }).filter({ visible: true }).first().fill(`/q/r/${t.services.qr.token('r', 3)}`)
    await visibleText(page, '确定').click()
    await visibleText(page, '二维码校验通过').waitFor()
    expect(page.url()).toContain('/packages/room/pages/door/index')
  })

  it('the short code printed under a QR, typed in lower case, opens the same page', async () => {
    const context = await phoneContext(browser, t.url)
    const page = await context.newPage()
    await page.goto('/#/packages/scanner/pages/index/index')
    await visibleText(page, /码下方印的编号/).waitFor()
    await page.getByRole('textbox', { name: /手动输入/ }).filter({ visible: true }).first().fill(t.services.qr.shortCode('r', 3).toLowerCase())
    await visibleText(page, '确定').click()
    await visibleText(page, '二维码校验通过').waitFor()
    expect(page.url()).toContain('/packages/room/pages/door/index')
  })
})
