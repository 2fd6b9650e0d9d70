// `pnpm build`: the BFF compiled to JavaScript in bff/dist, so production runs plain `node` (tsx
// compiled every file at each boot: a rolling restart took 20–40 s). Our code and @egj/shared (its
// package points at TypeScript) are bundled into one file per entry point; the packages bff depends
// on stay external and load from node_modules as usual. Source maps beside each file (start node
// with --enable-source-maps to read stack traces in TypeScript terms).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const bff = path.dirname(fileURLToPath(import.meta.url))
const dist = path.join(bff, 'dist')
const { dependencies } = JSON.parse(fs.readFileSync(path.join(bff, 'package.json'), 'utf8'))
const external = Object.keys(dependencies)
  .filter((name) => name !== '@egj/shared')
  .flatMap((name) => [name, `${name}/*`])

/** dist/<name>.js ← the entry point: what production, the drill and the bench start. */
export const entryPoints = {
  main: 'src/main.ts',
  migrate: 'src/db/migrate.ts',
  seed: 'src/db/seed/index.ts',
  simulators: 'src/simulators/main.ts',
  'ledger-check': 'src/modules/ledger/ledger-check.cli.ts',
}

const started = performance.now()
fs.rmSync(dist, { recursive: true, force: true })
await build({
  absWorkingDir: bff,
  entryPoints,
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external,
  logLevel: 'warning',
})
console.log(`bff/dist 构建完成 (${Math.round(performance.now() - started)} ms)`)
