import { PAGES, pageUrl, parseQrContent, routeForQr } from '@egj/shared'
import { openPage, scanLandingPage } from './nav'
import { scanCode } from './platform'

export const UNRECOGNISED = '无法识别的二维码'
/** What to scan instead (under UNRECOGNISED): the codes the app knows. */
export const UNRECOGNISED_HINT = '请扫描 e管家 的食堂窗口码、一车一码、会议室门牌码、资产码、位置码或访客通行码'

/** The page for scanned text (a visitor's pass goes to the gate), or null when it is not one of our codes. */
export function pageForScan(content: string): string | null {
  if (content.startsWith('EGJV1.')) return pageUrl(PAGES.gateScan, { content })
  const parsed = parseQrContent(content)
  return parsed ? routeForQr(parsed) : null
}

/**
 * Opens the page for scanned text. A code that is not ours opens the scan landing page, which
 * says so and offers 重新扫码 (a page, not a toast that is gone before it is read).
 */
export function openScannedContent(content: string, how: 'navigate' | 'redirect' = 'navigate'): void {
  void openPage(pageForScan(content) ?? scanLandingPage(content), how)
}

/** The 扫码 button: scan, then open the page for the code. */
export async function startScan(how: 'navigate' | 'redirect' = 'navigate'): Promise<void> {
  const content = await scanCode()
  if (content !== null) openScannedContent(content, how)
}
