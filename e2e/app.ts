import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { startTestApp, testLogger, type TestApp } from '../bff/test/harness'
import { launchBrowser } from './browser'

/** The real BFF serving the real H5 build (miniapp/dist/h5), on this worker's MariaDB; it logs to `.data/test-logs/e2e-<worker>.log`. */
export async function startAppWithH5(): Promise<TestApp> {
  const h5 = process.env.H5_DIST ?? path.resolve(__dirname, '../miniapp/dist/h5')
  if (!fs.existsSync(`${h5}/index.html`)) throw new Error(`H5 build missing at ${h5}: run pnpm --filter @egj/miniapp build:h5`)
  return startTestApp({ H5_DIST: h5 }, { log: testLogger('e2e') })
}

/** A spec file's app and browser: started before its tests, closed after them. */
export function useAppAndBrowser(): { t: TestApp; browser: Browser } {
  const suite = {} as { t: TestApp; browser: Browser }
  beforeAll(async () => {
    suite.t = await startAppWithH5()
    suite.browser = await launchBrowser()
  })
  afterAll(async () => {
    await suite.browser?.close()
    await suite.t?.close()
  })
  return suite
}
