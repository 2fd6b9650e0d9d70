import { EnvSchema } from '../../../env'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey, outcomes } from '../../../../test/factories'
import { insertAsset, createUnit, shanghaiDay } from '../../../../test/asset-fixtures'
import { createUserOfUnit } from '../../../../test/vehicle-fleet'
import { createRoom } from '../../../../test/room-fixtures'
import { nextFreeRange } from './loan-rules'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

type Who = { userId: number; token: string }
const rows = async <T>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]
const show = (r: { status: number; body: { error?: { code?: string } } }) => (r.body.error?.code ? `${r.status} ${r.body.error.code}` : String(r.status))

const ask = (who: Who, body: Record<string, unknown>, key = idempotencyKey()) => t.http.post('/api/v1/asset-loans').set(bearer(who.token)).set('Idempotency-Key', key).send({ purpose: '培训使用', ...body })
const act = (who: Who, id: number, step: string, body: object = {}) => t.http.post(`/api/v1/asset-loans/${id}/${step}`).set(bearer(who.token)).send(body)
const daysHeld = async (assetId: number) => (await rows<{ day: string; loan_id: number }>('SELECT day, loan_id FROM asset_loan_days WHERE asset_id = ? ORDER BY day', [assetId])).map((r) => r.day)
const titlesFor = async (userId: number, id: number) => (await rows<{ title: string }>('SELECT title FROM notifications WHERE user_id = ? AND link = ? ORDER BY id', [userId, `/packages/asset/pages/loan/index?id=${id}`])).map((r) => r.title)

/** A unit of its own with its keeper, an asset of it, and a borrower from elsewhere. */
async function setting(o: { status?: 'idle' | 'in_use' | 'on_loan' | 'disposed' } = {}) {
  const owning = await createUnit(t)
  const keeper = await createUserOfUnit(t, owning.name, ['staff', 'asset_keeper'], '出借管理员')
  const asset = await insertAsset(t, { unitId: owning.id, status: o.status, originalValueFen: 480_000, category: 'computer', acquiredOn: '2024-06-01' })
  const borrower = await createUserOfUnit(t, '市发改委', ['staff'], '借用人')
  return { owning, keeper, asset, borrower }
}

describe('no day lent twice', () => {
  it('20 parallel requests for overlapping days: exactly one 201, 19 × 409 ASSET_LOAN_OVERLAP naming the taken range and the next free one', async () => {
    const { asset } = await setting()
    const people = await Promise.all(Array.from({ length: 20 }, (_v, i) => createUserOfUnit(t, i % 2 ? '市发改委' : '市财政局', ['staff'], `抢借${i}`)))
    // every request holds day +10, starting between +6 and +10 and ending between +10 and +13
    const ranges = people.map((_p, i) => ({ startDate: shanghaiDay(6 + (i % 5)), endDate: shanghaiDay(10 + (i % 4)) }))
    const responses = await Promise.all(people.map((who, i) => ask(who, { assetId: asset.id, ...ranges[i] })))
    expect(outcomes(responses)).toEqual({ '201': 1, '409 ASSET_LOAN_OVERLAP': 19 })
    const winner = responses.find((r) => r.status === 201)!
    const won = { startDate: winner.body.startDate, endDate: winner.body.endDate }
    expect(await rows('SELECT id FROM asset_loans WHERE asset_id = ?', [asset.id])).toHaveLength(1)
    const held = await daysHeld(asset.id)
    // the winner's days, each exactly once, and nobody else's
    expect(held).toEqual(Array.from({ length: (Date.parse(won.endDate) - Date.parse(won.startDate)) / 86_400_000 + 1 }, (_v, i) => shanghaiDay(0, new Date(Date.parse(`${won.startDate}T12:00:00+08:00`) + i * 86_400_000))))
    responses.forEach((r, i) => {
      if (r.status !== 409) return
      const length = (Date.parse(ranges[i].endDate) - Date.parse(ranges[i].startDate)) / 86_400_000 + 1
      expect(r.body.error.details.taken).toEqual([won])
      expect(r.body.error.details.nextFree).toEqual(nextFreeRange(ranges[i].startDate, length, new Set(held), shanghaiDay(180)))
      expect(r.body.error.message).toContain('所选日期已被借用')
    })
  })

  it('a retried request with the same key gets the first answer (also once its days are held)', async () => {
    const { asset, borrower } = await setting()
    const key = idempotencyKey()
    const body = { assetId: asset.id, startDate: shanghaiDay(2), endDate: shanghaiDay(4) }
    const first = await ask(borrower, body, key)
    expect(first.status).toBe(201)
    const [again, twice] = await Promise.all([ask(borrower, body, key), ask(borrower, body, key)])
    expect([again.status, again.body.id, twice.status, twice.body.id]).toEqual([201, first.body.id, 201, first.body.id])
    expect(await rows('SELECT id FROM asset_loans WHERE asset_id = ?', [asset.id])).toHaveLength(1)
    // the same key with another body is not a retry
    const reused = await ask(borrower, { ...body, endDate: shanghaiDay(5) }, key)
    expect(show(reused)).toBe('422 IDEMPOTENCY_KEY_REUSED')
  })

  it('explains the taken ranges (overlapping or after the start) and the first free range of the same length', async () => {
    const { asset, borrower } = await setting()
    const other = await createUser(t, ['staff'])
    expect((await ask(other, { assetId: asset.id, startDate: shanghaiDay(5), endDate: shanghaiDay(7) })).status).toBe(201)
    expect((await ask(other, { assetId: asset.id, startDate: shanghaiDay(9), endDate: shanghaiDay(10) })).status).toBe(201)
    const refused = await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(4), endDate: shanghaiDay(6) })
    expect(show(refused)).toBe('409 ASSET_LOAN_OVERLAP')
    expect(refused.body.error.details).toEqual({
      taken: [
        { startDate: shanghaiDay(5), endDate: shanghaiDay(7) },
        { startDate: shanghaiDay(9), endDate: shanghaiDay(10) },
      ],
      nextFree: { startDate: shanghaiDay(11), endDate: shanghaiDay(13) },
    })
    // a free range between two loans is lent
    expect((await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(8), endDate: shanghaiDay(8) })).status).toBe(201)
  })
})

describe('what may be asked for', () => {
  it('refuses bad dates with 4xx and a code: in the past, end before start, 91 days, too far ahead', async () => {
    const { asset, borrower } = await setting()
    const code = async (startDate: string, endDate: string) => show(await ask(borrower, { assetId: asset.id, startDate, endDate }))
    expect(await code(shanghaiDay(-1), shanghaiDay(2))).toBe('422 ASSET_LOAN_IN_PAST')
    expect(await code(shanghaiDay(5), shanghaiDay(4))).toBe('400 VALIDATION_FAILED')
    const long = await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(1), endDate: shanghaiDay(91) })
    expect([show(long), long.body.error.message]).toEqual(['422 ASSET_LOAN_TOO_LONG', '借用时间过长：最长 90 天（含首尾两天）'])
    expect(await code(shanghaiDay(181), shanghaiDay(182))).toBe('422 ASSET_LOAN_TOO_FAR')
    expect(await code('2026-02-30', shanghaiDay(2))).toBe('400 VALIDATION_FAILED')
    // 90 days, today first: lent
    expect(await code(shanghaiDay(0), shanghaiDay(89))).toBe('201')
  })

  it('ASSET_LOAN_MAX_DAYS may lower the longest loan (never above 90)', async () => {
    expect(EnvSchema.safeParse({ DATABASE_URL: 'mysql://root@localhost/x', ASSET_LOAN_MAX_DAYS: '91' }).success).toBe(false)
    expect(EnvSchema.parse({ DATABASE_URL: 'mysql://root@localhost/x' }).ASSET_LOAN_MAX_DAYS).toBe(90)
    const short = await startTestApp({ ASSET_LOAN_MAX_DAYS: '14' })
    try {
      const { asset } = await setting()
      const borrower = await createUser(t, ['staff'])
      const answer = await short.http.post('/api/v1/asset-loans').set(bearer(borrower.token)).set('Idempotency-Key', idempotencyKey()).send({ assetId: asset.id, startDate: shanghaiDay(1), endDate: shanghaiDay(15), purpose: '外出调研' })
      expect([show(answer), answer.body.error.message]).toEqual(['422 ASSET_LOAN_TOO_LONG', '借用时间过长：最长 14 天（含首尾两天）'])
    } finally {
      await short.close()
    }
  })

  it('refuses a disposed asset, one in use, one in transfer, a missing one (409 / 404)', async () => {
    const dates = { startDate: shanghaiDay(1), endDate: shanghaiDay(2) }
    const disposed = await setting()
    await t.database.pool.query("UPDATE assets SET status = 'disposed' WHERE id = ?", [disposed.asset.id])
    expect(show(await ask(disposed.borrower, { assetId: disposed.asset.id, ...dates }))).toBe('409 ASSET_DISPOSED')
    const inUse = await setting({ status: 'in_use' })
    expect(show(await ask(inUse.borrower, { assetId: inUse.asset.id, ...dates }))).toBe('409 ASSET_NOT_IDLE')
    const moving = await setting()
    const asker = await createUserOfUnit(t, (await createUnit(t)).name, ['staff', 'asset_keeper'])
    expect((await t.http.post('/api/v1/asset-transfers').set(bearer(asker.token)).set('Idempotency-Key', idempotencyKey()).send({ assetId: moving.asset.id, reason: '调剂使用' })).status).toBe(201)
    expect(show(await ask(moving.borrower, { assetId: moving.asset.id, ...dates }))).toBe('409 ASSET_IN_TRANSFER')
    expect(show(await ask(moving.borrower, { assetId: 999_999_999, ...dates }))).toBe('404 NOT_FOUND')
    // nothing was held by the refusals
    for (const s of [disposed, inUse, moving]) expect(await daysHeld(s.asset.id)).toEqual([])
  })
})

describe('approve, hand over by scan, return by scan', () => {
  it('runs a loan end to end, recording the values lent and the condition it came back in', async () => {
    const { owning, keeper, asset, borrower } = await setting()
    const created = await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(0), endDate: shanghaiDay(4) })
    expect(created.status).toBe(201)
    const id = created.body.id as number
    expect(created.body).toMatchObject({ status: 'pending', ownerUnitName: owning.name, borrowerName: '借用人', borrowerUnitName: '市发改委', assetShortCode: t.services.qr.shortCode('a', asset.id), can: { cancel: true, approve: false } })
    expect(await titlesFor(keeper.userId, id)).toEqual(['借用申请待审批'])

    // another unit's keeper, and the borrower, do not decide
    const stranger = await createUserOfUnit(t, '市财政局', ['staff', 'asset_keeper'], '外单位管理员')
    for (const step of ['approve', 'hand-over', 'return', 'reject']) {
      const r = await act(stranger, id, step, { code: asset.code, condition: 'good', reason: '不行' })
      expect([step, r.status, r.body.error.code, r.body.error.message]).toEqual([step, 404, 'NOT_FOUND', '借用单不存在'])
    }
    expect(show(await act(borrower, id, 'approve'))).toBe('403 FORBIDDEN')
    expect(show(await act(keeper, id, 'hand-over', { code: asset.code }))).toBe('409 ASSET_LOAN_STATE')

    const approved = await act(keeper, id, 'approve')
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: '出借管理员', can: { handOver: true, approve: false, reject: false } })
    expect(show(await act(keeper, id, 'reject', { reason: '改主意了' }))).toBe('409 ASSET_LOAN_STATE')
    expect(await titlesFor(borrower.userId, id)).toEqual(['借用已批准'])
    expect(show(await act(keeper, id, 'approve'))).toBe('409 ASSET_LOAN_STATE')

    // the code must be this asset's
    const otherAsset = await insertAsset(t, { unitId: owning.id })
    expect(show(await act(keeper, id, 'hand-over', { code: otherAsset.code }))).toBe('409 ASSET_CODE_MISMATCH')
    expect(show(await act(keeper, id, 'hand-over', { code: (await createRoom(t)).code }))).toBe('409 ASSET_CODE_MISMATCH')
    expect(show(await act(keeper, id, 'hand-over', { code: `${asset.code.slice(0, -2)}xx` }))).toBe('400 QR_FORGED')
    // the typed 编号 does as well as the scan
    const out = await act(keeper, id, 'hand-over', { code: t.services.qr.shortCode('a', asset.id) })
    expect(out.status).toBe(200)
    expect(out.body).toMatchObject({ status: 'on_loan', daysOverdue: 0, can: { return: true, handOver: false, cancel: false } })
    expect(out.body.handedOverAt).toEqual(expect.any(String))
    expect((await rows<{ status: string }>('SELECT status FROM assets WHERE id = ?', [asset.id]))[0].status).toBe('on_loan')
    const [loaned] = await rows<{ unit_id: number; original_value_fen: number; residual_value_fen: number }>("SELECT unit_id, original_value_fen, residual_value_fen FROM asset_events WHERE asset_id = ? AND kind = 'loaned'", [asset.id])
    expect(loaned.unit_id).toBe(owning.id)
    expect(loaned.original_value_fen).toBe(480_000)
    expect(loaned.residual_value_fen).toBeGreaterThan(0)
    expect(loaned.residual_value_fen).toBeLessThan(480_000)
    expect(show(await act(keeper, id, 'hand-over', { code: asset.code }))).toBe('409 ASSET_LOAN_STATE')
    expect(show(await act(borrower, id, 'cancel'))).toBe('409 ASSET_LOAN_STATE')

    // returned damaged: kept on the loan and the asset (idle again), the days not used freed, 报修 to come
    const back = await act(keeper, id, 'return', { code: asset.code, condition: 'needs_repair', note: '屏幕有裂痕' })
    expect(back.body).toMatchObject({ status: 'returned', returnCondition: 'needs_repair', returnNote: '屏幕有裂痕' })
    const [after] = await rows<{ status: string; condition: string }>('SELECT status, `condition` FROM assets WHERE id = ?', [asset.id])
    expect(after).toEqual({ status: 'idle', condition: 'needs_repair' })
    expect(await daysHeld(asset.id)).toEqual([shanghaiDay(0)])
    const kinds = (await rows<{ kind: string }>('SELECT kind FROM asset_events WHERE asset_id = ? ORDER BY id', [asset.id])).map((e) => e.kind)
    expect(kinds).toEqual(['registered', 'loan_requested', 'loan_approved', 'loaned', 'returned', 'damaged'])
    expect(await titlesFor(borrower.userId, id)).toEqual(['借用已批准', '资产已交付', '资产已归还'])
    expect(show(await act(keeper, id, 'return', { code: asset.code, condition: 'good' }))).toBe('409 ASSET_LOAN_STATE')
    // the days it freed can be asked for again
    expect((await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(1), endDate: shanghaiDay(4) })).status).toBe(201)
  })

  it('does not hand over before the first day, nor while the asset is still out with someone else', async () => {
    const { keeper, asset, borrower } = await setting()
    const later = await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(3), endDate: shanghaiDay(4) })
    await act(keeper, later.body.id, 'approve')
    expect(show(await act(keeper, later.body.id, 'hand-over', { code: asset.code }))).toBe('409 ASSET_LOAN_NOT_STARTED')

    // a loan out and overdue (its days moved into the past), then another approved for today
    const first = await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(0), endDate: shanghaiDay(0) })
    await act(keeper, first.body.id, 'approve')
    expect((await act(keeper, first.body.id, 'hand-over', { code: asset.code })).status).toBe(200)
    await t.database.pool.query('UPDATE asset_loans SET start_date = ?, end_date = ? WHERE id = ?', [shanghaiDay(-3), shanghaiDay(-2), first.body.id])
    await t.database.pool.query('UPDATE asset_loan_days SET day = ? WHERE loan_id = ?', [shanghaiDay(-2), first.body.id])
    const other = await createUser(t, ['staff'])
    const second = await ask(other, { assetId: asset.id, startDate: shanghaiDay(0), endDate: shanghaiDay(1) })
    expect(second.status).toBe(201)
    await act(keeper, second.body.id, 'approve')
    expect(show(await act(keeper, second.body.id, 'hand-over', { code: asset.code }))).toBe('409 ASSET_NOT_RETURNED')

    // 有借不还: the centre sees it, most overdue first, with its days; nobody else may ask
    const admin = await createUser(t, ['admin'])
    const overdue = await t.http.get('/api/v1/asset-loans/overdue').set(bearer(admin.token))
    expect(overdue.status).toBe(200)
    const mine = (overdue.body.items as { id: number; daysOverdue: number }[]).find((l) => l.id === first.body.id)
    expect(mine?.daysOverdue).toBe(2)
    const overdueDays = (overdue.body.items as { daysOverdue: number }[]).map((l) => l.daysOverdue)
    expect(overdueDays).toEqual([...overdueDays].sort((a, b) => b - a))
    expect(overdueDays.every((d) => d > 0)).toBe(true)
    expect(show(await t.http.get('/api/v1/asset-loans/overdue').set(bearer(keeper.token)))).toBe('403 FORBIDDEN')
    // the borrower's 待办: urgent, overdue
    const todos = (await t.http.get('/api/v1/todos').set(bearer(borrower.token))).body.items as { kind: string; urgent: boolean; title: string }[]
    expect(todos.find((i) => i.kind === 'asset.loan.due')).toMatchObject({ urgent: true, title: '借用逾期未还' })
    // once back, the next one goes out
    expect((await act(keeper, first.body.id, 'return', { code: asset.code, condition: 'good' })).status).toBe(200)
    expect((await act(keeper, second.body.id, 'hand-over', { code: asset.code })).status).toBe(200)
  })

  it('refusing or cancelling frees the days at once; only the borrower cancels', async () => {
    const { keeper, asset, borrower } = await setting()
    const dates = { assetId: asset.id, startDate: shanghaiDay(2), endDate: shanghaiDay(3) }
    const a = await ask(borrower, dates)
    const refused = await act(keeper, a.body.id, 'reject', { reason: '当天单位自用' })
    expect(refused.body).toMatchObject({ status: 'rejected', rejectReason: '当天单位自用' })
    expect(await daysHeld(asset.id)).toEqual([])
    expect(await titlesFor(borrower.userId, a.body.id)).toEqual(['借用未通过'])
    const b = await ask(borrower, dates)
    expect(b.status).toBe(201)
    const byKeeper = await act(keeper, b.body.id, 'cancel')
    expect([byKeeper.status, byKeeper.body.error.code]).toEqual([403, 'ASSET_NOT_BORROWER'])
    await act(keeper, b.body.id, 'approve')
    expect((await act(borrower, b.body.id, 'cancel')).body.status).toBe('cancelled')
    expect(await daysHeld(asset.id)).toEqual([])
    expect(await titlesFor(keeper.userId, b.body.id)).toEqual(['借用申请待审批', '借用已取消'])
    expect((await ask(borrower, dates)).status).toBe(201)
  })

  it('racing approvals: exactly one 200, the rest 409 ASSET_LOAN_STATE', async () => {
    const { owning, keeper, asset, borrower } = await setting()
    const second = await createUserOfUnit(t, owning.name, ['staff', 'asset_keeper'])
    const created = await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(1), endDate: shanghaiDay(2) })
    const answers = await Promise.all(Array.from({ length: 10 }, (_v, i) => (i % 3 === 0 ? act(second, created.body.id, 'reject', { reason: '不借' }) : act(i % 2 ? keeper : second, created.body.id, 'approve'))))
    expect(outcomes(answers)).toEqual({ '200': 1, '409 ASSET_LOAN_STATE': 9 })
  })
})

describe('who sees a loan', () => {
  it('the borrower, the owning unit’s keepers and the centre; anyone else 404; lists by view', async () => {
    const { keeper, asset, borrower } = await setting()
    const admin = await createUser(t, ['admin'])
    const created = await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(0), endDate: shanghaiDay(1) })
    for (const who of [borrower, keeper, admin]) expect(show(await t.http.get(`/api/v1/asset-loans/${created.body.id}`).set(bearer(who.token)))).toBe('200')
    const colleague = await createUserOfUnit(t, '市发改委', ['staff', 'approver'])
    const otherKeeper = await createUserOfUnit(t, '市发改委', ['staff', 'asset_keeper'])
    for (const who of [colleague, otherKeeper]) {
      const r = await t.http.get(`/api/v1/asset-loans/${created.body.id}`).set(bearer(who.token))
      expect([r.status, r.body.error.code, r.body.error.message]).toEqual([404, 'NOT_FOUND', '借用单不存在'])
    }
    const ids = async (who: Who, view: string) => ((await t.http.get('/api/v1/asset-loans').query({ view }).set(bearer(who.token))).body.items as { id: number }[]).map((l) => l.id)
    expect(await ids(borrower, 'mine')).toEqual([created.body.id])
    expect(await ids(keeper, 'todo')).toEqual([created.body.id])
    expect(await ids(keeper, 'unit')).toEqual([created.body.id])
    expect(await ids(otherKeeper, 'unit')).not.toContain(created.body.id)
    expect(show(await t.http.get('/api/v1/asset-loans').query({ view: 'unit' }).set(bearer(borrower.token)))).toBe('403 FORBIDDEN')
    // the keeper's 待办: one to approve; once approved (today's), one to hand over
    const kinds = async () => ((await t.http.get('/api/v1/todos').set(bearer(keeper.token))).body.items as { kind: string; count: number }[]).filter((i) => i.kind.startsWith('asset.loan'))
    expect(await kinds()).toEqual([expect.objectContaining({ kind: 'asset.loan.approve', count: 1 })])
    await act(keeper, created.body.id, 'approve')
    expect(await kinds()).toEqual([expect.objectContaining({ kind: 'asset.loan.hand-over', count: 1 })])
  })
})

describe('someone leaving with a loan (有借不还)', () => {
  it('their loans not yet collected are cancelled and freed; an asset still out is named to the admin and its keeper is told to take it back', async () => {
    const { asset, keeper, borrower } = await setting()
    const out = await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(0), endDate: shanghaiDay(2) })
    await act(keeper, out.body.id, 'approve')
    expect(show(await act(keeper, out.body.id, 'hand-over', { code: asset.code }))).toBe('200')
    const later = await ask(borrower, { assetId: asset.id, startDate: shanghaiDay(5), endDate: shanghaiDay(6) })
    expect(later.status).toBe(201)

    const admin = await t.login('admin')
    const left = await t.http.post(`/api/v1/admin/users/${borrower.userId}/deactivate`).set(bearer(admin)).send({ reason: '调离本市' })
    expect(left.status).toBe(200)
    expect(left.body.handover).toContainEqual({ kind: 'asset-loans', count: 2, message: '1 件借用中的资产尚未归还，已通知资产所属单位的资产管理员收回；1 个未领用的借用已取消' })
    expect((await rows<{ status: string }>('SELECT status FROM asset_loans WHERE id IN (?, ?) ORDER BY id', [out.body.id, later.body.id])).map((r) => r.status)).toEqual(['on_loan', 'cancelled'])
    // the cancelled loan's days are free again; the one out keeps its own
    expect(await daysHeld(asset.id)).toEqual([shanghaiDay(0), shanghaiDay(1), shanghaiDay(2)])
    expect(await titlesFor(keeper.userId, out.body.id)).toContain('借用人已离岗，资产尚未归还')
    expect(await titlesFor(keeper.userId, later.body.id)).toContain('借用已取消（借用人已离岗）')
  })
})
