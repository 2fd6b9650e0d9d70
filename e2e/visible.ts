import type { Locator, Page } from 'playwright-core'

/**
 * Taro's H5 router keeps earlier pages in the DOM, hidden: look only at what the user can see,
 * as the user would.
 */
export function visibleText(page: Page, text: string | RegExp, exact = typeof text === 'string'): Locator {
  return page.getByText(text, { exact }).filter({ visible: true }).first()
}
