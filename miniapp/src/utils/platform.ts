import Taro from '@tarojs/taro'
import { PAGES, pageUrl, type WechatPayParams } from '@egj/shared'
import type { PrivacyResolve } from './privacy'

/*
 * Every `process.env.TARO_ENV` branch of the app lives in this file. Taro replaces the variable
 * at build time, so the branches for other platforms (and their dynamic imports) are dropped.
 */

export const IS_WEAPP = process.env.TARO_ENV === 'weapp'
export const IS_H5 = process.env.TARO_ENV === 'h5'

/** H5 opened inside DingTalk or 浙政钉 (both put "DingTalk" in the user agent). */
export function isDingTalk(): boolean {
  if (process.env.TARO_ENV === 'h5') return /DingTalk/i.test(navigator.userAgent)
  return false
}

/** A failure whose message is written for the user (Chinese), unlike a platform API's errMsg. */
export class PlatformError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PlatformError'
  }
}

/** How this copy of the app signs people in. */
export type LoginMethod = 'wechat' | 'dingtalk' | 'browser'
export function loginMethod(): LoginMethod {
  if (process.env.TARO_ENV === 'weapp') return 'wechat'
  return isDingTalk() ? 'dingtalk' : 'browser'
}

/*
 * The functions below are deliberately not `async`: babel turns async bodies into state machines
 * for our old-browser targets, and webpack can then no longer see (and drop) a dead
 * `if (process.env.TARO_ENV === …)` branch with its dynamic import. Plain ifs keep them out.
 */

/** weapp: the one-time code from wx.login for POST /api/v1/auth/wechat. */
export function wechatLoginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    return Taro.login().then(({ code }) => {
      if (!code) throw new PlatformError('微信登录失败，请重试')
      return code
    })
  }
  return Promise.reject(new PlatformError('微信登录仅在微信小程序中可用'))
}

/** DingTalk / 浙政钉 H5: the free-login auth code for POST /api/v1/auth/dingtalk. */
export function dingtalkAuthCode(): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    const corpId = process.env.TARO_APP_DINGTALK_CORP_ID
    if (!corpId) return Promise.reject(new PlatformError('未配置钉钉企业 corpId，请联系管理员'))
    // loaded only here: browsers outside DingTalk never download the SDK
    return import(/* webpackChunkName: "dingtalk" */ 'dingtalk-jsapi/api/runtime/permission/requestAuthCode')
      .then(({ requestAuthCode$ }) => requestAuthCode$({ corpId }))
      .then(({ code }) => code)
  }
  return Promise.reject(new PlatformError('钉钉登录仅在钉钉中可用'))
}

/** The H5 camera page; in weapp the native scanner is used instead. */
export const SCANNER_PAGE = pageUrl(PAGES.scanner)

/**
 * Asks for a scanned code's text. weapp: WeChat's scanner. DingTalk: its scanner.
 * Other H5: opens our camera page, which routes the result itself, so this resolves null.
 * Also null when the user cancels.
 */
export function scanCode(): Promise<string | null> {
  if (process.env.TARO_ENV === 'weapp') {
    return Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] }).then(
      ({ result }) => result ?? null,
      () => null, // cancelled
    )
  }
  if (process.env.TARO_ENV === 'h5') {
    const openCameraPage = () => Taro.navigateTo({ url: SCANNER_PAGE }).then(() => null)
    if (!isDingTalk()) return openCameraPage()
    return import(/* webpackChunkName: "dingtalk-scan" */ 'dingtalk-jsapi/api/biz/util/scan')
      .then(({ scan$ }) => scan$({ type: 'qr' }))
      .then((res): string | null => (typeof res.text === 'string' ? res.text : null))
      // the user closed DingTalk's scanner: nothing to do; any other failure (an old client,
      // a refused permission): our camera page instead
      .catch((error: unknown) => (/cancel|取消/i.test(JSON.stringify(error) ?? '') ? null : openCameraPage()))
  }
  return Promise.resolve(null)
}

/** Our own camera page works only where the DOM has getUserMedia (H5). */
export const HAS_CAMERA_PAGE = IS_H5

export type QrDecoder = typeof import('jsqr').default

/** jsQR, fetched on demand so it is not in the H5 main bundle (nor in weapp at all). */
export function loadQrDecoder(): Promise<QrDecoder> {
  if (process.env.TARO_ENV === 'h5') {
    return import(/* webpackChunkName: "jsqr" */ 'jsqr').then((mod) => mod.default)
  }
  return Promise.reject(new Error('QR decoding from the camera is H5-only'))
}

/*
 * WeChat Pay. weapp: the JSAPI order opens WeChat's native payment sheet. H5 (a phone browser):
 * WeChat's H5 cashier page (the simulator's in the demo), which returns to a page of ours.
 */

/** How the BFF should create a WeChat Pay order for this copy of the app. */
export function wechatPayChannel(): 'jsapi' | 'h5' {
  return process.env.TARO_ENV === 'weapp' ? 'jsapi' : 'h5'
}

/**
 * `paid`: the user paid in WeChat's sheet (our server may not have heard yet: poll the order).
 * `cancelled`: the user closed it. `left`: H5, the browser is on its way to WeChat's cashier and
 * comes back to the order's return page (receipt / 我的饭卡) by itself.
 */
export type WechatPayOutcome = 'paid' | 'cancelled' | 'left'

/** Hands a WeChat Pay order (`wechatPay` of a payment or top-up) to WeChat. */
export function startWechatPay(pay: WechatPayParams | undefined): Promise<WechatPayOutcome> {
  if (process.env.TARO_ENV === 'weapp') {
    const params = pay?.payParams
    if (!params) return Promise.reject(new PlatformError('微信支付下单失败，请重试'))
    const { timeStamp, nonceStr, signType, paySign } = params
    return Taro.requestPayment({ timeStamp, nonceStr, package: params.package, signType, paySign }).then(
      (): WechatPayOutcome => 'paid',
      (error: { errMsg?: string }): WechatPayOutcome => {
        if (/cancel/i.test(error?.errMsg ?? '')) return 'cancelled'
        throw new PlatformError('微信支付未完成，请重试')
      },
    )
  }
  if (process.env.TARO_ENV === 'h5') {
    const url = pay?.cashierUrl
    if (!url || !/^https?:\/\//.test(url)) return Promise.reject(new PlatformError('微信支付下单失败，请重试'))
    window.location.href = url
    return Promise.resolve('left')
  }
  return Promise.reject(new PlatformError('当前环境不支持微信支付'))
}

/*
 * The cashier's announcement of a new payment. H5: spoken with the browser's speech synthesis
 * (browsers speak only after a user gesture on the page: the toggle that turns it on is one).
 * weapp has no text-to-speech API without a plugin: a short vibration instead.
 */

/** What the cashier page's toggle turns on here. */
export const ANNOUNCE_LABEL = process.env.TARO_ENV === 'weapp' ? '开启振动提醒' : '开启语音播报'

/** Whether `announce` can do anything here. */
export function canAnnounce(): boolean {
  if (process.env.TARO_ENV === 'h5') return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined'
  return process.env.TARO_ENV === 'weapp'
}

/** Says `text` (H5, zh-CN) or vibrates (weapp). Never throws. */
export function announce(text: string): void {
  try {
    if (process.env.TARO_ENV === 'h5') {
      if (!canAnnounce()) return
      const utterance = new SpeechSynthesisUtterance(text)
      utterance.lang = 'zh-CN'
      window.speechSynthesis.speak(utterance)
      return
    }
    if (process.env.TARO_ENV === 'weapp') {
      Taro.vibrateShort({ type: 'heavy' }).catch(() => undefined)
    }
  } catch {
    // a missing voice or a blocked audio context must not break the cashier's list
  }
}

/*
 * Keeps the cashier's screen on while the live list is open. weapp: setKeepScreenOn. H5: the
 * Screen Wake Lock API where the browser has it (Chrome on Android); elsewhere nothing happens.
 */
let wakeLock: { release: () => Promise<void> } | null = null
export function keepScreenOn(on: boolean): void {
  if (process.env.TARO_ENV === 'weapp') {
    Taro.setKeepScreenOn({ keepScreenOn: on }).catch(() => undefined)
    return
  }
  if (process.env.TARO_ENV === 'h5') {
    const lock = (navigator as Navigator & { wakeLock?: { request: (type: 'screen') => Promise<{ release: () => Promise<void> }> } }).wakeLock
    if (on && lock && !wakeLock) {
      lock.request('screen').then(
        (sentinel) => {
          wakeLock = sentinel
        },
        () => undefined,
      )
    } else if (!on && wakeLock) {
      wakeLock.release().catch(() => undefined)
      wakeLock = null
    }
  }
}

/*
 * H5 has no native navigation bar (weapp and DingTalk draw their own, with a back arrow): sub-pages
 * draw a small one themselves (components/Page.tsx), only where this says so.
 */
export function needsOwnBackBar(): boolean {
  if (process.env.TARO_ENV === 'h5') return !isDingTalk()
  return false
}

/** H5: the page title Taro's router sets (document.title), now and whenever it changes. */
export function watchPageTitle(onTitle: (title: string) => void): () => void {
  if (process.env.TARO_ENV === 'h5') {
    onTitle(document.title)
    const head = document.querySelector('head')
    if (!head || typeof MutationObserver === 'undefined') return () => undefined
    const observer = new MutationObserver(() => onTitle(document.title))
    observer.observe(head, { subtree: true, childList: true, characterData: true })
    return () => observer.disconnect()
  }
  return () => undefined
}

/** Whether a downloaded file lands on the device (H5 browser download) rather than opening in a viewer (weapp). */
export const SAVES_TO_DEVICE = IS_H5

/*
 * Files behind the bearer token (the printable sheet of window codes, the monthly .xlsx).
 */

/** A browser tab opened inside the tap (so no pop-up blocker), to fill once its page has loaded. */
export interface PrintTab {
  show: (html: string) => void
  close: () => void
}

/** H5: a new tab, or 'blocked'. weapp cannot print: 'unsupported'. */
export function openPrintTab(loadingTitle: string): PrintTab | 'blocked' | 'unsupported' {
  if (process.env.TARO_ENV === 'h5') {
    const tab = window.open('', '_blank')
    if (!tab) return 'blocked'
    tab.document.title = loadingTitle
    return {
      show(html) {
        const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }))
        tab.location.href = url
        setTimeout(() => URL.revokeObjectURL(url), 60_000)
      },
      close: () => tab.close(),
    }
  }
  return 'unsupported'
}

export interface FileDelivery {
  fileName: string
  mime: string
  /** H5: the file's bytes (fetched with the bearer token) */
  bytes: () => Promise<ArrayBuffer>
  /** weapp: where to download it from, and the headers to send */
  url: string
  header: Record<string, string>
  /** weapp: the error for a non-200 download, from its status and body text */
  failure: (statusCode: number, text: string) => Error
  networkFailure: () => Error
}

/** H5: saves the file to the device. weapp: downloads it and opens it in WeChat's viewer (转发 / 保存 from its menu). */
export function deliverFile(file: FileDelivery): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    return file.bytes().then((bytes) => {
      const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }))
      const link = document.createElement('a')
      link.href = url
      link.download = file.fileName
      link.style.display = 'none'
      document.body.appendChild(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
    })
  }
  return Taro.downloadFile({ url: file.url, header: file.header })
    .catch(() => {
      throw file.networkFailure()
    })
    .then((res) => {
      if (res.statusCode !== 200) {
        let text = ''
        try {
          text = String(Taro.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8'))
        } catch {
          // no body to read: the status alone decides the message
        }
        throw file.failure(res.statusCode, text)
      }
      const fileType = file.fileName.split('.').pop() as 'xlsx'
      return Taro.openDocument({ filePath: res.tempFilePath, fileType, showMenu: true }).then(() => undefined)
    })
}

/** A file the user picked, read into memory (to send as an upload's body). */
export interface ChosenFile {
  name: string
  size: number
  bytes: ArrayBuffer
}

/**
 * Lets the user pick an Excel workbook (.xlsx) and reads it. H5: the browser's file picker (an
 * <input type=file>). weapp: a file from a WeChat chat (wx.chooseMessageFile: a mini-program cannot
 * browse the phone's storage), read with the FileSystemManager. null when the user cancels.
 */
export function chooseXlsxFile(): Promise<ChosenFile | null> {
  const unreadable = () => new PlatformError('无法读取所选文件，请重新选择')
  if (process.env.TARO_ENV === 'weapp') {
    return Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] }).then(
      ({ tempFiles }) => {
        const file = tempFiles[0]
        if (!file) return null
        return new Promise<ChosenFile>((resolve, reject) => {
          Taro.getFileSystemManager().readFile({
            filePath: file.path,
            success: ({ data }) => (data instanceof ArrayBuffer ? resolve({ name: file.name, size: file.size, bytes: data }) : reject(unreadable())),
            fail: () => reject(unreadable()),
          })
        })
      },
      (error: { errMsg?: string }) => {
        if (/cancel/i.test(error?.errMsg ?? '')) return null
        throw new PlatformError('未能打开聊天文件，请重试')
      },
    )
  }
  if (process.env.TARO_ENV === 'h5') {
    return new Promise<ChosenFile | null>((resolve, reject) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      input.style.display = 'none'
      document.body.appendChild(input)
      input.addEventListener('change', () => {
        const file = input.files?.[0]
        input.remove()
        if (!file) return resolve(null)
        file.arrayBuffer().then((bytes) => resolve({ name: file.name, size: file.size, bytes }), () => reject(unreadable()))
      })
      // browsers that tell (Chrome 113+, Safari 16.4+): the picker was closed without a file
      input.addEventListener('cancel', () => {
        input.remove()
        resolve(null)
      })
      input.click()
    })
  }
  return Promise.reject(new PlatformError('当前环境不能选择文件'))
}

/** A photo the user picked, read into memory (its type is decided by its bytes, not by this). */
export interface ChosenImage {
  name: string
  size: number
  bytes: ArrayBuffer
}

/**
 * Lets the user pick up to `count` photos (camera or album) and reads them. weapp: WeChat's
 * chooseImage (compressed copies), read with the FileSystemManager like `chooseXlsxFile`. H5: the
 * browser's file picker (an <input type=file accept=image/jpeg,image/png multiple>; on a phone it
 * offers the camera too). An empty list when the user cancels.
 */
export function chooseImages(count: number): Promise<ChosenImage[]> {
  const unreadable = () => new PlatformError('无法读取所选照片，请重新选择')
  const max = Math.max(1, Math.min(9, Math.floor(count)))
  if (process.env.TARO_ENV === 'weapp') {
    return Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['album', 'camera'] }).then(
      ({ tempFiles }) =>
        Promise.all(
          tempFiles.slice(0, max).map(
            (file) =>
              new Promise<ChosenImage>((resolve, reject) => {
                Taro.getFileSystemManager().readFile({
                  filePath: file.path,
                  success: ({ data }) => (data instanceof ArrayBuffer ? resolve({ name: file.path.split('/').pop() ?? 'photo', size: file.size, bytes: data }) : reject(unreadable())),
                  fail: () => reject(unreadable()),
                })
              }),
          ),
        ),
      (error: { errMsg?: string }) => {
        if (/cancel/i.test(error?.errMsg ?? '')) return []
        throw new PlatformError('未能打开相册或相机，请检查授权后重试')
      },
    )
  }
  if (process.env.TARO_ENV === 'h5') {
    return new Promise<ChosenImage[]>((resolve, reject) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = 'image/jpeg,image/png'
      input.multiple = max > 1
      input.style.display = 'none'
      document.body.appendChild(input)
      input.addEventListener('change', () => {
        const files = Array.from(input.files ?? []).slice(0, max)
        input.remove()
        Promise.all(files.map((file) => file.arrayBuffer().then((bytes) => ({ name: file.name, size: file.size, bytes })))).then(resolve, () => reject(unreadable()))
      })
      // browsers that tell (Chrome 113+, Safari 16.4+): the picker was closed without a file
      input.addEventListener('cancel', () => {
        input.remove()
        resolve([])
      })
      input.click()
    })
  }
  return Promise.reject(new PlatformError('当前环境不能选择照片'))
}

/**
 * Calls `onChange(true)` when the device gets its network back and `onChange(false)` when it
 * loses it (the 盘点 queue sends what it holds once back online). weapp: onNetworkStatusChange.
 * H5: the browser's online / offline events. Returns the function that stops listening.
 */
export function watchNetwork(onChange: (online: boolean) => void): () => void {
  if (process.env.TARO_ENV === 'weapp') {
    const listener = ({ isConnected }: { isConnected: boolean }) => onChange(isConnected)
    Taro.onNetworkStatusChange(listener)
    return () => Taro.offNetworkStatusChange(listener)
  }
  if (process.env.TARO_ENV === 'h5') {
    const online = () => onChange(true)
    const offline = () => onChange(false)
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    return () => {
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
    }
  }
  return () => undefined
}

/*
 * WeChat's privacy consent (weapp only; nothing asks elsewhere). Subscribe messages: utils/subscribe.ts,
 * behind IS_WEAPP (only the booking subpackages use them: their code stays out of the main package).
 */

/** weapp: WeChat's asks for privacy consent go to `onAsk` (register once, at app start). */
export function watchPrivacyConsent(onAsk: (resolve: PrivacyResolve) => void): void {
  if (process.env.TARO_ENV === 'weapp') {
    // base libraries before 2.32.3 have no privacy check, and nothing to answer
    if (typeof Taro.onNeedPrivacyAuthorization === 'function') Taro.onNeedPrivacyAuthorization((resolve) => onAsk(resolve as PrivacyResolve))
  }
}

/** weapp: WeChat's page of our 隐私保护指引 (the text filled in the 公众平台). */
export function openPrivacyContract(): void {
  if (process.env.TARO_ENV === 'weapp') Taro.openPrivacyContract({ fail: () => undefined })
}
