// Checks the weapp build against our main-package budget (WeChat's hard limit is 2 MB; we keep
// it under 600 KB so the first open stays fast on a poor network — issue 6). The main package is
// everything in dist/weapp except the subpackage folders packages/*. When it grows: code used only
// by subpackages should live there (Taro's optimizeMainPackage moves it), not in pages/ or utils/.
// Usage: pnpm build:weapp && pnpm check:size
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const LIMIT = 614_400 // 600 KB
// WeChat refuses a subpackage over 2 MB; the cockpit carries the ECharts build, so it is held to it here
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024
const COCKPIT = 'packages/cockpit'
const dist = fileURLToPath(new URL('../dist/weapp', import.meta.url))

function sizeOf(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.size
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0)
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`

if (!existsSync(join(dist, 'app.json'))) {
  console.error(`No weapp build in ${dist} — run \`pnpm build:weapp\` first.`)
  process.exit(1)
}

const packagesDir = join(dist, 'packages')
const subpackages = existsSync(packagesDir)
  ? readdirSync(packagesDir)
      .filter((name) => statSync(join(packagesDir, name)).isDirectory())
      .map((name) => ({ name: `packages/${name}`, size: sizeOf(join(packagesDir, name)) }))
  : []
const total = sizeOf(dist)
// anything else, loose files under packages/ included, is the main package
const main = total - subpackages.reduce((sum, p) => sum + p.size, 0)

console.log(`weapp main package: ${kb(main)} (${main} bytes, budget ${kb(LIMIT)})`)
for (const { name, size } of subpackages) console.log(`  subpackage ${name}: ${kb(size)}`)
console.log(`total: ${kb(total)}`)

const cockpit = subpackages.find((p) => p.name === COCKPIT)
if (!cockpit) {
  console.error(`\n✖ No ${COCKPIT} subpackage in the build.`)
  process.exit(1)
}
console.log(`cockpit subpackage (with the chart): ${kb(cockpit.size)} (budget ${kb(SUBPACKAGE_LIMIT)})`)
const tooBig = subpackages.filter((p) => p.size > SUBPACKAGE_LIMIT)
if (tooBig.length) {
  console.error(`\n✖ Over WeChat's 2 MB subpackage limit: ${tooBig.map((p) => `${p.name} ${kb(p.size)}`).join(', ')}.`)
  process.exit(1)
}

if (main > LIMIT) {
  console.error(
    `\n✖ The weapp main package is ${kb(main)}, over the ${kb(LIMIT)} budget by ${kb(main - LIMIT)}.\n` +
      '  Move pages into subpackages, import NutUI components on demand, and check for large imports.',
  )
  process.exit(1)
}
console.log('✔ main package within budget')
