import type { Browser, Page } from 'playwright-core'
import { phoneContext } from './browser'
import { visibleText } from './visible'

/** A phone signed in as a demo user through the login page's account picker, as a tester would. */
export async function signedInPhone(browser: Browser, baseUrl: string, displayName: string): Promise<Page> {
  const context = await phoneContext(browser, baseUrl)
  const page = await context.newPage()
  await page.goto('/#/pages/login/index')
  await visibleText(page, displayName).click()
  await page.waitForURL(/pages\/mine\/index/)
  return page
}
