import type { Browser } from 'playwright-core'
import type { TestApp } from '../bff/test/harness'
import { startAppWithH5 } from './app'
import { visibleText } from './visible'
import { phoneAs } from './session'
import { launchBrowser, phoneContext, screenshot } from './browser'
import { writeQrVideo } from './fake-camera'

let t: TestApp
let browser: Browser
/** no fake camera: the one that plays a window code would race the typing and win */
let cameraless: Browser
beforeAll(async () => {
  t = await startAppWithH5()
})
afterAll(async () => {
  await browser?.close()
  await cameraless?.close()
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
  }, 90_000) // a second Chromium with a fake camera: over 30 s once under the full suite

  it('without a readable code, manual entry still gets the user there', async () => {
    cameraless ??= await launchBrowser()
    const context = await phoneContext(cameraless, t.url)
    const page = await context.newPage()
    await page.goto('/#/packages/scanner/pages/index/index')
    await page.getByRole('textbox', { name: /手动输入/ }).filter({ visible: true }).first().fill(`/q/r/${t.services.qr.token('r', 3)}`)
    await visibleText(page, '确定').click()
    // the door page: a signed-out phone is asked to log in (the room's day is for staff)
    await visibleText(page, '登录后查看会议室并签到').waitFor()
    expect(page.url()).toContain('/packages/room/pages/door/index')
  })

  it("someone else's code is said over the camera while it keeps looking, and a wrong typed code under the field — never in a toast", async () => {
    const foreign = await launchBrowser({ fakeCameraFile: writeQrVideo('https://example.com/not-ours') })
    try {
      const page = await (await phoneContext(foreign, t.url)).newPage()
      await page.context().grantPermissions(['camera'], { origin: t.url })
      await page.goto('/#/packages/scanner/pages/index/index')
      await visibleText(page, '无法识别的二维码').waitFor({ timeout: 15_000 })
      await visibleText(page, '请扫描 e管家 的食堂窗口码、一车一码、会议室门牌码、资产码、位置码或访客通行码').waitFor()
      await screenshot(page, 'scanner-foreign-code')
      await page.getByRole('textbox', { name: /手动输入/ }).filter({ visible: true }).first().fill('hello')
      await visibleText(page, '确定').click()
      await visibleText(page, '无法识别的二维码：请输入码下方印的编号（如 M12-7KQ4PX）或码中的链接').waitFor()
      expect(await page.locator('.nut-toast').filter({ visible: true }).count()).toBe(0)
      expect(page.url()).toContain('/packages/scanner/pages/index/index')
    } finally {
      await foreign.close()
    }
  })

  it('the short code printed under a QR, typed in lower case, opens the same page', async () => {
    cameraless ??= await launchBrowser()
    const context = await phoneContext(cameraless, t.url)
    const page = await context.newPage()
    await page.goto('/#/packages/scanner/pages/index/index')
    await visibleText(page, /码下方印的编号/).waitFor()
    await page.getByRole('textbox', { name: /手动输入/ }).filter({ visible: true }).first().fill(t.services.qr.shortCode('r', 3).toLowerCase())
    await visibleText(page, '确定').click()
    // the door page: a signed-out phone is asked to log in (the room's day is for staff)
    await visibleText(page, '登录后查看会议室并签到').waitFor()
    expect(page.url()).toContain('/packages/room/pages/door/index')
  })
})
