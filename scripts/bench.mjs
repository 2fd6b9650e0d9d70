// `npm run bench` / `pnpm bench`: prints the figures the issues ask for (see bff/bench/ and
// e2e/first-load.ts). BENCH_ONLY=api or BENCH_ONLY=first-load runs one part; BENCH_ONLY=pairs only the
// hot-path pairs of issue 22 (the api part without the staff import and the cockpit); BENCH_ONLY=staff-import
// only the staff import figure (of the api part); BENCH_ONLY=cockpit only issue 20's cockpit reads
// (a year of a province-sized city, seeded once into egj_bench_cockpit and reused by later runs).
import path from 'node:path'
import { ensureBffBuilt, ensureChromium, ensureDependencies, ensureMysqlServer, isStale, log, root, run, runPnpm, withDatabase } from './lib.mjs'

await ensureDependencies()
const server = await ensureMysqlServer()
const only = process.env.BENCH_ONLY
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')
// a target not met fails the run, after every figure is printed (the first-load figures too)
let failed = null
// the BFF under load is the compiled build, as in production
if (only !== 'first-load') await ensureBffBuilt()
if (only !== 'first-load') await run(tsx, ['bff/bench/run.ts'], { env: { DATABASE_URL: withDatabase(server, 'egj_bench') } }).catch((error) => (failed = error))

if (!only || only === 'first-load') {
  // Issue 6, "the first minute on a phone": the real H5 build through the real BFF in a throttled
  // Chromium. Figures are printed against their targets, not a baseline.
  const chromium = await ensureChromium()
  const h5 = path.join(root, 'miniapp', 'dist', 'h5')
  if (isStale(path.join(h5, 'index.html'), [path.join(root, 'miniapp', 'src'), path.join(root, 'miniapp', 'config'), path.join(root, 'shared', 'src')])) {
    log('构建 H5 (pnpm --filter @egj/miniapp build:h5) …')
    await runPnpm(['--filter', '@egj/miniapp', 'build:h5'])
  }
  console.log()
  await run(tsx, ['e2e/first-load.ts'], { env: { DATABASE_URL: withDatabase(server, 'egj_bench_first_load'), CHROMIUM_PATH: chromium, H5_DIST: h5 } }).catch((error) => (failed ??= error))
}
if (failed) {
  console.error(`\n${failed.message}: a target above is NOT MET`)
  process.exit(1)
}
