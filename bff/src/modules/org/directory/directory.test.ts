import { randomBytes, randomInt } from 'node:crypto'
import type { DirectoryDiff } from '@egj/shared'
import { DingtalkClient } from '../../../adapters/dingtalk'
import { units, userRoles, users } from '../../../db/schema'
import { createLogger } from '../../../lib/logger'
import type { SimDirectory, SimUser } from '../../../simulators/dingtalk'
import { demoDirectory } from '../../../simulators/dingtalk-demo'
import { outcomes } from '../../../../test/factories'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { DirectoryService } from './directory.service'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const SYNC = '/api/v1/admin/directory-sync'
const sfx = randomBytes(3).toString('hex')
let mobileSeq = randomInt(10_000_000, 89_000_000)
const newMobile = () => `139${mobileSeq++}`
const masked = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(7)}`

async function createUnit(name: string, options: { shortName?: string; active?: boolean } = {}) {
  const [row] = await t.database.db.insert(units).values({ name, shortName: options.shortName ?? null, active: options.active ?? true })
  return { id: row.insertId, name }
}

async function createPerson(p: { name: string; unitId: number; mobile: string; dingtalkUserId?: string; position?: string; status?: 'active' | 'disabled' }) {
  const [row] = await t.database.db.insert(users).values({
    name: p.name,
    unitId: p.unitId,
    mobileHash: t.services.pii.blindIndex(p.mobile),
    mobileEnc: t.services.pii.seal(p.mobile),
    dingtalkUserId: p.dingtalkUserId ?? null,
    position: p.position ?? null,
    status: p.status ?? 'active',
  })
  await t.database.db.insert(userRoles).values({ userId: row.insertId, role: 'staff' })
  return row.insertId
}

const query = async <T>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]
const run = () => t.http.post(SYNC).set(bearer(admin))
const apply = (id: number) => t.http.post(`${SYNC}/apply`).set(bearer(admin)).send({ id })
const byUserId = <T extends { dingtalkUserId: string }>(list: T[]) => [...list].sort((a, b) => a.dingtalkUserId.localeCompare(b.dingtalkUserId))

/** Only this file's people: the database also holds the demo accounts and other tests' people with a userId. */
const ours = (diff: DirectoryDiff) => ({
  added: byUserId(diff.added.filter((p) => p.dingtalkUserId.startsWith(`dd-${sfx}`))),
  changed: byUserId(diff.changed.filter((p) => p.dingtalkUserId.startsWith(`dd-${sfx}`))),
  gone: byUserId(diff.gone.filter((p) => p.dingtalkUserId.startsWith(`dd-${sfx}`))),
  skipped: byUserId(diff.skipped.filter((p) => p.dingtalkUserId.startsWith(`dd-${sfx}`))),
})

describe('通讯录同步', () => {
  const id = (n: number) => `dd-${sfx}-${String(n).padStart(2, '0')}`
  const m = Object.fromEntries(['p1', 'p2', 'p3', 'p4', 'p5', 'p7', 'p7new', 'n1', 'n2', 's1', 's3'].map((key) => [key, newMobile()]))
  let unitA: { id: number; name: string }
  let unitB: { id: number; name: string }
  let unitC: { id: number; name: string }
  const people: Record<string, number> = {}
  let directory: SimDirectory

  beforeAll(async () => {
    unitA = await createUnit(`通讯录测试局甲${sfx}`)
    unitB = await createUnit(`通讯录测试局乙全称${sfx}`, { shortName: `测乙${sfx}` })
    unitC = await createUnit(`通讯录测试局丙${sfx}`, { active: false })
    people.p1 = await createPerson({ name: '钱一', unitId: unitA.id, mobile: m.p1, dingtalkUserId: id(1), position: '科员' })
    people.p2 = await createPerson({ name: '孙二', unitId: unitA.id, mobile: m.p2, dingtalkUserId: id(2), position: '科员' })
    people.p3 = await createPerson({ name: '李三', unitId: unitA.id, mobile: m.p3 })
    people.p4 = await createPerson({ name: '周四', unitId: unitA.id, mobile: m.p4, dingtalkUserId: id(4) })
    people.p5 = await createPerson({ name: '吴五', unitId: unitA.id, mobile: m.p5, dingtalkUserId: id(5), status: 'disabled' })
    people.p7 = await createPerson({ name: '蒋七', unitId: unitA.id, mobile: m.p7, dingtalkUserId: id(7) })
    const dept = { a: 1000, office: 1001, b: 1002, nowhere: 1003, c: 1004 }
    const members: SimUser[] = [
      { userid: id(1), name: '钱一', mobile: m.p1, title: '科员', deptIds: [dept.a] },
      // moved to 乙 (its department carries the unit's short name), new 职务
      { userid: id(2), name: '孙二', mobile: m.p2, title: '副科长', deptIds: [dept.b] },
      // on record without a userId: found by mobile (DingTalk writes it with +86-)
      { userid: id(3), name: '李三', mobile: `+86-${m.p3}`, deptIds: [dept.a] },
      // 周四 (id 4) is not in the directory any more: gone
      { userid: id(5), name: '吴五', mobile: m.p5, deptIds: [dept.a] },
      { userid: id(7), name: '蒋七', mobile: m.p7new, deptIds: [dept.a] },
      // new: in a 科室 under 甲, and in 乙
      { userid: id(8), name: '郑八', mobile: m.n1, title: '办公室主任', deptIds: [dept.office] },
      { userid: id(9), name: '王九', mobile: m.n2, deptIds: [dept.b] },
      // skipped: no unit of that name, no mobile, a unit that is closed
      { userid: id(10), name: '冯十', mobile: m.s1, deptIds: [dept.nowhere] },
      { userid: id(11), name: '陈十一', deptIds: [dept.a] },
      { userid: id(12), name: '褚十二', mobile: m.s3, deptIds: [dept.c] },
    ]
    directory = {
      rootName: '模拟市',
      departments: [
        { id: dept.a, name: unitA.name, parentId: 1 },
        { id: dept.office, name: '办公室', parentId: dept.a },
        { id: dept.b, name: `测乙${sfx}`, parentId: 1 },
        { id: dept.nowhere, name: `不存在的部门${sfx}`, parentId: 1 },
        { id: dept.c, name: unitC.name, parentId: 1 },
      ],
      users: members,
    }
    t.dingtalkSim.directory.seed(directory)
  })

  let firstId = 0

  it('a run shows who would be added, changed, is gone and is left out — and changes nobody', async () => {
    const usersBefore = await query<{ n: number }>('SELECT COUNT(*) AS n FROM users')
    const response = await run()
    expect(response.status).toBe(200)
    const diff = response.body as DirectoryDiff
    expect(diff).toMatchObject({ status: 'ready', error: null, appliedAt: null })
    firstId = diff.id
    expect(ours(diff)).toEqual({
      added: [
        { dingtalkUserId: id(8), name: '郑八', mobileMasked: masked(m.n1), departmentName: '办公室', unitId: unitA.id, position: '办公室主任' },
        { dingtalkUserId: id(9), name: '王九', mobileMasked: masked(m.n2), departmentName: `测乙${sfx}`, unitId: unitB.id, position: null },
      ],
      changed: [
        { dingtalkUserId: id(2), name: '孙二', mobileMasked: masked(m.p2), departmentName: `测乙${sfx}`, unitId: unitB.id, position: '副科长', userId: people.p2, changes: ['单位', '部门/职务'] },
        { dingtalkUserId: id(3), name: '李三', mobileMasked: masked(m.p3), departmentName: unitA.name, unitId: unitA.id, position: null, userId: people.p3, changes: ['userId'] },
        { dingtalkUserId: id(7), name: '蒋七', mobileMasked: masked(m.p7new), departmentName: unitA.name, unitId: unitA.id, position: null, userId: people.p7, changes: ['手机号'] },
      ],
      gone: [{ userId: people.p4, name: '周四', unitName: unitA.name, dingtalkUserId: id(4) }],
      skipped: [
        { dingtalkUserId: id(5), name: '吴五', reason: '「吴五」已停用；如已返岗，请先在人员页面重新启用' },
        { dingtalkUserId: id(10), name: '冯十', reason: `部门「不存在的部门${sfx}」没有同名（或同简称）的在用单位` },
        { dingtalkUserId: id(11), name: '陈十一', reason: '通讯录中没有手机号（或未授权读取），无法匹配或新建' },
        { dingtalkUserId: id(12), name: '褚十二', reason: `所在部门对应的单位「${unitC.name}」已停用` },
      ],
    })
    // 钱一 is the same on both sides: in no list
    expect(JSON.stringify(diff)).not.toContain(id(1))
    // a run touches nobody
    expect(await query<{ n: number }>('SELECT COUNT(*) AS n FROM users')).toEqual(usersBefore)
    const [p3] = await query<{ dingtalk_user_id: string | null }>('SELECT dingtalk_user_id FROM users WHERE id = ?', [people.p3])
    expect(p3.dingtalk_user_id).toBeNull()
    // the stored diff holds no mobile in clear (sealed for apply, masked for the eye)
    const [stored] = await query<{ diff: unknown }>('SELECT diff FROM directory_syncs WHERE id = ?', [diff.id])
    const text = typeof stored.diff === 'string' ? stored.diff : JSON.stringify(stored.diff)
    for (const mobile of Object.values(m)) expect(text).not.toContain(mobile)

    const last = await t.http.get(SYNC).set(bearer(admin))
    expect(last.status).toBe(200)
    expect(last.body.last).toEqual(diff)
  })

  it('apply adds and updates exactly those people, each with its audit row; nobody is deleted; a second run finds nothing to do', async () => {
    const response = await apply(firstId)
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ created: 2, updated: 3, diff: { id: firstId, status: 'applied' } })
    expect(response.body.diff.appliedAt).toEqual(expect.any(String))

    const rows = await query<{ id: number; name: string; unit_id: number; position: string | null; dingtalk_user_id: string; mobile_hash: string; status: string }>(
      'SELECT id, name, unit_id, position, dingtalk_user_id, mobile_hash, status FROM users WHERE dingtalk_user_id LIKE ? OR id IN (?)',
      [`dd-${sfx}-%`, Object.values(people)],
    )
    const of = (dd: string) => rows.find((row) => row.dingtalk_user_id === dd)!
    expect(of(id(8))).toMatchObject({ name: '郑八', unit_id: unitA.id, position: '办公室主任', mobile_hash: t.services.pii.blindIndex(m.n1), status: 'active' })
    expect(of(id(9))).toMatchObject({ name: '王九', unit_id: unitB.id, position: null, status: 'active' })
    expect(of(id(2))).toMatchObject({ id: people.p2, unit_id: unitB.id, position: '副科长' })
    expect(of(id(3))).toMatchObject({ id: people.p3, unit_id: unitA.id })
    expect(of(id(7))).toMatchObject({ id: people.p7, mobile_hash: t.services.pii.blindIndex(m.p7new) })
    // gone and skipped people are untouched: still there, still as they were
    expect(of(id(4))).toMatchObject({ id: people.p4, status: 'active' })
    expect(of(id(5))).toMatchObject({ id: people.p5, status: 'disabled' })
    expect(rows.filter((row) => [id(10), id(11), id(12)].includes(row.dingtalk_user_id))).toEqual([])
    const roles = await query<{ role: string }>('SELECT role FROM user_roles WHERE user_id = ?', [of(id(8)).id])
    expect(roles.map((r) => r.role)).toEqual(['staff'])

    const audit = await query<{ action: string; entity_id: string; actor_name: string; reason: string; after: unknown }>(
      "SELECT action, entity_id, actor_name, reason, after FROM audit_log WHERE reason = '通讯录同步' AND entity = 'user' AND entity_id IN (?) ORDER BY entity_id",
      [[of(id(8)).id, of(id(9)).id, people.p2, people.p3, people.p7, people.p4, people.p5].map(String)],
    )
    expect(audit.map((row) => [Number(row.entity_id), row.action]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(
      [
        [people.p2, 'user.update'],
        [people.p3, 'user.update'],
        [people.p7, 'user.update'],
        [of(id(8)).id, 'user.create'],
        [of(id(9)).id, 'user.create'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    )
    expect(new Set(audit.map((row) => row.actor_name))).toEqual(new Set(['系统管理员']))
    // mobiles in the audit rows are masked
    const auditText = JSON.stringify(audit)
    for (const mobile of Object.values(m)) expect(auditText).not.toContain(mobile)

    // the same diff once more: already applied
    const again = await apply(firstId)
    expect([again.status, again.body.error?.code]).toEqual([409, 'DIRECTORY_SYNC_STALE'])

    const second = await run()
    expect(second.status).toBe(200)
    const mine = ours(second.body as DirectoryDiff)
    expect(mine.added).toEqual([])
    expect(mine.changed).toEqual([])
    expect(mine.gone.map((p) => p.userId)).toEqual([people.p4])
    expect(mine.skipped.map((p) => p.dingtalkUserId)).toEqual([id(5), id(10), id(11), id(12)])
  })

  it('only the latest run can be applied: an older one is 409 DIRECTORY_SYNC_STALE, and so is an id that never ran', async () => {
    const older = await run()
    const newer = await run()
    expect([older.status, newer.status]).toEqual([200, 200])
    const stale = await apply(older.body.id)
    expect([stale.status, stale.body.error?.code]).toEqual([409, 'DIRECTORY_SYNC_STALE'])
    const unknown = await apply(newer.body.id + 1000)
    expect([unknown.status, unknown.body.error?.code]).toEqual([409, 'DIRECTORY_SYNC_STALE'])
    // the refused applies wrote nothing
    const [row] = await query<{ status: string }>('SELECT status FROM directory_syncs WHERE id = ?', [older.body.id])
    expect(row.status).toBe('ready')
    // two admins applying the latest at once: it is applied once
    const both = await Promise.all([apply(newer.body.id), apply(newer.body.id)])
    expect(outcomes(both)).toEqual({ '200': 1, '409 DIRECTORY_SYNC_STALE': 1 })
  })

  it('two admins clicking at once get one run; the other is told a run is going on', async () => {
    t.dingtalkSim.setDirectoryLatency(150)
    try {
      const responses = await Promise.all([run(), run(), run()])
      expect(outcomes(responses)).toEqual({ '200': 1, '409 DIRECTORY_SYNC_RUNNING': 2 })
      const winner = responses.find((r) => r.status === 200)!
      expect(winner.body.status).toBe('ready')
      const [{ n }] = await query<{ n: number }>("SELECT COUNT(*) AS n FROM directory_syncs WHERE status = 'running'")
      expect(Number(n)).toBe(0)
    } finally {
      t.dingtalkSim.setDirectoryLatency(0)
    }
  })

  it('while a run is going on, the last sync shows it running', async () => {
    t.dingtalkSim.setDirectoryLatency(200)
    try {
      const running = run().then((response) => response)
      await new Promise((resolve) => setTimeout(resolve, 100))
      const last = await t.http.get(SYNC).set(bearer(admin))
      expect(last.body.last).toMatchObject({ status: 'running', added: [], changed: [] })
      expect((await running).body.status).toBe('ready')
    } finally {
      t.dingtalkSim.setDirectoryLatency(0)
    }
  })

  it('over DingTalk’s per-second quota (90018) the run waits and still completes', async () => {
    const before = t.dingtalkSim.stats.rateLimited
    t.dingtalkSim.setDirectoryRateLimit(2)
    try {
      const response = await run()
      expect(response.status).toBe(200)
      expect(response.body.status).toBe('ready')
      expect(t.dingtalkSim.stats.rateLimited).toBeGreaterThan(before)
      expect(ours(response.body).skipped).toHaveLength(4)
    } finally {
      t.dingtalkSim.setDirectoryRateLimit(null)
    }
  }, 30_000)

  it('a quota that never frees fails the run with the reason in Chinese on it — not a 500', async () => {
    const impatient = new DirectoryService({
      database: t.database,
      pii: t.services.pii,
      audit: t.services.audit,
      auth: t.services.auth,
      dingtalk: new DingtalkClient({ apiBase: t.dingtalkSim.url, apiV1Base: t.dingtalkSim.url, appKey: 'dingtestkey', appSecret: 'dingtestsecret', agentId: '900001', rateLimitRetryMs: [5, 10] }),
      log: createLogger('silent'),
    })
    t.dingtalkSim.setDirectoryRateLimit(0)
    try {
      const diff = await impatient.run(null)
      expect(diff).toMatchObject({ status: 'failed', error: '钉钉接口调用过于频繁，多次等待重试后仍被限流，请稍后再同步', added: [], changed: [], gone: [], skipped: [] })
      const last = await t.http.get(SYNC).set(bearer(admin))
      expect(last.body.last).toMatchObject({ id: diff.id, status: 'failed', error: diff.error })
      // a failed run cannot be applied
      const refused = await apply(diff.id)
      expect([refused.status, refused.body.error?.code]).toEqual([409, 'DIRECTORY_SYNC_STALE'])
      // refused half-way through the tree walk (the root's calls pass, the sub-departments' do not): the same, once every read in flight is over
      t.dingtalkSim.setDirectoryRateLimit(1)
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)))
      const halfway = await impatient.run(null)
      expect(halfway).toMatchObject({ status: 'failed', error: '钉钉接口调用过于频繁，多次等待重试后仍被限流，请稍后再同步' })
    } finally {
      t.dingtalkSim.setDirectoryRateLimit(null)
    }
    // and the next run, the quota back, is fine
    expect((await run()).body.status).toBe('ready')
  })

  it('DingTalk unreachable: the run fails with the reason, the admin gets an answer', async () => {
    const offline = new DirectoryService({
      database: t.database,
      pii: t.services.pii,
      audit: t.services.audit,
      auth: t.services.auth,
      dingtalk: new DingtalkClient({ apiBase: 'http://127.0.0.1:9', apiV1Base: 'http://127.0.0.1:9', appKey: 'k', appSecret: 's', agentId: '1' }),
      log: createLogger('silent'),
    })
    const diff = await offline.run(null)
    expect(diff).toMatchObject({ status: 'failed', error: '无法连接钉钉服务器（超时或网络错误），请稍后再同步' })
  }, 20_000)

  it('an expired access token is replaced and the run goes on', async () => {
    await run()
    const issued = t.dingtalkSim.stats.tokensIssued
    const refused = t.dingtalkSim.stats.refusedTokens
    t.dingtalkSim.expireTokens()
    const response = await run()
    expect(response.body.status).toBe('ready')
    expect(t.dingtalkSim.stats.tokensIssued).toBe(issued + 1)
    expect(t.dingtalkSim.stats.refusedTokens).toBeGreaterThan(refused)
  })

  it('reads a department of more than 100 people page by page (size ≤ 100, cursors as DingTalk gave them)', async () => {
    const crowd: SimUser[] = Array.from({ length: 250 }, (_, i) => ({ userid: `${id(99)}-${String(i).padStart(3, '0')}`, name: `群众${i}`, mobile: newMobile(), deptIds: [1000] }))
    t.dingtalkSim.directory.seed({ ...directory, users: [...directory.users, ...crowd] })
    try {
      const response = await run()
      expect(response.body.status).toBe('ready')
      const added = ours(response.body).added.map((p) => p.dingtalkUserId)
      expect(added.filter((userId) => userId.startsWith(id(99)))).toHaveLength(250)
      expect(new Set(added).size).toBe(added.length)
    } finally {
      t.dingtalkSim.directory.seed(directory)
    }
  })

  it('the demo address book gives a diff with something in it', async () => {
    t.dingtalkSim.directory.seed(demoDirectory())
    try {
      const diff = (await run()).body as DirectoryDiff
      expect(diff.status).toBe('ready')
      expect(diff.added.map((p) => p.name)).toEqual(expect.arrayContaining(['赵敏', '孙浩']))
      expect(diff.changed.find((p) => p.dingtalkUserId === 'dd-lisi')?.changes).toEqual(['部门/职务'])
      expect(diff.changed.find((p) => p.dingtalkUserId === 'dd-wangwu')?.changes).toEqual(['部门/职务', 'userId'])
      expect(diff.skipped.map((p) => p.name)).toContain('周青')
    } finally {
      t.dingtalkSim.directory.seed(directory)
    }
  })

  it('is for admins only: 403 for anyone else', async () => {
    const staff = await t.login('zhangsan')
    const answers = await Promise.all([
      t.http.get(SYNC).set(bearer(staff)),
      t.http.post(SYNC).set(bearer(staff)),
      t.http.post(`${SYNC}/apply`).set(bearer(staff)).send({ id: firstId }),
    ])
    expect(answers.map((r) => [r.status, r.body.error?.code])).toEqual([
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
    ])
    expect((await t.http.get(SYNC)).status).toBe(401)
  })
})
