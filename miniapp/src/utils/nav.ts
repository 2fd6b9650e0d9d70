import Taro from '@tarojs/taro'

export const HOME_PAGE = '/pages/index/index'
export const MINE_PAGE = '/pages/mine/index'
export const LOGIN_PAGE = '/pages/login/index'
/** where a scanned code lands (`?code=`): it opens the code's page, or says the code is not ours */
export const SCAN_LANDING_PAGE = '/pages/scan/index'
export const INBOX_PAGE = '/packages/inbox/pages/index/index'
export const MEAL_ACCOUNT_PAGE = '/packages/meal/pages/account/index'
export const MEAL_CASHIER_PAGE = '/packages/meal/pages/cashier/index'
export const mealReceiptPage = (paymentId: number) => `/packages/meal/pages/receipt/index?id=${paymentId}`
export const MEAL_ADMIN_PAGE = '/packages/meal-admin/pages/merchants/index'
export const MEAL_SETTLEMENT_PAGE = '/packages/meal-admin/pages/settlement/index'
export const MEAL_STATEMENT_PAGE = '/packages/meal-admin/pages/statement/index'
export const notFoundPage = (path: string) => `/packages/common/pages/not-found/index?path=${encodeURIComponent(path)}`
export const mealVoucherPage = (code: string) => `/packages/meal/pages/voucher/index?code=${code}`

const TAB_PAGES = [HOME_PAGE, MINE_PAGE]

function pathOf(url: string): string {
  return url.split('?')[0]
}

/** Only our own pages may be a redirect target (no odd strings from a crafted link). */
export function isAppPage(url: string): boolean {
  return /^\/(pages|packages)\/[\w/-]+(\?.*)?$/.test(url)
}

/** Opens an in-app page; tab pages need switchTab. `replace` swaps the current page. */
export async function openPage(url: string, how: 'navigate' | 'redirect' = 'navigate'): Promise<void> {
  if (TAB_PAGES.includes(pathOf(url))) {
    await Taro.switchTab({ url: pathOf(url) })
  } else if (how === 'redirect') {
    await Taro.redirectTo({ url })
  } else {
    await Taro.navigateTo({ url })
  }
}

/**
 * Leaves the current page for `url`. When `url` is the page right below this one (the usual case
 * after login: the user came from there) we go back to it, so the stack stays as it was and that
 * page refreshes in its onShow; otherwise the current page is replaced.
 */
export async function leaveTo(url: string): Promise<void> {
  const pages = Taro.getCurrentPages()
  const previous = pages.length > 1 ? pages[pages.length - 2] : undefined
  const previousPath = previous?.route ? `/${pathOf(previous.route).replace(/^\//, '')}` : null
  if (previousPath === pathOf(url)) await Taro.navigateBack()
  else await openPage(url, 'redirect')
}

/** The current page as a URL with its query, to come back to after login. */
export function currentPageUrl(): string {
  const router = Taro.getCurrentInstance().router
  if (!router) return HOME_PAGE
  const path = pathOf(router.path.startsWith('/') ? router.path : `/${router.path}`)
  const query = Object.entries(router.params)
    // Taro adds its own keys ($taroTimestamp, stamp): they are not ours to keep
    .filter(([key, value]) => !key.startsWith('$') && key !== 'stamp' && value !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join('&')
  return query ? `${path}?${query}` : path
}

/** To the login page, returning here afterwards. */
export function goLogin(): void {
  void Taro.navigateTo({ url: `${LOGIN_PAGE}?redirect=${encodeURIComponent(currentPageUrl())}` })
}

/** Decodes a query value that may arrive encoded once or twice (weapp passes `q` encoded). */
export function decodeParam(value: string | undefined): string {
  let text = value ?? ''
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(text); i++) {
    try {
      text = decodeURIComponent(text)
    } catch {
      break
    }
  }
  return text
}
