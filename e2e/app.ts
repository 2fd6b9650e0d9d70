import { startTestApp, type TestApp } from '../bff/test/harness'

/** The real BFF serving the real H5 build (miniapp/dist/h5), on this worker's MariaDB. */
export async function startAppWithH5(): Promise<TestApp> {
  const h5 = process.env.H5_DIST ?? require('node:path').resolve(__dirname, '../miniapp/dist/h5')
  if (!require('node:fs').existsSync(`${h5}/index.html`)) throw new Error(`H5 build missing at ${h5}: run pnpm --filter @egj/miniapp build:h5`)
  return startTestApp({ H5_DIST: h5 })
}
