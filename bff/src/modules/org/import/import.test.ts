import { randomBytes } from 'node:crypto'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { eq, inArray } from 'drizzle-orm'
import { STAFF_COLUMNS, XLSX, type Role } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { idempotencyKey } from '../../../../test/factories'
import { downloadWorkbook } from '../../../../test/xlsx'
import mysql from 'mysql2/promise'
import { connectDatabase } from '../../../db/client'
import { runMigrations } from '../../../db/migrations'
import { DEMO_USERS, seedDemo } from '../../../db/seed/demo'
import { seedMealDemo } from '../../../db/seed/meal-demo'
import { auditLog, merchantStaff, units, userRoles, users } from '../../../db/schema'
import { testDatabaseUrl } from '../../../../test/databases'
import { staffWorkbook, type StaffSheetRow } from './import.presenter'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const suffix = () => randomBytes(3).toString('hex')
let mobileCounter = 0
/** A mobile no other test uses: 139 + 4 random digits + a counter. */
const newMobile = () => `139${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}${String(++mobileCounter).padStart(4, '0')}`

async function createUnit(options: { shortName?: string; active?: boolean } = {}): Promise<{ id: number; name: string }> {
  const name = `导入测试局${suffix()}`
  const [row] = await t.database.db.insert(units).values({ name, shortName: options.shortName ?? null, active: options.active ?? true })
  return { id: row.insertId, name }
}

async function unitAdminOf(unitId: number): Promise<string> {
  const username = `ua_${suffix()}`
  const [user] = await t.database.db.insert(users).values({ username, name: '单位管理员甲', unitId })
  await t.database.db.insert(userRoles).values([{ userId: user.insertId, role: 'unit_admin' }, { userId: user.insertId, role: 'staff' }])
  return t.login(username)
}

const upload = (token: string, file: Buffer, query: { dryRun: boolean; plan?: string }, key: string | null = idempotencyKey()) => {
  const request = t.http
    .post('/api/v1/admin/users/import')
    .query({ dryRun: String(query.dryRun), ...(query.plan ? { plan: query.plan } : {}) })
    .set(bearer(token))
    .set('Content-Type', XLSX)
  if (key) request.set('Idempotency-Key', key)
  return request.send(file)
}

async function counts(): Promise<{ users: number; audit: number; roles: number }> {
  const [[row]] = (await t.database.pool.query('SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT COUNT(*) FROM user_roles) AS roles')) as unknown as [{ users: number; audit: number; roles: number }[]]
  return { users: Number(row.users), audit: Number(row.audit), roles: Number(row.roles) }
}

/** A workbook built cell by cell (for what staffWorkbook would never write). */
async function rawWorkbook(rows: unknown[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('人员')
  for (const row of rows) sheet.addRow(row)
  edit?.(sheet)
  return Buffer.from(await book.xlsx.writeBuffer())
}

async function personByMobileRow(name: string) {
  const rows = await t.database.db.select().from(users).where(eq(users.name, name))
  return rows
}

describe('the import template', () => {
  it('downloads with the columns, an example row, 手机号 as text and a sheet 说明 of units and roles', async () => {
    const unit = await createUnit({ shortName: `模板简称${suffix()}` })
    const book = await downloadWorkbook(t.http.get('/api/v1/admin/users/import-template.xlsx').set(bearer(admin)))
    const sheet = book.worksheets[0]
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...STAFF_COLUMNS])
    expect(sheet.getRow(2).getCell(1).value).toBe('张三（示例）')
    expect(sheet.getColumn(2).numFmt).toBe('@')
    const help = book.getWorksheet('说明')!
    const text = JSON.stringify(help.getSheetValues())
    expect(text).toContain(unit.name)
    expect(text).toContain('单位审批人')
    expect(text).toContain('单位管理员')

    // the example row is never imported by mistake
    const res = await upload(admin, await book.xlsx.writeBuffer().then((b) => Buffer.from(b)), { dryRun: true })
    expect(res.status).toBe(200)
    expect(res.body.errors).toEqual([{ row: 2, field: '姓名', message: '这是模板中的示例行，请删除后再导入' }])

    const staff = await t.login('zhangsan')
    expect((await t.http.get('/api/v1/admin/users/import-template.xlsx').set(bearer(staff))).status).toBe(403)
  })
})

describe('a dry run, then the real run', () => {
  it('gives exact counts and Chinese row errors, writes nothing; the real run does the same and writes; twice changes nothing', async () => {
    const unit = await createUnit({ shortName: `简${suffix()}` })
    const [shortName] = (await t.database.db.select({ s: units.shortName }).from(units).where(eq(units.id, unit.id))).map((r) => r.s!)
    const closed = await createUnit({ active: false })
    const m = Array.from({ length: 6 }, newMobile)
    const dup = newMobile()
    const rows: StaffSheetRow[] = [
      ['导入甲', m[0], unit.name, '办公室 科员', `imp-${suffix()}`, ''], // 2 ok: new, 机关干部
      ['导入乙', m[1], shortName, '', '', '单位审批人、机关干部'], // 3 ok: by short name, two roles
      ['', m[2], unit.name, '', '', ''], // 4 name empty
      ['导入丁', '1380000', unit.name, '', '', ''], // 5 bad mobile
      ['导入戊', m[3], '没有这个单位', '', '', ''], // 6 unknown unit
      ['导入己', m[4], closed.name, '', '', ''], // 7 inactive unit
      ['导入庚', m[5], unit.name, '', '', '局长'], // 8 unknown role
      ['导入辛', newMobile(), unit.name, '', '', '食堂收银'], // 9 cashier
      ['导入壬', dup, unit.name, '', '', ''], // 10 duplicate mobile …
      ['导入癸', dup, unit.name, '', '', ''], // 11 … both rows named
      ['导入子', newMobile(), unit.name, '', 'has space', ''], // 12 bad userId
      ['导\t丑', newMobile(), unit.name, '', '', ''], // 13 control character (a TAB: XML keeps it)
      ['长'.repeat(65), newMobile(), unit.name, '', '', ''], // 14 too long
    ]
    // row 15: a mobile typed as a number
    const typed = newMobile()
    const file = await rawWorkbook([[...STAFF_COLUMNS], ...rows, ['导入寅', Number(typed), unit.name]])
    const before = await counts()
    const dry = await upload(admin, file, { dryRun: true })
    expect(dry.status).toBe(200)
    expect(dry.body).toMatchObject({ dryRun: true, created: 3, updated: 0, unchanged: 0 })
    expect(dry.body.errors).toEqual([
      { row: 4, field: '姓名', message: '请填写姓名' },
      { row: 5, field: '手机号', message: '手机号格式不正确，应为 11 位手机号' },
      { row: 6, field: '单位', message: '单位“没有这个单位”不存在，请填写“说明”页中的单位全称或简称' },
      { row: 7, field: '单位', message: `单位“${closed.name}”已停用` },
      { row: 8, field: '角色', message: expect.stringContaining('没有“局长”这个角色') },
      { row: 9, field: '角色', message: '食堂收银须指定食堂，请在人员详情中授予' },
      { row: 10, field: '手机号', message: '手机号与第 11 行重复' },
      { row: 11, field: '手机号', message: '手机号与第 10 行重复' },
      { row: 12, field: '浙政钉/钉钉 userId', message: '浙政钉/钉钉 userId 只能包含字母、数字和 _ . @ -' },
      { row: 13, field: '姓名', message: '姓名不能包含控制字符' },
      { row: 14, field: '姓名', message: '姓名不能超过 64 个字' },
    ])
    const masked = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(7)}`
    expect(dry.body.rows).toEqual([
      { row: 2, action: 'create', name: '导入甲', mobileMasked: masked(m[0]), unitName: unit.name, changes: [] },
      { row: 3, action: 'create', name: '导入乙', mobileMasked: masked(m[1]), unitName: unit.name, changes: [] },
      { row: 15, action: 'create', name: '导入寅', mobileMasked: masked(typed), unitName: unit.name, changes: [] },
    ])
    expect(await counts()).toEqual(before)

    const real = await upload(admin, file, { dryRun: false, plan: dry.body.plan })
    expect(real.status).toBe(200)
    expect({ ...real.body, dryRun: true }).toEqual(dry.body)
    const after = await counts()
    expect(after.users - before.users).toBe(3)
    expect(after.audit - before.audit).toBe(3)
    const [yi] = await personByMobileRow('导入乙')
    const roles = (await t.database.db.select().from(userRoles).where(eq(userRoles.userId, yi.id))).map((r) => r.role).sort()
    expect(roles).toEqual(['approver', 'staff'])
    expect(yi.unitId).toBe(unit.id)
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(yi.id)))
    expect(audit).toEqual([expect.objectContaining({ action: 'user.create', entity: 'user', actorName: '系统管理员', reason: '人员导入：14 行' })])

    const again = await upload(admin, file, { dryRun: false })
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, rows: [] })
    expect(await counts()).toEqual(after)
  })

  it('updates by userId then by mobile, keeps what a cell leaves empty, refuses taken mobiles, the same person twice and people who left', async () => {
    const unit = await createUnit()
    const other = await createUnit()
    const [a, b, c, d, e] = Array.from({ length: 5 }, newMobile)
    const idA = `upd-a-${suffix()}`
    const first = await upload(admin, await staffWorkbook([
      ['更新甲', a, unit.name, '科员', idA, ''],
      ['更新乙', b, unit.name, '科长', '', '单位审批人'],
      ['更新丙', c, unit.name, '', '', ''],
      ['更新丁', d, unit.name, '', '', ''],
    ]), { dryRun: false })
    expect(first.body).toMatchObject({ created: 4, errors: [] })
    const [ding] = await personByMobileRow('更新丁')
    await t.database.db.update(users).set({ status: 'disabled' }).where(eq(users.id, ding.id))

    const before = await counts()
    const file = await staffWorkbook([
      ['更新甲', e, other.name, '', idA, ''], // 2 by userId: new mobile, new unit, 部门 kept
      ['更新乙', b, unit.name, '', '', ''], // 3 by mobile: nothing changes (empty cells keep)
      ['更新丙丙', c, unit.name, '副科长', '', '机关干部、单位管理员'], // 4 name, 部门, roles
      ['更新丁', d, unit.name, '', '', ''], // 5 left
      ['冒名', a, unit.name, '', '', ''], // 6 甲's old mobile: 甲 again (row 2) → both refused
    ])
    const dry = await upload(admin, file, { dryRun: true })
    expect(dry.body.errors).toEqual([
      { row: 2, field: '浙政钉/钉钉 userId', message: expect.stringContaining('与第 6 行是同一人员') },
      { row: 5, field: '姓名', message: '该人员已停用，请先重新启用' },
      { row: 6, field: '浙政钉/钉钉 userId', message: expect.stringContaining('与第 2 行是同一人员') },
    ])
    expect(dry.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 })
    expect(dry.body.rows).toEqual([{ row: 4, action: 'update', name: '更新丙丙', mobileMasked: expect.any(String), unitName: unit.name, changes: ['姓名', '部门/职务', '角色'] }])
    expect(await counts()).toEqual(before)
    const real = await upload(admin, file, { dryRun: false, plan: dry.body.plan })
    expect(real.body).toMatchObject({ updated: 1, unchanged: 1, plan: dry.body.plan })
    const [bing] = await personByMobileRow('更新丙丙')
    expect([bing.position, bing.accessChangedAt]).toEqual(['副科长', expect.any(Date)])
    expect((await t.database.db.select().from(userRoles).where(eq(userRoles.userId, bing.id))).map((r) => r.role).sort()).toEqual(['staff', 'unit_admin'])
    const [yi] = await personByMobileRow('更新乙')
    expect([yi.position, yi.accessChangedAt]).toEqual(['科长', null])

    // without the clash, 甲 moves unit and mobile; someone else's mobile on 甲's userId is refused
    const move = await upload(admin, await staffWorkbook([['更新甲', e, other.name, '', idA, '']]), { dryRun: false })
    expect(move.body).toMatchObject({ updated: 1, errors: [] })
    expect(move.body.rows[0].changes).toEqual(['手机号', '单位'])
    const [jia] = await personByMobileRow('更新甲')
    expect([jia.unitId, jia.position, jia.dingtalkUserId]).toEqual([other.id, '科员', idA])
    expect(jia.accessChangedAt).not.toBeNull()
    const taken = await upload(admin, await staffWorkbook([['更新甲', b, other.name, '', idA, '']]), { dryRun: true })
    expect(taken.body.errors).toEqual([{ row: 2, field: '手机号', message: expect.stringContaining('手机号已被其他人员使用') }])
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(jia.id)))
    expect(audit.at(-1)).toMatchObject({ action: 'user.update', before: { mobile: `${a.slice(0, 3)}****${a.slice(7)}`, unitId: unit.id }, after: { mobile: `${e.slice(0, 3)}****${e.slice(7)}`, unitId: other.id } })
  })

  it('refuses (409) when the database changed since the dry run, writing nothing', async () => {
    const unit = await createUnit()
    const mobile = newMobile()
    const file = await staffWorkbook([['计划甲', mobile, unit.name, '', '', '']])
    const dry = await upload(admin, file, { dryRun: true })
    // someone adds the same person meanwhile
    await upload(admin, await staffWorkbook([['计划甲', mobile, unit.name, '科员', '', '']]), { dryRun: false })
    const before = await counts()
    const real = await upload(admin, file, { dryRun: false, plan: dry.body.plan })
    expect([real.status, real.body.error.code]).toEqual([409, 'ORG_IMPORT_PLAN_CHANGED'])
    expect(await counts()).toEqual(before)
    const badPlan = await upload(admin, file, { dryRun: false, plan: 'xyz' })
    expect([badPlan.status, badPlan.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('needs an Idempotency-Key; the same key gets the same answer and writes once', async () => {
    const unit = await createUnit()
    const file = await staffWorkbook([['重放甲', newMobile(), unit.name, '', '', '']])
    const missing = await upload(admin, file, { dryRun: false }, null)
    expect([missing.status, missing.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED'])
    const key = idempotencyKey()
    const first = await upload(admin, file, { dryRun: false }, key)
    const before = await counts()
    const replay = await upload(admin, file, { dryRun: false }, key)
    expect(replay.status).toBe(200)
    expect(replay.body).toEqual(first.body)
    expect(first.body.created).toBe(1)
    expect(await counts()).toEqual(before)
    const otherFile = await upload(admin, await staffWorkbook([['重放乙', newMobile(), unit.name, '', '', '']]), { dryRun: false }, key)
    expect([otherFile.status, otherFile.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED'])
  })
})

describe('hostile and wrong files are refused before anything is written', () => {
  const header = [...STAFF_COLUMNS]

  async function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
    const zip = new JSZip()
    for (const [name, content] of Object.entries(files)) zip.file(name, content)
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } })
  }

  it.each([
    ['random bytes', async () => randomBytes(2000), 400, 'ORG_IMPORT_NOT_WORKBOOK'],
    ['a zip that is no workbook', async () => zipOf({ 'hello.txt': 'hello' }), 400, 'ORG_IMPORT_NOT_WORKBOOK'],
    ['a truncated workbook', async () => (await staffWorkbook([['截断', newMobile(), '市发改委', '', '', '']])).subarray(0, 2000), 400, 'ORG_IMPORT_NOT_WORKBOOK'],
    ['other columns', async () => rawWorkbook([['姓名', '电话', '单位'], ['错列', newMobile(), '市发改委']]), 422, 'ORG_IMPORT_WRONG_COLUMNS'],
    ['only the header', async () => rawWorkbook([header]), 422, 'ORG_IMPORT_EMPTY'],
    ['an empty sheet', async () => rawWorkbook([]), 422, 'ORG_IMPORT_EMPTY'],
  ])('%s', async (_what, make, status, code) => {
    const before = await counts()
    const res = await upload(admin, await make(), { dryRun: false })
    expect([res.status, res.body.error?.code]).toEqual([status, code])
    expect(await counts()).toEqual(before)
  })

  it('names the expected columns', async () => {
    const res = await upload(admin, await rawWorkbook([['姓名', '电话'], ['错列', newMobile()]]), { dryRun: true })
    expect(res.body.error.message).toContain(STAFF_COLUMNS.join('、'))
    // the template's headers with stray spaces are fine
    const spaced = await upload(admin, await rawWorkbook([[' 姓名 ', '手机号', '单位', '部门/职务', '浙政钉/钉钉userId', '角色'], ['空格甲', newMobile(), '市发改委']]), { dryRun: true })
    expect(spaced.body).toMatchObject({ created: 1, errors: [] })
  })

  it('a formula cell: 422 naming the first one', async () => {
    const before = await counts()
    const file = await rawWorkbook([header, ['公式甲', newMobile(), '市发改委'], ['公式乙', { formula: '"1390000"&"0000"', result: '13900000000' }, '市发改委']])
    const res = await upload(admin, file, { dryRun: false })
    expect([res.status, res.body.error.code]).toEqual([422, 'ORG_IMPORT_FORMULA'])
    expect(res.body.error.message).toContain('第 3 行 手机号')
    expect(await counts()).toEqual(before)
  })

  it('more than 20,000 rows: 413', async () => {
    const rows: StaffSheetRow[] = Array.from({ length: 20_001 }, (_v, i) => [`多行${i}`, `137${String(i).padStart(8, '0')}`, '市发改委', '', '', ''])
    const before = await counts()
    const res = await upload(admin, await staffWorkbook(rows), { dryRun: false })
    expect([res.status, res.body.error.code]).toEqual([413, 'ORG_IMPORT_TOO_MANY_ROWS'])
    expect(await counts()).toEqual(before)
  }, 60_000)

  it('a zip bomb, declared or lying about its size: 413 before it is inflated', async () => {
    const zeros = Buffer.alloc(60 * 1024 * 1024)
    const book = await staffWorkbook([['炸弹', newMobile(), '市发改委', '', '', '']])
    const zip = await JSZip.loadAsync(book)
    zip.file('xl/media/image1.png', zeros)
    const declared = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } })
    expect(declared.length).toBeLessThan(5 * 1024 * 1024)

    // the same bomb with small sizes written in its headers: caught while inflating
    const small = await zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': Buffer.alloc(8 * 1024 * 1024) })
    const lying = Buffer.from(small)
    for (let at = 0; at < lying.length - 4; at++) {
      const signature = lying.readUInt32LE(at)
      if (signature === 0x04034b50 && lying.readUInt32LE(at + 22) === 8 * 1024 * 1024) lying.writeUInt32LE(1000, at + 22)
      if (signature === 0x02014b50 && lying.readUInt32LE(at + 24) === 8 * 1024 * 1024) lying.writeUInt32LE(1000, at + 24)
    }
    expect(lying.equals(small)).toBe(false)

    const before = await counts()
    for (const file of [declared, lying]) {
      const res = await upload(admin, file, { dryRun: false })
      expect([res.status, res.body.error.code]).toEqual([413, 'ORG_IMPORT_TOO_LARGE'])
    }
    expect(await counts()).toEqual(before)
  }, 60_000)

  it('another content type: 415; over 5 MB: 413', async () => {
    const before = await counts()
    const csv = await t.http.post('/api/v1/admin/users/import').query({ dryRun: 'true' }).set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).set('Content-Type', 'text/csv').send('姓名,手机号\n')
    expect([csv.status, csv.body.error.code]).toEqual([415, 'UNSUPPORTED_FILE_TYPE'])
    const big = await upload(admin, randomBytes(5 * 1024 * 1024 + 1), { dryRun: true })
    expect([big.status, big.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    expect(await counts()).toEqual(before)
  })
})

describe('a 单位管理员', () => {
  it('imports their own unit’s people only, grants only unit roles, and learns nothing of other units', async () => {
    const own = await createUnit()
    const other = await createUnit()
    const token = await unitAdminOf(own.id)
    const elsewhere = newMobile()
    await upload(admin, await staffWorkbook([['外单位人员', elsewhere, other.name, '', '', '']]), { dryRun: false })

    const res = await upload(token, await staffWorkbook([
      ['本单位甲', newMobile(), own.name, '', '', '单位审批人'],
      ['外单位乙', newMobile(), other.name, '', '', ''],
      ['本单位丙', newMobile(), own.name, '', '', '管理员'],
      ['本单位丁', elsewhere, own.name, '', '', ''],
    ]), { dryRun: false })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ created: 1, updated: 0 })
    expect(res.body.errors).toEqual([
      { row: 3, field: '单位', message: '只能导入本单位人员' },
      { row: 4, field: '角色', message: '单位管理员只能授予机关干部、单位审批人、单位管理员、资产管理员' },
      { row: 5, field: '手机号', message: '只能导入本单位人员' },
    ])
    expect(JSON.stringify(res.body)).not.toContain('外单位人员')

    // the template lists their unit only; the export holds their unit only
    const template = await downloadWorkbook(t.http.get('/api/v1/admin/users/import-template.xlsx').set(bearer(token)))
    const help = JSON.stringify(template.getWorksheet('说明')!.getSheetValues())
    expect(help).toContain(own.name)
    expect(help).not.toContain(other.name)
    const exported = await downloadWorkbook(t.http.get('/api/v1/admin/users/export.xlsx').set(bearer(token)))
    const names = exported.worksheets[0].getSheetValues().slice(2).map((row) => (row as unknown[])[1])
    expect(names).toEqual(expect.arrayContaining(['本单位甲', '单位管理员甲']))
    expect(names).not.toContain('外单位人员')
    const asked = await downloadWorkbook(t.http.get('/api/v1/admin/users/export.xlsx').query({ unitId: other.id }).set(bearer(token)))
    expect(asked.worksheets[0].rowCount).toBe(1)
  })
})

describe('the export', () => {
  it('has the template’s columns and full mobiles, is on the record, and imports back as all unchanged', async () => {
    const unit = await createUnit()
    const mobiles = [newMobile(), newMobile(), newMobile()]
    await upload(admin, await staffWorkbook([
      ['导出甲', mobiles[0], unit.name, '科员', `exp-${suffix()}`, '单位审批人、机关干部'],
      ['导出乙', mobiles[1], unit.name, '-副科长', '', ''],
      ['导出丙', mobiles[2], unit.name, '', '', '单位管理员'],
    ]), { dryRun: false })
    const book = await downloadWorkbook(t.http.get('/api/v1/admin/users/export.xlsx').query({ unitId: unit.id }).set(bearer(admin)))
    const sheet = book.worksheets[0]
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...STAFF_COLUMNS])
    const rows = sheet.getSheetValues().slice(2).map((row) => (row as unknown[]).slice(1))
    expect(rows.map((row) => [row[0], row[1], row[2], row[5]])).toEqual([
      ['导出甲', mobiles[0], unit.name, '机关干部、单位审批人'],
      ['导出乙', mobiles[1], unit.name, '机关干部'],
      ['导出丙', mobiles[2], unit.name, '单位管理员'],
    ])
    const mine = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(unit.id)))
    expect(mine.find((row) => row.action === 'user.export')).toMatchObject({ entity: 'user', actorName: '系统管理员', after: expect.objectContaining({ count: 3 }) })

    const back = await upload(admin, Buffer.from(await book.xlsx.writeBuffer()), { dryRun: false })
    expect(back.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, errors: [] })

    const staff = await t.login('zhangsan')
    expect((await t.http.get('/api/v1/admin/users/export.xlsx').set(bearer(staff))).status).toBe(403)
  })

  it('leaves a mobile it cannot open blank (damaged, or sealed under a retired key) instead of failing the whole export', async () => {
    const unit = await createUnit()
    const mobiles = [newMobile(), newMobile()]
    await upload(admin, await staffWorkbook([
      ['可读甲', mobiles[0], unit.name, '', '', ''],
      ['损坏乙', mobiles[1], unit.name, '', '', ''],
    ]), { dryRun: false })
    await t.database.pool.query("UPDATE users SET mobile_enc = 'retired.AAAA' WHERE name = '损坏乙' AND unit_id = ?", [unit.id])
    const book = await downloadWorkbook(t.http.get('/api/v1/admin/users/export.xlsx').query({ unitId: unit.id }).set(bearer(admin)))
    const rows = book.worksheets[0].getSheetValues().slice(2).map((row) => (row as unknown[]).slice(1, 3))
    expect(rows).toEqual([['可读甲', mobiles[0]], ['损坏乙', '']])
  })

  it('keeps mobiles sealed: no 11-digit mobile in users or audit_log', async () => {
    const unit = await createUnit()
    const mobile = newMobile()
    await upload(admin, await staffWorkbook([['密封甲', mobile, unit.name, '', '', '']]), { dryRun: false })
    const [person] = await personByMobileRow('密封甲')
    expect(JSON.stringify(person)).not.toContain(mobile)
    expect(person.mobileEnc).toMatch(/^k1\./)
    // names, positions, userIds: no mobile; sealed and hashed columns: not this one
    const [[usersLeak]] = (await t.database.pool.query("SELECT COUNT(*) AS n FROM users WHERE CONCAT_WS(' ', name, username, position, dingtalk_user_id) REGEXP '1[3-9][0-9]{9}' OR INSTR(CONCAT_WS(' ', mobile_hash, mobile_enc), ?) > 0", [mobile])) as unknown as [{ n: number }[]]
    const [[auditLeak]] = (await t.database.pool.query("SELECT COUNT(*) AS n FROM audit_log WHERE CONCAT_WS(' ', CAST(`before` AS CHAR), CAST(`after` AS CHAR), reason) REGEXP '1[3-9][0-9]{9}'")) as unknown as [{ n: number }[]]
    expect([Number(usersLeak.n), Number(auditLeak.n)]).toEqual([0, 0])
    const roles = await t.database.db.select().from(userRoles).where(inArray(userRoles.userId, [person.id]))
    expect(roles.map((r) => r.role)).toEqual(['staff' satisfies Role])
  })
})

describe('the demo seed', () => {
  it('loads the demo staff through the import: every account has its roles, a second start changes nothing', async () => {
    const url = testDatabaseUrl(`${process.env.JEST_WORKER_ID ?? '1'}_seed`)
    const server = new URL(url)
    const name = server.pathname.slice(1)
    server.pathname = '/'
    const conn = await mysql.createConnection({ uri: server.toString() })
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``)
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
    await conn.end()
    const database = connectDatabase(url, 2)
    try {
      await runMigrations(database)
      const staffCount = DEMO_USERS.filter((demo) => demo.unit).length
      expect(await seedDemo(database.db, t.services.pii)).toEqual({ created: staffCount, updated: 0, unchanged: 0 })
      await seedMealDemo(database.db)
      const db = database.db
      for (const demo of DEMO_USERS) {
        const [user] = await db.select().from(users).where(eq(users.username, demo.username))
        const roles = (await db.select().from(userRoles).where(eq(userRoles.userId, user.id))).map((row) => row.role)
        expect([demo.username, roles.sort()]).toEqual([demo.username, [...demo.roles].sort()])
      }
      const [cashier] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'cashier1'))
      expect(await db.select().from(merchantStaff).where(eq(merchantStaff.userId, cashier.id))).toHaveLength(1)
      const [zhangsan] = await db.select().from(users).where(eq(users.username, 'zhangsan'))
      expect(zhangsan.dingtalkUserId).toBe('dd-zhangsan')
      expect(await db.select().from(auditLog).where(eq(auditLog.entityId, String(zhangsan.id)))).toEqual([expect.objectContaining({ action: 'user.create', actorName: '系统', reason: `人员导入：${staffCount} 行` })])

      const [[before]] = (await database.pool.query('SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT COUNT(*) FROM notifications) AS notifications')) as unknown as [Record<string, number>[]]
      expect(await seedDemo(database.db, t.services.pii)).toEqual({ created: 0, updated: 0, unchanged: staffCount })
      const [[after]] = (await database.pool.query('SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT COUNT(*) FROM notifications) AS notifications')) as unknown as [Record<string, number>[]]
      expect(after).toEqual(before)
    } finally {
      await database.close()
    }
  }, 60_000)
})
