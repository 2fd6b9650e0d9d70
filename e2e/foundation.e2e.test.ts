import type { Page } from 'playwright-core'
import { useAppAndBrowser } from './app'
import { visibleText } from './visible'
import { phoneAs } from './session'
import { phoneContext, screenshot } from './browser'

const suite = useAppAndBrowser()

async function newPage(): Promise<Page> {
  const context = await phoneContext(suite.browser, suite.t.url)
  return context.newPage()
}

describe('H5 app on a phone', () => {
  it('opens a Chinese home page with the service grid', async () => {
    const page = await newPage()
    await page.goto('/')
    // signed out: what anyone may use (用车, 会议室 and the rest appear by role once signed in)
    for (const label of ['扫码支付', '访客预约', '我的来访', '我的']) await visibleText(page, label).waitFor()
    await screenshot(page, 'home')
    await page.context().close()
  })

  it('zhangsan logs in with the dev account picker and sees his name, unit and role on 我的', async () => {
    const page = await newPage()
    await page.goto('/#/pages/login/index')
    await visibleText(page, '张三').click()
    await page.waitForURL(/pages\/mine\/index/)
    await visibleText(page, '张三').waitFor()
    await visibleText(page, '市机关事务管理中心', false).waitFor()
    await visibleText(page, '机关干部', false).waitFor()
    await screenshot(page, 'mine-zhangsan')
    await page.context().close()
  })

  it('a window code URL opened in the phone browser lands on the pay page, verified', async () => {
    const page = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await page.goto(`/q/m/${suite.t.services.qr.token('m', 1)}`) // the demo canteen's 一楼 1号窗口
    await visibleText(page, '已验证').waitFor()
    await visibleText(page, '一楼 1号窗口').waitFor()
    expect(page.url()).toContain('/packages/meal/pages/pay/index')
    await screenshot(page, 'deeplink-meal')
    await page.context().close()
  })

  it('a forged code URL is called out as forged', async () => {
    const page = await phoneAs(suite.browser, suite.t, 'zhangsan')
    const genuine = suite.t.services.qr.token('v', 5)
    await page.goto(`/q/v/6.${genuine.split('.')[1]}`)
    await visibleText(page, /伪造/).waitFor()
    await screenshot(page, 'deeplink-forged')
    await page.context().close()
  })
})
