// Checks the weapp build against our main-package budget (WeChat's hard limit is 2 MB; we keep
// it under 600 KB so the first open stays fast on a poor network — issue 6). The main package is
// everything in dist/weapp except the subpackage folders packages/*. When it grows: code used only
// by subpackages should live there (Taro's optimizeMainPackage moves it), not in pages/ or utils/.
// Usage: pnpm build:weapp && pnpm check:size
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const LIMIT = 614_400 // 600 KB
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

if (main > LIMIT) {
  console.error(
    `\n✖ The weapp main package is ${kb(main)}, over the ${kb(LIMIT)} budget by ${kb(main - LIMIT)}.\n` +
      '  Move pages into subpackages, import NutUI components on demand, and check for large imports.',
  )
  process.exit(1)
}
console.log('✔ main package within budget')
