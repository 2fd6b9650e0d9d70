import type { Browser, Page } from 'playwright-core'
import type { TestApp } from '../bff/test/harness'
import { phoneContext } from './browser'
import { visibleText } from './visible'

/**
 * A phone already signed in as `username` (token from dev login, stored where the app keeps it,
 * as Taro's H5 storage does): for specs about what comes after login. Opens 我的.
 */
export async function phoneAs(browser: Browser, t: TestApp, username: string): Promise<Page> {
  const token = await t.login(username)
  const context = await phoneContext(browser, t.url)
  await context.addInitScript((value) => localStorage.setItem('egj.token', JSON.stringify({ data: value })), token)
  const page = await context.newPage()
  await page.goto('/#/pages/mine/index')
  await visibleText(page, '退出登录').waitFor()
  return page
}
