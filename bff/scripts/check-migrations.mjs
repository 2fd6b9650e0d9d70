// `pnpm db:check`, and part of `npm test`: the schema in bff/src/db/schema and the committed
// migrations in bff/drizzle must agree. Runs `drizzle-kit generate` (our drizzle.config.ts, its
// `out` pointed at a temporary copy of bff/drizzle) and fails, showing the SQL, if it would write
// a migration; then `drizzle-kit check` on the same copy (two branches' migrations that collide).
// Needs no database and leaves no files behind.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const bff = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const committed = path.join(bff, 'drizzle')
const drizzleKit = path.join(path.dirname(createRequire(path.join(bff, 'package.json')).resolve('drizzle-kit')), 'bin.cjs')

/** every file under dir, relative path → content */
function files(dir) {
  const out = new Map()
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    out.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'))
  }
  return out
}

function drizzle(args, cwd) {
  // stdin closed: if drizzle-kit wants to ask (a renamed column?), it must not wait for an answer
  const result = spawnSync(process.execPath, [drizzleKit, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })
  return { ok: result.status === 0 && !result.error, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim() }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'egj-migrations-check-'))
const problems = []
try {
  const out = path.join(tmp, 'drizzle')
  fs.cpSync(committed, out, { recursive: true })
  const config = path.join(tmp, 'drizzle.check.config.ts')
  // drizzle-kit prefixes `out` with './', so it must be relative to the working directory (bff)
  fs.writeFileSync(config, `import base from ${JSON.stringify(path.join(bff, 'drizzle.config.ts'))}\nexport default { ...base, out: ${JSON.stringify(path.relative(bff, out))} }\n`)

  const generate = drizzle(['generate', '--config', config, '--name', 'schema_check'], bff)
  const before = files(committed)
  const after = files(out)
  const newSql = [...after].filter(([name]) => !before.has(name) && name.endsWith('.sql'))
  for (const [name, content] of newSql) problems.push(`缺少迁移 (missing migration) — drizzle-kit generate 会生成 ${name}:\n${content.trim()}`)
  for (const [name, content] of before) {
    if (after.has(name) && after.get(name) !== content && !name.startsWith('meta')) problems.push(`drizzle-kit generate 会改动已提交的 bff/drizzle/${name}`)
  }
  // drizzle-kit exits 0 even when it stops at a question it cannot ask without a terminal
  // ("was this column renamed or created?"): only its own all-clear counts as agreement.
  if (!newSql.length && !(generate.ok && generate.output.includes('No schema changes'))) {
    const reason = generate.output.includes('Interactive prompts require a TTY')
      ? 'drizzle-kit generate 需要回答问题（某个表或列被改名或删除？），说明 schema 已变、迁移未生成'
      : 'drizzle-kit generate 没有给出“无变化”的结论'
    problems.push(`${reason}:\n${generate.output.split('\n').filter((line) => !/^\s+at /.test(line)).slice(0, 12).join('\n')}`)
  }
  if (!problems.length) {
    const check = drizzle(['check', '--config', config], bff)
    if (!check.ok || !check.output.includes("Everything's fine")) problems.push(`drizzle-kit check 发现迁移冲突（例如两个分支各自生成了同一个编号的迁移）:\n${check.output}`)
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true })
}

if (problems.length) {
  console.error('✗ bff/src/db/schema 与已提交的迁移 bff/drizzle 不一致 (schema and committed migrations differ):\n')
  for (const problem of problems) console.error(`${problem}\n`)
  console.error('修复: 在仓库根目录运行 `pnpm db:generate --name <what-changed>`，检查生成的 SQL 后提交 bff/drizzle（迁移生成后不再手改）。')
  console.error('合并分支后编号冲突: 保留主干的迁移，删掉本分支生成的那个（.sql、meta 快照与 _journal 条目），重新 `pnpm db:generate`。')
  process.exit(1)
}
console.log('✓ bff/src/db/schema 与已提交的迁移一致 (drizzle-kit generate: nothing new; check: no collisions)')
