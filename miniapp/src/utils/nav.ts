import Taro from '@tarojs/taro'
import { PAGES, pageUrl } from '@egj/shared'
import { getToken } from '../store/token'
import { loginMethod } from './platform'

// page addresses come from the route table in shared (ARCHITECTURE.md point 15)
export const HOME_PAGE = pageUrl(PAGES.home)
export const MINE_PAGE = pageUrl(PAGES.mine)
export const LOGIN_PAGE = pageUrl(PAGES.login)
/** where a scanned code lands (`?code=`): it opens the code's page, or says the code is not ours */
export const scanLandingPage = (code: string) => pageUrl(PAGES.scan, { code })
export const INBOX_PAGE = pageUrl(PAGES.inbox)
export const MEAL_ACCOUNT_PAGE = pageUrl(PAGES.mealAccount)
export const MEAL_CASHIER_PAGE = pageUrl(PAGES.mealCashier)
export const mealReceiptPage = (paymentId: number) => pageUrl(PAGES.mealReceipt, { id: paymentId })
export const MEAL_ADMIN_PAGE = pageUrl(PAGES.mealMerchants)
export const MEAL_SETTLEMENT_PAGE = pageUrl(PAGES.mealSettlement)
export const MEAL_STATEMENT_PAGE = pageUrl(PAGES.mealStatement)
export const ORG_PEOPLE_PAGE = pageUrl(PAGES.orgPeople)
export const ASSET_WAREHOUSE_PAGE = pageUrl(PAGES.assetWarehouse)
export const ASSET_ADMIN_PAGE = pageUrl(PAGES.assetAdmin)
export const notFoundPage = (path: string) => pageUrl(PAGES.notFound, { path })
export const mealVoucherPage = (code: string) => pageUrl(PAGES.mealVoucher, { code })

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

let sentToLoginAt = 0

/**
 * To the login page, returning here afterwards (once for a burst of calls: a refused session and
 * the page's own handler). `ended`: the server ended the session — the login page says so.
 */
export function goLogin(ended?: boolean): void {
  const now = Date.now()
  if (now - sentToLoginAt < 3000) return
  sentToLoginAt = now
  Taro.navigateTo({ url: pageUrl(PAGES.login, { redirect: currentPageUrl(), ended: ended ? '1' : undefined }) }).catch(() => undefined)
}

/**
 * The server refused this session's token (the person was 停用, signed out elsewhere, or it ran
 * out): to the login page, coming back here afterwards — not from the login page itself.
 */
export function sessionEnded(): void {
  const path = pathOf(Taro.getCurrentInstance().router?.path ?? '')
  if (`/${path.replace(/^\//, '')}` !== LOGIN_PAGE) goLogin(true)
}

const GUEST_BY_CHOICE = 'egj.guestByChoice'

/**
 * Inside 浙政钉 or DingTalk nobody types a password: opening the app (its 首页 or a 钉消息 link)
 * without a session goes to the login page, which signs the person in by the client and comes
 * back — unless they chose to look around as a visitor (a 浙政钉 account with no staff record).
 */
export function signInOnOpen(): void {
  const method = loginMethod()
  if ((method !== 'zzd' && method !== 'dingtalk') || getToken() || Taro.getStorageSync(GUEST_BY_CHOICE)) return
  // the login page signs in by itself; the not-bound page is where a failed one ends
  const path = `/${pathOf(Taro.getCurrentInstance().router?.path ?? '').replace(/^\//, '')}`
  if (path === LOGIN_PAGE || path === pageUrl(PAGES.zzdUnbound)) return
  // not while the router is still putting up the page that was opened: Taro's H5 router drops a
  // navigation started during the first page's mount
  setTimeout(() => goLogin(), 300)
}

/** The person chose to browse as a visitor: opening the app no longer signs in by itself (until a sign-in succeeds). */
export function browseAsGuest(): void {
  Taro.setStorageSync(GUEST_BY_CHOICE, '1')
}

export function forgetGuestChoice(): void {
  Taro.removeStorageSync(GUEST_BY_CHOICE)
}
