/*
 * "The first minute on a phone" (issue 6): the real BFF (its own process, as in production)
 * serving the real H5 build, driven by Debian's Chromium throttled like a mid-range phone on a
 * poor mobile network — 4× CPU slowdown, 150 ms latency, 1.6 Mbps down — with a cold cache.
 *
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/egj_bench node_modules/.bin/tsx e2e/first-load.ts
 *
 * Prints, each against its target:
 *   - home: ms from navigation until the signed-in home page's service grid is visible;
 *   - home: JS + CSS bytes on the wire (Network.loadingFinished.encodedDataLength);
 *   - a window code (`/q/m/<token>`) opened from cold: ms until the pay page shows the merchant.
 * FIRST_LOAD_RUNS (default 3) runs each and reports the median; FIRST_LOAD_SHOTS=<dir> keeps
 * screenshots of the throttled pages; FIRST_LOAD_TRACE=1 lists every response in load order.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { connectDatabase } from '../bff/src/db/client'
import { seedMealDemo } from '../bff/src/db/seed/meal-demo'
import { QrSigner } from '../bff/src/lib/qr'
import { devLogin, prepareDatabase, startBff } from '../bff/bench/harness'
import { launchBrowser, phoneContext } from './browser'
import { visibleText } from './visible'

export const TARGETS = { homeVisibleMs: 2500, homeAimMs: 1500, windowCodeMs: 3000, homeJsCssKB: 250 }
const THROTTLE = { cpuRate: 4, latency: 150, downBytesPerSecond: 200_000, upBytesPerSecond: 100_000 }
const RUNS = Number(process.env.FIRST_LOAD_RUNS ?? 3)
const SHOTS = process.env.FIRST_LOAD_SHOTS
const TRACE = process.env.FIRST_LOAD_TRACE === '1'
const QR_SECRET = 'first-load-bench-qr-secret-0123456789'

interface Load {
  ms: number
  /** first contentful paint: the loading shell, or the page itself */
  fcp: number
  jsCssBytes: number
  allBytes: number
  requests: number
}

/** A fresh phone (new context: empty cache, no cookies), throttled through CDP before it loads anything. */
async function throttledPage(browser: Browser, url: string, token: string): Promise<{ page: Page; cdp: CDPSession; load: () => Omit<Load, 'ms' | 'fcp'> }> {
  const context = await phoneContext(browser, url)
  await context.addInitScript((value) => localStorage.setItem('egj.token', JSON.stringify({ data: value })), token)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE.cpuRate })
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: THROTTLE.latency,
    downloadThroughput: THROTTLE.downBytesPerSecond,
    uploadThroughput: THROTTLE.upBytesPerSecond,
  })
  const started = Date.now()
  const requests = new Map<string, { url: string; type: string; at: number }>()
  const finished: { url: string; type: string; bytes: number; at: number; done: number }[] = []
  cdp.on('Network.requestWillBeSent', (e) => !e.request.url.startsWith('data:') && requests.set(e.requestId, { url: e.request.url, type: e.type ?? 'Other', at: Date.now() - started }))
  cdp.on('Network.loadingFinished', (e) => {
    const request = requests.get(e.requestId)
    if (request) finished.push({ ...request, bytes: e.encodedDataLength, done: Date.now() - started })
  })
  return {
    page,
    cdp,
    load: () => {
      if (TRACE) for (const f of finished) console.log(`    ${String(f.at).padStart(5)}→${String(f.done).padStart(5)} ms ${f.type.padEnd(10)} ${(f.bytes / 1024).toFixed(1).padStart(7)} KB ${f.url.replace(url, '')}`)
      const jsCss = finished.filter((f) => f.type === 'Script' || f.type === 'Stylesheet')
      return { jsCssBytes: jsCss.reduce((sum, f) => sum + f.bytes, 0), allBytes: finished.reduce((sum, f) => sum + f.bytes, 0), requests: finished.length }
    },
  }
}

async function measure(browser: Browser, baseUrl: string, token: string, target: string, ready: (page: Page) => Promise<unknown>, shot: string): Promise<Load> {
  const { page, load } = await throttledPage(browser, baseUrl, token)
  const started = Date.now()
  await page.goto(target, { waitUntil: 'commit' })
  await ready(page)
  const ms = Date.now() - started
  // let late requests (the bell's count, lazy chunks) finish so the byte count is complete
  await page.waitForLoadState('networkidle').catch(() => undefined)
  if (SHOTS) {
    fs.mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: path.join(SHOTS, `${shot}.png`) })
  }
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1)
  const figures = { ms, fcp: Math.round(fcp), ...load() }
  await page.context().close()
  return figures
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const kb = (bytes: number) => Math.round(bytes / 1024)
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER TARGET')

/** Runs the measurement against a BFF at `baseUrl` (its QR_SECRET must be `secret`); returns the medians. */
export async function firstLoad(baseUrl: string, token: string, secret = QR_SECRET) {
  const browser = await launchBrowser()
  try {
    const windowCode = new QrSigner(secret, baseUrl).token('m', 1) // 市级机关食堂 一楼 1号窗口
    const home: Load[] = []
    const pay: Load[] = []
    for (let run = 0; run < RUNS; run++) {
      home.push(await measure(browser, baseUrl, token, '/', (page) => visibleText(page, '访客预约').waitFor({ timeout: 60_000 }), 'home'))
      pay.push(await measure(browser, baseUrl, token, `/q/m/${windowCode}`, (page) => visibleText(page, '已验证').waitFor({ timeout: 60_000 }), 'pay'))
      console.log(`  run ${run + 1}: home ${home[run].ms} ms (first paint ${home[run].fcp} ms, ${kb(home[run].jsCssBytes)} KB JS+CSS), window code ${pay[run].ms} ms (${kb(pay[run].jsCssBytes)} KB JS+CSS)`)
    }
    return {
      homeMs: median(home.map((l) => l.ms)),
      homeFcp: median(home.map((l) => l.fcp)),
      homeJsCssBytes: median(home.map((l) => l.jsCssBytes)),
      homeAllBytes: median(home.map((l) => l.allBytes)),
      homeRequests: median(home.map((l) => l.requests)),
      windowCodeMs: median(pay.map((l) => l.ms)),
      windowCodeJsCssBytes: median(pay.map((l) => l.jsCssBytes)),
    }
  } finally {
    await browser.close()
  }
}

export function printFirstLoad(f: Awaited<ReturnType<typeof firstLoad>>): boolean {
  const rows = [
    ['home: content visible', `${f.homeMs} ms`, `≤ ${TARGETS.homeVisibleMs} ms (aim ${TARGETS.homeAimMs})`, verdict(f.homeMs <= TARGETS.homeVisibleMs)],
    ['home: first paint (shell or page)', `${f.homeFcp} ms`, '', ''],
    ['home: JS + CSS on the wire', `${kb(f.homeJsCssBytes)} KB`, `≤ ${TARGETS.homeJsCssKB} KB`, verdict(kb(f.homeJsCssBytes) <= TARGETS.homeJsCssKB)],
    ['home: everything on the wire', `${kb(f.homeAllBytes)} KB in ${f.homeRequests} responses`, '', ''],
    ['window code from cold: pay page visible', `${f.windowCodeMs} ms`, `≤ ${TARGETS.windowCodeMs} ms`, verdict(f.windowCodeMs <= TARGETS.windowCodeMs)],
    ['window code: JS + CSS on the wire', `${kb(f.windowCodeJsCssBytes)} KB`, '', ''],
  ]
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)))
  console.log(`first load, median of ${RUNS} (Chromium, ${THROTTLE.cpuRate}× CPU, ${THROTTLE.latency} ms, ${(THROTTLE.downBytesPerSecond * 8) / 1e6} Mbps down, cold cache, 390×844)`)
  for (const r of rows) console.log(`  ${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`)
  return rows.every((r) => r[3] !== 'OVER TARGET')
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/egj_bench'
  const h5 = process.env.H5_DIST ?? path.resolve(__dirname, '../miniapp/dist/h5')
  if (!fs.existsSync(path.join(h5, 'index.html'))) throw new Error(`H5 build missing at ${h5}: run pnpm --filter @egj/miniapp build:h5`)
  await prepareDatabase(databaseUrl)
  const database = connectDatabase(databaseUrl, 2)
  await seedMealDemo(database.db) // the canteen and its windows
  await database.close()
  const bff = await startBff(databaseUrl, { H5_DIST: h5, QR_SECRET, DATABASE_POOL_SIZE: '5' })
  try {
    const token = await devLogin(bff.url, 'zhangsan')
    printFirstLoad(await firstLoad(bff.url, token))
  } finally {
    bff.stop()
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
