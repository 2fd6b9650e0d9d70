import { PAGES, pageUrl, parseQrContent, routeForQr } from '@egj/shared'
import { toast } from '../components/Toaster'
import { openPage } from './nav'
import { scanCode } from './platform'

export const UNRECOGNISED = '无法识别的二维码'

/**
 * Sends scanned text to the page for its kind of code. Returns false (and says so) when the
 * text is not one of our codes.
 */
export function openScannedContent(content: string, how: 'navigate' | 'redirect' = 'navigate'): boolean {
  // a visitor's pass (EGJV1.…): the gate checks it
  if (content.startsWith('EGJV1.')) {
    void openPage(pageUrl(PAGES.gateScan, { content }), how)
    return true
  }
  const parsed = parseQrContent(content)
  if (!parsed) {
    toast(UNRECOGNISED, 'fail')
    return false
  }
  void openPage(routeForQr(parsed), how)
  return true
}

/** The 扫码 button: scan, then open the page for the code. */
export async function startScan(): Promise<void> {
  const content = await scanCode()
  if (content !== null) openScannedContent(content)
}
