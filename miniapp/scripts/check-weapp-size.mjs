// Checks what WeChat uploads against our main-package budget (WeChat's hard limit is 2 MB; we keep
// it under 600 KB so the first open stays fast on a poor network — issue 6). It measures the
// package WeChat's own compiler produced (dist/weapp-compiled, written by `pnpm check:weapp`:
// minified, and ES2019 — config/weapp-baseline.js), not Taro's output: WeChat's compile rewrites
// WXML and WXSS, and would add Babel helpers and ES5 rewrites if its ES6 → ES5 pass were turned on. The main package is every file outside the subpackage roots of app.json.
// When it grows: code used only by subpackages should live there (Taro's optimizeMainPackage
// moves it), not in pages/ or utils/.
// Usage: pnpm build:weapp && pnpm check:weapp && pnpm check:size
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const LIMIT = 614_400 // 600 KB
// WeChat refuses a subpackage over 2 MB; the cockpit carries the ECharts build, so it is held to it here
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024
const COCKPIT = 'packages/cockpit'
const source = fileURLToPath(new URL('../dist/weapp', import.meta.url))
const compiled = fileURLToPath(new URL('../dist/weapp-compiled', import.meta.url))

function filesOf(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesOf(path) : [path]
  })
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`

if (!existsSync(join(compiled, 'app.json'))) {
  console.error(`No compiled weapp in ${compiled} — run \`pnpm build:weapp && pnpm check:weapp\` first.`)
  process.exit(1)
}
if (statSync(join(source, 'app.json')).mtimeMs > statSync(join(compiled, 'app.json')).mtimeMs) {
  console.error(`${compiled} is older than the weapp build — run \`pnpm check:weapp\` again.`)
  process.exit(1)
}

const roots = (JSON.parse(readFileSync(join(source, 'app.json'), 'utf8')).subPackages ?? []).map((p) => p.root.replace(/\/?$/, '/'))
const sizes = new Map([['main', 0], ...roots.map((root) => [root, 0])])
let total = 0
for (const file of filesOf(compiled)) {
  const name = relative(compiled, file).split(sep).join('/')
  const size = statSync(file).size
  const root = roots.find((r) => name.startsWith(r)) ?? 'main'
  sizes.set(root, sizes.get(root) + size)
  total += size
}
const main = sizes.get('main')
const subpackages = roots.map((root) => ({ name: root.replace(/\/$/, ''), size: sizes.get(root) }))

console.log(`weapp main package as WeChat uploads it: ${kb(main)} (${main} bytes, budget ${kb(LIMIT)})`)
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
    `\n✖ The weapp main package is ${kb(main)} after WeChat's compile, over the ${kb(LIMIT)} budget by ${kb(main - LIMIT)}.\n` +
      '  Move pages into subpackages, import NutUI components on demand, and check for large imports.',
  )
  process.exit(1)
}
console.log('✔ main package within budget')
