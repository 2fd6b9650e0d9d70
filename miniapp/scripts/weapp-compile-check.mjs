// WeChat's own compiler on our weapp build, offline: `miniprogram-ci` compiles dist/weapp as an
// upload would (ES6 → ES5, JS/WXML/WXSS minification from project.config.json) and runs the
// 代码质量 checks of WeChat DevTools. Any compile error or failed quality item exits 1. The
// compiled package (what WeChat uploads) is written to dist/weapp-compiled, where
// check-weapp-size.mjs measures it against our budget.
//
// Offline on purpose: the project's attributes (package limits…) are given instead of fetched
// (`attr`, with WeChat's own defaults `ci.DefaultProjectAttr`), so no private key is read — the
// key is only used to fetch those attributes and to upload. Every other request the tool makes
// (its file-extension allow-list) goes to a closed local port and falls back to the built-in list.
//
// Then every uploaded .js must parse as config/weapp-baseline.js's ECMA_VERSION (ES2019: the
// oldest engines our 基础库最低版本 meets, iOS 13 and Chrome 86). WeChat's ES6 → ES5 pass is off,
// so this is what keeps a newer-syntax dependency from shipping a white screen to an old phone.
// Usage: pnpm build:weapp[:release] && pnpm check:weapp && pnpm check:size
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const ci = require('miniprogram-ci')
const acorn = require('acorn')
const { ECMA_VERSION, MIN_BASE_LIBRARY, TARGETS } = require('../config/weapp-baseline.js')

const dist = fileURLToPath(new URL('../dist/weapp', import.meta.url))
const compiledDir = fileURLToPath(new URL('../dist/weapp-compiled', import.meta.url))

function fail(message) {
  console.error(`\n✖ ${message}`)
  process.exit(1)
}

if (!existsSync(join(dist, 'app.json')) || !existsSync(join(dist, 'project.config.json')))
  fail(`No weapp build in ${dist} — run \`pnpm build:weapp\` (or build:weapp:release) first.`)

// discard port: nothing listens, so a request fails at once instead of leaving the machine
ci.proxy('http://127.0.0.1:9')
const projectConfig = JSON.parse(readFileSync(join(dist, 'project.config.json'), 'utf8'))
const project = new ci.Project({
  appid: projectConfig.appid,
  type: 'miniProgram',
  projectPath: dist,
  // never read: `attr` below answers what the key would fetch
  privateKey: 'offline-check-no-key',
  attr: async () => ci.DefaultProjectAttr,
})

const started = Date.now()
let compiled
try {
  compiled = await ci.getCompiledResult({ project, setting: { useProjectConfig: true } })
} catch (error) {
  fail(`WeChat's compiler (miniprogram-ci) refused the weapp build:\n${error?.stack ?? error}`)
}
rmSync(compiledDir, { recursive: true, force: true })
for (const [file, content] of Object.entries(compiled)) {
  mkdirSync(dirname(join(compiledDir, file)), { recursive: true })
  writeFileSync(join(compiledDir, file), content)
}
console.log(`\nWeChat's compiler: ${Object.keys(compiled).length} files in ${((Date.now() - started) / 1000).toFixed(0)} s → ${compiledDir}`)

// Regex lookbehind is ES2018 syntax acorn accepts, but iOS JavaScriptCore only knows it from 16.4
const LOOKBEHIND = /\(\?<[=!]/
const tooNew = []
for (const [file, content] of Object.entries(compiled)) {
  if (!file.endsWith('.js')) continue
  const source = String(content)
  try {
    acorn.parse(source, {
      ecmaVersion: ECMA_VERSION,
      sourceType: 'script',
      onToken(token) {
        if (token.type === acorn.tokTypes.regexp && LOOKBEHIND.test(token.value.pattern))
          throw Object.assign(new SyntaxError(`regex lookbehind /${token.value.pattern}/`), { pos: token.start })
      },
    })
  } catch (error) {
    const at = error.pos ?? 0
    tooNew.push(`${file}: ${error.message} — …${source.slice(Math.max(0, at - 60), at + 40)}…`)
  }
}
if (tooNew.length)
  fail(
    `Uploaded JS newer than ES${ECMA_VERSION} (基础库 ${MIN_BASE_LIBRARY}: ${TARGETS.join(', ')}); old phones would show a white screen.\n` +
      `  Add the package to NEWER_THAN_BASELINE in config/index.ts so babel compiles it:\n  ${tooNew.join('\n  ')}`,
  )
console.log(`✔ every uploaded .js parses as ES${ECMA_VERSION} (基础库 ${MIN_BASE_LIBRARY}: ${TARGETS.join(', ')})`)

const quality = await ci.checkCodeQuality(project)
const failed = quality.filter((item) => !item.success)
for (const item of quality) console.log(`  ${item.success ? '✔' : '✖'} ${item.name}${item.success ? '' : `: ${item.text}${item.detail ? ` ${JSON.stringify(item.detail)}` : ''}`}`)
if (!quality.length) fail('checkCodeQuality answered no items.')
if (failed.length) fail(`WeChat's code quality check failed: ${failed.map((item) => item.name).join(', ')} (see project.config.json "setting" and app.json).`)
console.log('✔ WeChat compiler and code quality check passed')
// checkCodeQuality leaves a file watcher open
process.exit(0)
