// Runs WeChat's compiled mini-program (dist/weapp-compiled, from `pnpm check:weapp`: the ES2019,
// minified files an upload sends) in Node and checks that the home page and the canteen pay page
// render their key text. A substitute for miniprogram-simulate, which renders custom components
// (`Component()` + a WXML template) and cannot host Taro's pages: these are `Page()`s whose whole
// view is data (`setData` of a node tree drawn by base.wxml's templates). So this plays the
// mini-program host: the JS modules with WeChat's `require`, `App`/`Page`/`getApp`, a `wx` that
// answers no network request (and fails any to a relative URL), and `setData` applied by path as
// WeChat does. It then reads the text nodes of the data each page set. It fails when a page
// throws, sets no text, or lacks one of its texts; and when the scan landing, opened as WeChat
// opens it for a printed code (`q`), does not route to the code's page.
// Usage: pnpm build:weapp && pnpm check:weapp && pnpm check:pages
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../dist/weapp-compiled', import.meta.url))
/** page → texts a user must see on it before signing in (no BFF answers here) */
const PAGES = {
  'pages/index/index': ['机关事务一站式服务', '扫码', '常用服务', '立即登录'],
  'packages/meal/pages/pay/index': ['登录后付款', '扫码支付需要先登录', '去登录'],
}

if (!existsSync(join(root, 'app.js'))) {
  console.error(`No compiled weapp in ${root} — run \`pnpm build:weapp && pnpm check:weapp\` first.`)
  process.exit(1)
}

const storage = new Map()
const redirects = []
const noop = () => undefined
const failures = []
// the host's APIs our pages and Taro's runtime call while loading; anything else is undefined
const wx = new Proxy(
  {
    getSystemInfoSync: () => ({ platform: 'android', system: 'Android 14', windowWidth: 390, windowHeight: 844, screenWidth: 390, screenHeight: 844, pixelRatio: 3, statusBarHeight: 24, SDKVersion: '3.7.0', version: '8.0.50' }),
    getWindowInfo: () => ({ windowWidth: 390, windowHeight: 844, screenWidth: 390, screenHeight: 844, pixelRatio: 3, statusBarHeight: 24 }),
    getDeviceInfo: () => ({ platform: 'android', system: 'Android 14' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.7.0', version: '8.0.50' }),
    getMenuButtonBoundingClientRect: () => ({ top: 28, bottom: 60, left: 300, right: 380, width: 80, height: 32 }),
    getStorageSync: (key) => storage.get(key) ?? '',
    setStorageSync: (key, value) => storage.set(key, value),
    removeStorageSync: (key) => storage.delete(key),
    getLaunchOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
    getEnterOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
    // no BFF here: requests stay unanswered, pages show what they show while loading
    request: ({ url }) => {
      // a mini-program has no origin: a relative URL reaches nothing
      if (!/^https?:\/\//.test(url)) failures.push(`a request to a relative URL: ${url}`)
      return { abort: noop, onHeadersReceived: noop, offHeadersReceived: noop }
    },
    nextTick: (fn) => setTimeout(fn, 0),
    createSelectorQuery: () => ({ select: () => ({ boundingClientRect: () => ({ exec: noop }) }), selectAll: () => ({ boundingClientRect: () => ({ exec: noop }) }), in: function () { return this }, exec: noop }),
    onNetworkStatusChange: noop,
    onAppShow: noop,
    onAppHide: noop,
    onError: noop,
    onUnhandledRejection: noop,
    onNeedPrivacyAuthorization: noop,
    showToast: noop,
    hideToast: noop,
    showLoading: noop,
    hideLoading: noop,
    navigateTo: (o) => o?.success?.(),
    redirectTo: (o) => {
      redirects.push(o.url)
      o?.success?.()
    },
    switchTab: (o) => o?.success?.(),
    reLaunch: (o) => o?.success?.(),
    setNavigationBarTitle: noop,
    stopPullDownRefresh: noop,
    canIUse: () => true,
  },
  { get: (target, key) => target[key] },
)

// WeChat's module system: each file runs once with its own require, resolved from its folder
const modules = new Map()
function load(file) {
  const path = normalize(file.endsWith('.js') ? file : `${file}.js`)
  if (modules.has(path)) return modules.get(path).exports
  const module = { exports: {} }
  modules.set(path, module)
  const code = readFileSync(join(root, path), 'utf8')
  const requireFrom = (request) => load(request.startsWith('.') ? join(dirname(path), request) : request)
  new Function('require', 'module', 'exports', 'wx', 'App', 'Page', 'Component', 'getApp', 'getCurrentPages', 'Behavior', code)(requireFrom, module, module.exports, wx, App, Page, Component, () => app, () => pages, Behavior)
  return module.exports
}

let app = null
let registered = null
const pages = []
function App(config) {
  app = config
}
function Page(config) {
  registered = config
}
function Component(config) {
  return config
}
function Behavior(config) {
  return config
}

/** WeChat's setData: keys are paths like `root.cn.[0].cn.[2].v` */
function setPath(data, path, value) {
  const keys = path.split('.').flatMap((part) => part.split(/\[(\d+)\]/).filter(Boolean)).map((k) => (/^\d+$/.test(k) ? Number(k) : k))
  let node = data
  keys.slice(0, -1).forEach((key, i) => {
    if (node[key] === undefined || node[key] === null) node[key] = typeof keys[i + 1] === 'number' ? [] : {}
    node = node[key]
  })
  node[keys.at(-1)] = value
}

function textsOf(node, out = []) {
  if (Array.isArray(node)) node.forEach((child) => textsOf(child, out))
  else if (node && typeof node === 'object') {
    if (typeof node.v === 'string') out.push(node.v)
    for (const [key, child] of Object.entries(node)) if (key !== 'v') textsOf(child, out)
  }
  return out
}

globalThis.wx = wx
process.on('unhandledRejection', (error) => failures.push(`unhandled rejection: ${error?.stack ?? error}`))

load('app.js')
if (!app) failures.push('app.js did not call App()')
else app.onLaunch?.call(app, { path: 'pages/index/index', query: {}, scene: 1001 })

for (const [route, texts] of Object.entries(PAGES)) {
  registered = null
  try {
    load(`${route}.js`)
  } catch (error) {
    failures.push(`${route}: loading threw ${error?.stack ?? error}`)
    continue
  }
  if (!registered) {
    failures.push(`${route}: did not call Page()`)
    continue
  }
  const page = Object.assign(Object.create(registered), { route, __route__: route, data: {}, setData(patch, callback) {
    for (const [path, value] of Object.entries(patch)) setPath(this.data, path, value)
    callback?.()
  } })
  pages.push(page)
  try {
    registered.onLoad.call(page, {})
    registered.onShow?.call(page)
    registered.onReady?.call(page)
  } catch (error) {
    failures.push(`${route}: onLoad threw ${error?.stack ?? error}`)
    continue
  }
  // Taro renders and calls setData asynchronously: wait for the texts (a busy machine is slow)
  let seen = ''
  let missing = texts
  for (let waited = 0; waited < 10_000 && missing.length; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    seen = textsOf(page.data).join(' ')
    missing = texts.filter((text) => !seen.includes(text))
  }
  console.log(`${route}: ${seen.length} characters of text${missing.length ? `, missing ${missing.join('、')}` : ''}\n  ${seen.slice(0, 160)}`)
  if (!seen) failures.push(`${route}: set no text`)
  else if (missing.length) failures.push(`${route}: no ${missing.join('、')} on the page`)
}

// 扫普通链接二维码打开小程序: WeChat opens pages/scan/index with the printed URL, urlencoded, in `q`
const printed = 'https://egj.example.gov.cn/q/m/7.AbCdEfGhIjKlMnOp'
registered = null
load('pages/scan/index.js')
const landing = Object.assign(Object.create(registered), { route: 'pages/scan/index', __route__: 'pages/scan/index', data: {}, setData: noop })
pages.push(landing)
registered.onLoad.call(landing, { q: encodeURIComponent(printed), scancode_time: String(Math.floor(Date.now() / 1000)) })
for (let waited = 0; waited < 10_000 && !redirects.length; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
console.log(`pages/scan/index?q=<${printed}>: redirected to ${redirects[0] ?? 'nothing'}`)
if (!redirects[0]?.startsWith('/packages/meal/pages/pay/index?token=7.AbCdEfGhIjKlMnOp'))
  failures.push(`pages/scan/index with q=${printed} did not open the pay page (redirects: ${redirects.join(', ') || 'none'})`)

if (failures.length) {
  console.error(`\n✖ WeChat's compiled pages, run in Node:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
console.log(`✔ ${Object.keys(PAGES).length} compiled pages render their text, a printed code's q opens its page (${relative(process.cwd(), root)})`)
process.exit(0)
