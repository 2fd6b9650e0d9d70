import { randomBytes, randomUUID } from 'node:crypto'
import mysql from 'mysql2/promise'
import { maskMobile, XLSX } from '@egj/shared'
import { EnvSchema } from '../src/env'
import { PiiVault } from '../src/lib/pii'
import { staffWorkbook, type StaffSheetRow } from '../src/modules/org/import/import.presenter'

/** Issue 17: 10,000 staff rows imported in under 30 s on this machine. */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000)
const TARGET_SECONDS = 30

interface Timed {
  name: string
  seconds: number
  created: number
}

async function freshUnit(conn: mysql.Connection, label: string): Promise<{ id: number; name: string }> {
  const name = `${label} ${randomBytes(3).toString('hex')}`
  const [result] = (await conn.query('INSERT INTO units (name) VALUES (?)', [name])) as unknown as [{ insertId: number }]
  return { id: result.insertId, name }
}

/** ROWS distinct mobiles no one in the database has (a prefix per run). */
function mobiles(prefix: string): string[] {
  return Array.from({ length: ROWS }, (_v, i) => `${prefix}${String(i).padStart(7, '0')}`)
}

/**
 * The workbook as an admin uploads it: 10,000 new people (a few with a DingTalk userId and two
 * roles), through the BFF (dry run, then the real run with the dry run's plan), beside the same
 * writes straight through mysql2: multi-row INSERTs of the users with mobiles sealed beforehand,
 * their roles and their audit rows, in one transaction.
 */
export async function runStaffImportBench(databaseUrl: string, bffUrl: string, adminToken: string): Promise<boolean> {
  const conn = await mysql.createConnection({ uri: databaseUrl })
  try {
    const unit = await freshUnit(conn, '压测导入单位')
    const rows: StaffSheetRow[] = mobiles('1390').map((mobile, i) => [`导入压测${i}`, mobile, unit.name, i % 10 ? '' : '办公室 科员', i % 4 ? '' : `bench-${unit.id}-${i}`, i % 20 ? '' : '机关干部、单位审批人'])
    const file = await staffWorkbook(rows)
    console.log(`\nstaff import: ${ROWS.toLocaleString('en')} rows (${(file.length / 1024).toFixed(0)} KB .xlsx), a fresh unit, every row a new person …`)

    const post = async (dryRun: boolean, plan?: string) => {
      const started = performance.now()
      const response = await fetch(`${bffUrl}/api/v1/admin/users/import?dryRun=${dryRun}${plan ? `&plan=${plan}` : ''}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': XLSX, 'idempotency-key': randomUUID() },
        body: file,
      })
      const body = (await response.json()) as { created: number; errors: unknown[]; plan: string }
      if (!response.ok || body.errors.length) throw new Error(`staff import ${dryRun ? 'dry run' : 'run'}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`)
      return { seconds: (performance.now() - started) / 1000, body }
    }
    const dry = await post(true)
    const real = await post(false, dry.body.plan)
    const viaBff: Timed[] = [
      { name: `BFF import dry run (${ROWS.toLocaleString('en')} rows)`, seconds: dry.seconds, created: dry.body.created },
      { name: `BFF import real run (${ROWS.toLocaleString('en')} rows)`, seconds: real.seconds, created: real.body.created },
    ]

    // Baseline: the same rows written straight through mysql2, mobiles sealed before the clock starts.
    const rawUnit = await freshUnit(conn, '压测导入基线')
    const pii = new PiiVault(EnvSchema.parse({ DATABASE_URL: databaseUrl }).PII_KEY)
    const people = mobiles('1391').map((mobile, i) => ({
      name: `基线压测${i}`,
      mobile,
      mobileHash: pii.blindIndex(mobile),
      mobileEnc: pii.seal(mobile),
      position: i % 10 ? null : '办公室 科员',
      dingtalkUserId: i % 4 ? null : `raw-${rawUnit.id}-${i}`,
      roles: i % 20 ? ['staff'] : ['staff', 'approver'],
    }))
    const started = performance.now()
    await conn.beginTransaction()
    const ids = new Map<string, number>()
    for (let i = 0; i < people.length; i += 1000) {
      const batch = people.slice(i, i + 1000)
      await conn.query('INSERT INTO users (name, unit_id, mobile_hash, mobile_enc, position, dingtalk_user_id) VALUES ?', [batch.map((p) => [p.name, rawUnit.id, p.mobileHash, p.mobileEnc, p.position, p.dingtalkUserId])])
      // read back by the unique mobile, as the BFF does (a multi-row INSERT's ids need not be consecutive)
      const [found] = (await conn.query('SELECT id, mobile_hash FROM users WHERE mobile_hash IN (?)', [batch.map((p) => p.mobileHash)])) as unknown as [{ id: number; mobile_hash: string }[]]
      for (const row of found) ids.set(row.mobile_hash, row.id)
    }
    const roleRows = people.flatMap((p) => p.roles.map((role) => [ids.get(p.mobileHash), role]))
    for (let i = 0; i < roleRows.length; i += 2000) await conn.query('INSERT INTO user_roles (user_id, role) VALUES ?', [roleRows.slice(i, i + 2000)])
    const auditRows = people.map((p) => [
      null,
      '压测',
      null,
      'user.create',
      'user',
      String(ids.get(p.mobileHash)),
      null,
      JSON.stringify({ name: p.name, mobile: maskMobile(p.mobile), unitId: rawUnit.id, position: p.position, dingtalkUserId: p.dingtalkUserId, roles: p.roles.join('、') }),
      `人员导入：${ROWS} 行`,
    ])
    for (let i = 0; i < auditRows.length; i += 1000) await conn.query('INSERT INTO audit_log (actor_id, actor_name, ip, action, entity, entity_id, `before`, `after`, reason) VALUES ?', [auditRows.slice(i, i + 1000)])
    await conn.commit()
    const raw: Timed = { name: `mysql2 direct: the same INSERTs (${ROWS.toLocaleString('en')})`, seconds: (performance.now() - started) / 1000, created: people.length }

    console.log()
    const line = (cells: string[]) => console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(44) : cell.padStart(10))).join(''))
    line(['', 'seconds', 'rows/s', 'created'])
    for (const row of [...viaBff, raw]) line([row.name, row.seconds.toFixed(2), String(Math.round(ROWS / row.seconds)), String(row.created)])
    console.log(`\nratio BFF import (real run) ÷ raw mysql2: ${(real.seconds / raw.seconds).toFixed(2)} (time)`)
    const met = dry.seconds < TARGET_SECONDS && real.seconds < TARGET_SECONDS && real.body.created === ROWS
    console.log(`target: ${ROWS.toLocaleString('en')} rows in < ${TARGET_SECONDS} s (dry run and real run): ${met ? 'met' : 'NOT MET'}`)
    return met
  } finally {
    await conn.end()
  }
}
