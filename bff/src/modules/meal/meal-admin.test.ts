import { randomBytes } from 'node:crypto'
import ExcelJS from 'exceljs'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { inShanghai, shanghaiDayStart, VoucherIssue } from '@egj/shared'
import { PiiVault } from '../../lib/pii'
import { VoucherService } from './vouchers/vouchers.service'
import { checkLedger } from '../ledger/ledger.check'
import { bearer, startTestApp, type TestApp } from '../../../test/harness'
import { createCashier, createDiner, createMerchant, createUser, idempotencyKey, outcomes } from '../../../test/factories'
import { downloadWorkbook, FORMULA_TEXT, rowStarting } from '../../../test/xlsx'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  t.paySim.stop()
  admin = await t.login('admin')
})
afterAll(() => t.close())
afterEach(async () => {
  expect(await checkLedger(t.database.pool)).toEqual([])
})

const today = () => inShanghai(new Date()).format('YYYY-MM-DD')
const pay = (token: string, code: string, amountFen: number, extra: Record<string, unknown> = {}) =>
  t.http.post('/api/v1/meal/payments').set(bearer(token)).set('Idempotency-Key', idempotencyKey()).send({ code, amountFen, method: 'account', confirm: true, ...extra })
const binary = (response: { on: (event: string, cb: (chunk?: Buffer) => void) => void }, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  response.on('data', (chunk) => chunks.push(chunk!))
  response.on('end', () => done(null, Buffer.concat(chunks)))
}

describe('merchants, windows and their codes (admin)', () => {
  it('creates a merchant with windows and periods; the printed PNG scans to the window code', async () => {
    const created = await t.http.post('/api/v1/meal/merchants').set(bearer(admin)).send({ name: '新城渔家乐', kind: 'designated', overCapPolicy: 'refuse' })
    expect(created.status).toBe(201)
    const withWindow = await t.http.post(`/api/v1/meal/merchants/${created.body.id}/windows`).set(bearer(admin)).send({ name: '前台' })
    const window = withWindow.body.windows[0]
    expect(window.code).toMatch(/\/q\/m\/\d+\.[\w-]{16}$/)
    expect(window.shortCode).toMatch(new RegExp(`^M${window.id}-[0-9A-Z]{6}$`))
    const periods = await t.http.put(`/api/v1/meal/merchants/${created.body.id}/periods`).set(bearer(admin)).send({ periods: [{ name: '午餐', start: '11:00', end: '13:30', officialCapFen: 4000 }, { name: '晚餐', start: '17:00', end: '19:30', officialCapFen: 4000 }] })
    expect(periods.body.periods).toEqual([{ name: '午餐', start: '11:00', end: '13:30', officialCapFen: 4000 }, { name: '晚餐', start: '17:00', end: '19:30', officialCapFen: 4000 }])

    const png = await t.http.get(`/api/v1/meal/windows/${window.id}/qr.png`).set(bearer(admin)).buffer(true).parse(binary)
    expect(png.headers['content-type']).toBe('image/png')
    const image = PNG.sync.read(png.body as Buffer)
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(window.code)

    const sheet = await t.http.get(`/api/v1/meal/merchants/${created.body.id}/qr-sheet`).set(bearer(admin))
    expect(sheet.text).toContain('新城渔家乐')
    expect(sheet.text).toContain('data:image/png;base64,')
    expect(sheet.text).toContain(`编号 ${window.shortCode}`)
    expect((await t.http.get('/api/v1/meal/merchants').set(bearer(admin))).body.items.some((m: { name: string }) => m.name === '新城渔家乐')).toBe(true)
  })

  it('refuses overlapping periods and non-admins', async () => {
    const shop = await createMerchant(t)
    const overlap = await t.http.put(`/api/v1/meal/merchants/${shop.merchantId}/periods`).set(bearer(admin)).send({ periods: [{ name: '早餐', start: '06:00', end: '09:00', officialCapFen: 2000 }, { name: '早午餐', start: '08:30', end: '11:00', officialCapFen: null }] })
    expect(overlap.status).toBe(400)
    expect(overlap.body.error.message).toMatch(/重叠/)
    expect((await t.http.get('/api/v1/meal/merchants').set(bearer(await t.login('zhangsan')))).status).toBe(403)
  })

  it('a disabled window stops taking payments', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { subsidyFen: 5000 })
    await t.http.patch(`/api/v1/meal/windows/${shop.windowId}`).set(bearer(admin)).send({ status: 'disabled' })
    await new Promise((resolve) => setTimeout(resolve, 5100)) // the payment path caches master data for 5 s
    const response = await pay(diner.token, shop.code, 1000)
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('MEAL_WINDOW_CLOSED')
  }, 15_000)
})

describe('monthly subsidy', () => {
  it("gives every staff member of the unit the amount, once a month", async () => {
    // a unit of its own: other tests of this worker add staff to the demo units
    const [unit] = await t.database.pool.query("INSERT INTO units (name) VALUES (CONCAT('补贴测试单位 ', UUID_SHORT()))")
    const unitId = (unit as { insertId: number }).insertId
    const staff = await createUser(t, ['staff'])
    await t.database.pool.query('UPDATE users SET unit_id = ? WHERE id = ?', [unitId, staff.userId])
    const run = await t.http.post('/api/v1/meal/subsidies').set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).send({ unitId, month: '2026-11', amountPerPersonFen: 25_000 })
    expect(run.status).toBe(201)
    expect(run.body).toEqual({ people: 1, totalFen: 25_000 })
    expect((await t.http.get('/api/v1/meal/account').set(bearer(staff.token))).body).toEqual({ subsidyFen: 25_000, personalFen: 0, totalFen: 25_000 })
    const again = await t.http.post('/api/v1/meal/subsidies').set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).send({ unitId, month: '2026-11', amountPerPersonFen: 25_000 })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('MEAL_SUBSIDY_ALREADY_RUN')
    // many clicks at once on a new month: one run, the others told it already ran
    const racing = await Promise.all(Array.from({ length: 8 }, () => t.http.post('/api/v1/meal/subsidies').set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).send({ unitId, month: '2026-12', amountPerPersonFen: 1000 })))
    expect(outcomes(racing)).toEqual({ '201': 1, '409 MEAL_SUBSIDY_ALREADY_RUN': 7 })
    expect((await t.http.get('/api/v1/meal/account').set(bearer(staff.token))).body.subsidyFen).toBe(26_000)
    // a double tap is one Idempotency-Key: one run, and the same answer for every tap
    const key = idempotencyKey()
    const taps = await Promise.all(Array.from({ length: 5 }, () => t.http.post('/api/v1/meal/subsidies').set(bearer(admin)).set('Idempotency-Key', key).send({ unitId, month: '2027-01', amountPerPersonFen: 500 })))
    expect(outcomes(taps)).toEqual({ '201': 5 })
    expect(new Set(taps.map((r) => JSON.stringify(r.body))).size).toBe(1)
    expect((await t.http.get('/api/v1/meal/account').set(bearer(staff.token))).body.subsidyFen).toBe(26_500)
    const noKey = await t.http.post('/api/v1/meal/subsidies').set(bearer(admin)).send({ unitId, month: '2027-02', amountPerPersonFen: 500 })
    expect([noKey.status, noKey.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED'])
  })
})

describe('daily statement (日结单)', () => {
  it('the merchant confirms or disputes each line; others may not', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const first = (await pay(diner.token, shop.code, 1200)).body
    const second = (await pay(diner.token, shop.code, 800)).body
    const statement = await t.http.get('/api/v1/meal/statements/daily').query({ merchantId: shop.merchantId, date: today() }).set(bearer(cashier.token))
    expect(statement.body.totals).toMatchObject({ count: 2, amountFen: 2000, netFen: 2000, pending: 2 })

    await t.http.post('/api/v1/meal/statements/daily/review').set(bearer(cashier.token)).send({ merchantId: shop.merchantId, date: today(), paymentId: first.id, review: 'confirmed' })
    const noNote = await t.http.post('/api/v1/meal/statements/daily/review').set(bearer(cashier.token)).send({ merchantId: shop.merchantId, date: today(), paymentId: second.id, review: 'disputed' })
    expect(noNote.status).toBe(400)
    const disputed = await t.http.post('/api/v1/meal/statements/daily/review').set(bearer(cashier.token)).send({ merchantId: shop.merchantId, date: today(), paymentId: second.id, review: 'disputed', note: '未见此笔' })
    expect(disputed.body.totals).toMatchObject({ confirmed: 1, disputed: 1, pending: 0 })
    expect(disputed.body.lines.find((l: { paymentId: number }) => l.paymentId === second.id)).toMatchObject({ review: 'disputed', note: '未见此笔' })

    const settle = await t.http.get('/api/v1/meal/statements/daily').query({ merchantId: shop.merchantId, date: today() }).set(bearer(await t.login('settle1')))
    expect(settle.status).toBe(200)
    // without a merchant named, a cashier gets their own; the clerk may list the merchants to pick one
    const own = await t.http.get('/api/v1/meal/statements/daily').query({ date: today() }).set(bearer(cashier.token))
    expect(own.body.merchant.id).toBe(shop.merchantId)
    expect((await t.http.get('/api/v1/meal/merchants').set(bearer(await t.login('settle1')))).status).toBe(200)
    expect((await t.http.get('/api/v1/meal/statements/daily').query({ date: today() }).set(bearer(await t.login('settle1')))).body.error.code).toBe('VALIDATION_FAILED')
    // another merchant's cashier: as for a merchant that does not exist
    const stranger = await createCashier(t, (await createMerchant(t)).merchantId)
    const theirs = await t.http.get('/api/v1/meal/statements/daily').query({ merchantId: shop.merchantId, date: today() }).set(bearer(stranger.token))
    const none = await t.http.get('/api/v1/meal/statements/daily').query({ merchantId: 999_999_999, date: today() }).set(bearer(stranger.token))
    expect([theirs.status, theirs.body.error.code, theirs.body.error.message]).toEqual([404, 'NOT_FOUND', '商户不存在'])
    expect(theirs.body.error.message).toBe(none.body.error.message)
  })

  it('全部确认 confirms every pending line in one tap and leaves a disputed line disputed', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 100_000 })
    const paid: { id: number }[] = []
    for (const amountFen of [1000, 1100, 1200, 1300]) paid.push((await pay(diner.token, shop.code, amountFen)).body)
    await t.http.post('/api/v1/meal/statements/daily/review').set(bearer(cashier.token)).send({ merchantId: shop.merchantId, date: today(), paymentId: paid[1].id, review: 'disputed', note: '未见此笔' })
    const body = { merchantId: shop.merchantId, date: today() }
    const stranger = await createCashier(t, (await createMerchant(t)).merchantId)
    const refused = await t.http.post('/api/v1/meal/statements/daily/confirm-all').set(bearer(stranger.token)).send(body)
    expect([refused.status, refused.body.error.code]).toEqual([404, 'NOT_FOUND'])
    const clerk = await t.http.post('/api/v1/meal/statements/daily/confirm-all').set(bearer(await t.login('settle1'))).send(body)
    expect([clerk.status, clerk.body.error.code]).toEqual([403, 'FORBIDDEN'])

    const all = await Promise.all([1, 2].map(() => t.http.post('/api/v1/meal/statements/daily/confirm-all').set(bearer(cashier.token)).send(body)))
    for (const response of all) expect(response.status).toBe(200)
    expect(all[1].body.totals).toMatchObject({ count: 4, confirmed: 3, disputed: 1, pending: 0 })
    expect(all[1].body.lines.find((l: { paymentId: number }) => l.paymentId === paid[1].id)).toMatchObject({ review: 'disputed', note: '未见此笔' })
    const junk = await t.http.post('/api/v1/meal/statements/daily/confirm-all').set(bearer(cashier.token)).send({ merchantId: shop.merchantId, date: '2026/11/01' })
    expect([junk.status, junk.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })
})

describe('monthly settlement and reconciliation', () => {
  it('exports what each merchant is owed as .xlsx', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const paid = (await pay(diner.token, shop.code, 3000, { official: true })).body
    await t.http.post(`/api/v1/meal/payments/${paid.id}/refunds`).set(bearer(cashier.token)).set('Idempotency-Key', idempotencyKey()).send({ amountFen: 500, reason: '多收' })
    const month = inShanghai(new Date()).format('YYYY-MM')
    const response = await t.http.get('/api/v1/meal/settlements/monthly.xlsx').query({ month, by: 'merchant' }).set(bearer(await t.login('settle1'))).buffer(true).parse(binary)
    expect(response.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(response.body as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['商户', '应结金额（元）']))
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === (paid.merchant.name as string))!
    const cell = (header: string) => row.getCell((sheet.getRow(1).values as string[]).indexOf(header)).value
    expect(cell('笔数')).toBe(1)
    expect(cell('收款（元）')).toBe(30)
    expect(cell('退款（元）')).toBe(5)
    expect(cell('应结金额（元）')).toBe(25)

    const byUnit = await t.http.get('/api/v1/meal/settlements/monthly.xlsx').query({ month, by: 'unit' }).set(bearer(await t.login('settle1'))).buffer(true).parse(binary)
    const unitBook = new ExcelJS.Workbook()
    await unitBook.xlsx.load(byUnit.body as unknown as ArrayBuffer)
    expect(unitBook.worksheets[0].getRow(1).values).toEqual(expect.arrayContaining(['单位', '本月发放餐补（元）']))
    expect((await t.http.get('/api/v1/meal/settlements/monthly.xlsx').query({ month: '2026-13' }).set(bearer(admin))).status).toBe(400)
  })

  it('every row of both workbooks adds up, voucher money included, the 合计 row carries values, and a merchant is owed what the ledger says', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 1000, personalFen: 5000 })
    const byAccount = (await pay(diner.token, shop.code, 3000, { official: true })).body
    await t.http.post(`/api/v1/meal/payments/${byAccount.id}/refunds`).set(bearer(cashier.token)).set('Idempotency-Key', idempotencyKey()).send({ amountFen: 500, reason: '多收' })
    const wangwu = await t.login('wangwu')
    const byWechat = (await t.http.post('/api/v1/meal/payments').set(bearer(wangwu)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 1500, method: 'wechat', payChannel: 'h5', confirm: true })).body
    const [orders] = await t.database.pool.query('SELECT wechat_out_trade_no AS no FROM meal_payments WHERE id = ?', [byWechat.id])
    await t.paySim.pay((orders as { no: string }[])[0].no)
    await t.paySim.deliverNotifications()
    const [finance] = await t.database.pool.query("SELECT id FROM units WHERE name = '市财政局'")
    const expiresOn = inShanghai(new Date(Date.now() + 86_400_000)).format('YYYY-MM-DD')
    const voucher = (await t.http.post('/api/v1/meal/vouchers').set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).send({ unitId: (finance as { id: number }[])[0].id, count: 1, amountFen: 2000, purpose: '会议用餐', expiresOn })).body.items[0]
    const guest = await createUser(t, ['visitor'], { unit: false })
    const byVoucher = await pay(guest.token, shop.code, 1800, { method: 'voucher', voucherCode: voucher.code })
    expect(byVoucher.body).toMatchObject({ method: 'voucher', payerUnitName: null, voucherUnitName: '市财政局' })

    const month = inShanghai(new Date()).format('YYYY-MM')
    const workbook = async (by: 'merchant' | 'unit') => {
      const response = await t.http.get('/api/v1/meal/settlements/monthly.xlsx').query({ month, by }).set(bearer(await t.login('settle1'))).buffer(true).parse(binary)
      const book = new ExcelJS.Workbook()
      await book.xlsx.load(response.body as unknown as ArrayBuffer)
      const sheet = book.worksheets[0]
      const headers = sheet.getRow(1).values as string[]
      const rows = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => (header: string) => {
        const value = r.getCell(headers.indexOf(header)).value as number | string | { result: number } | null
        return value !== null && typeof value === 'object' ? value.result : value
      })
      return { rows, names: rows.map((get) => get(by === 'merchant' ? '商户' : '单位')) }
    }
    const near = (a: unknown, b: number) => expect(Math.round(Number(a) * 100)).toBe(Math.round(b * 100))

    const merchants = await workbook('merchant')
    for (const get of merchants.rows) {
      near(get('收款（元）'), Number(get('饭卡（元）')) + Number(get('微信支付（元）')) + Number(get('餐券（元）')))
      near(get('应结金额（元）'), Number(get('收款（元）')) - Number(get('退款（元）')))
    }
    const ours = merchants.rows[merchants.names.indexOf(byAccount.merchant.name)]
    expect([ours('笔数'), ours('收款（元）'), ours('饭卡（元）'), ours('微信支付（元）'), ours('餐券（元）'), ours('退款（元）'), ours('应结金额（元）')]).toEqual([3, 63, 30, 15, 18, 5, 58])
    const [ledger] = await t.database.pool.query("SELECT SUM(amount_fen) AS fen FROM postings WHERE account = 'merchant_receivable' AND owner_id = ?", [shop.merchantId])
    near(ours('应结金额（元）'), Number((ledger as { fen: number }[])[0].fen) / 100)
    const total = merchants.rows[merchants.rows.length - 1]
    expect(total('商户')).toBe('合计')
    for (const header of ['笔数', '收款（元）', '饭卡（元）', '微信支付（元）', '餐券（元）', '退款（元）', '应结金额（元）']) {
      near(total(header), merchants.rows.slice(0, -1).reduce((sum, get) => sum + Number(get(header)), 0))
    }

    const units = await workbook('unit')
    for (const get of units.rows) near(get('消费（元）'), Number(get('其中补贴（元）')) + Number(get('其中个人（元）')) + Number(get('其中微信（元）')) + Number(get('其中餐券（元）')))
    expect(Number(units.rows[units.names.indexOf('市财政局')]('其中餐券（元）'))).toBeGreaterThanOrEqual(18)
  })

  it('keeps a merchant or unit named like a formula as text in both workbooks (a leading apostrophe); the amounts stay numbers', async () => {
    const shop = await createMerchant(t)
    const merchantName = `${FORMULA_TEXT}${randomBytes(3).toString('hex')}`
    await t.database.pool.query('UPDATE merchants SET name = ? WHERE id = ?', [merchantName, shop.merchantId])
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const paid = (await pay(diner.token, shop.code, 3050)).body
    const unitName = `+1+1 ${randomBytes(3).toString('hex')}`
    const [unit] = await t.database.pool.query('INSERT INTO units (name) VALUES (?)', [unitName])
    await t.database.pool.query('UPDATE meal_payments SET payer_unit_id = ? WHERE id = ?', [(unit as { insertId: number }).insertId, paid.id]) // as if the diner were of that unit
    const month = inShanghai(new Date()).format('YYYY-MM')
    const settle = await t.login('settle1')
    const byMerchant = (await downloadWorkbook(t.http.get('/api/v1/meal/settlements/monthly.xlsx').query({ month, by: 'merchant' }).set(bearer(settle)))).worksheets[0]
    expect(rowStarting(byMerchant, `'${merchantName}`)).toEqual([`'${merchantName}`, '机关食堂', 1, 0, 30.5, 30.5, 0, 0, 0, 30.5])
    const byUnit = (await downloadWorkbook(t.http.get('/api/v1/meal/settlements/monthly.xlsx').query({ month, by: 'unit' }).set(bearer(settle)))).worksheets[0]
    expect(rowStarting(byUnit, `'${unitName}`)).toEqual([`'${unitName}`, 1, 0, 30.5, 30.5, 0, 0, 0, 0, 0])
  })

  it('reconciles against the WeChat Pay bill and lists every difference', async () => {
    const shop = await createMerchant(t)
    const wangwu = await t.login('wangwu')
    const created = (await t.http.post('/api/v1/meal/payments').set(bearer(wangwu)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 2200, method: 'wechat', payChannel: 'h5' })).body
    const [rows] = await t.database.pool.query('SELECT wechat_out_trade_no AS no FROM meal_payments WHERE id = ?', [created.id])
    const outTradeNo = (rows as { no: string }[])[0].no
    await t.paySim.pay(outTradeNo)
    await t.paySim.deliverNotifications()
    // a payment we believe was paid by WeChat but WeChat never saw (e.g. a bug or a tampered row)
    await t.database.pool.query(
      "INSERT INTO meal_payments (merchant_id, window_id, method, official, amount_fen, status, wechat_out_trade_no, paid_at) VALUES (?, ?, 'wechat', 0, 999, 'paid', 'MPGHOST0000000001', UTC_TIMESTAMP(3))",
      [shop.merchantId, shop.windowId],
    )
    try {
      const report = await t.http.get('/api/v1/meal/reconciliation').query({ date: today() }).set(bearer(await t.login('settle1')))
      expect(report.status).toBe(200)
      expect(report.body.differences).toEqual(expect.arrayContaining([expect.objectContaining({ outTradeNo: 'MPGHOST0000000001', kind: 'missing_in_wechat', oursFen: 999 })]))
      expect(report.body.differences.find((d: { outTradeNo: string }) => d.outTradeNo === outTradeNo)).toBeUndefined()
    } finally {
      // keep the ledger check honest for the other tests: the ghost has no journal entry
      await t.database.pool.query("DELETE FROM meal_payments WHERE wechat_out_trade_no = 'MPGHOST0000000001'")
    }
  })
})

describe('meal vouchers (电子餐券)', () => {
  it('a unit issues vouchers; a visitor redeems one once at a window; the unused part goes back to the unit', async () => {
    const shop = await createMerchant(t)
    const [rows] = await t.database.pool.query("SELECT id FROM units WHERE name = '市发改委'")
    const unitId = (rows as { id: number }[])[0].id
    const expiresOn = inShanghai(new Date(Date.now() + 7 * 86_400_000)).format('YYYY-MM-DD')
    const issued = await t.http.post('/api/v1/meal/vouchers').set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).send({ unitId, count: 2, amountFen: 3000, purpose: '全市机关事务工作会议 参会人员用餐', holderNames: ['赵参会', '钱参会'], expiresOn })
    expect(issued.status).toBe(201)
    expect(issued.body.items).toHaveLength(2)
    const [voucher] = issued.body.items
    expect(voucher).toMatchObject({ unitName: '市发改委', amountFen: 3000, status: 'issued', link: expect.stringContaining(`/packages/meal/pages/voucher/index?code=${voucher.code}`) })

    const visitor = await t.login('visitor1')
    expect((await t.http.get(`/api/v1/meal/vouchers/${voucher.code}`).set(bearer(visitor))).body.holderName).toMatch(/参会/)
    const tooMuch = await pay(visitor, shop.code, 3001, { method: 'voucher', voucherCode: voucher.code })
    expect(tooMuch.status).toBe(409)
    expect(tooMuch.body.error).toEqual({ code: 'MEAL_VOUCHER_NOT_ENOUGH', details: { voucherFen: 3000 }, message: '金额超过餐券面值（¥30.00）' })
    const paid = await pay(visitor, shop.code, 2500, { method: 'voucher', voucherCode: voucher.code })
    expect(paid.status).toBe(201)
    expect(paid.body).toMatchObject({ method: 'voucher', amountFen: 2500, payerUnitName: null, voucherUnitName: '市发改委', status: 'paid' }) // a visitor: no unit of their own; the 餐券 is 市发改委's
    const twice = await pay(visitor, shop.code, 100, { method: 'voucher', voucherCode: voucher.code })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('MEAL_VOUCHER_INVALID')
    // the settlement clerk accounts for vouchers but cannot read (or spend) their codes
    const clerkView = (await t.http.get('/api/v1/meal/vouchers').query({ unitId }).set(bearer(await t.login('settle1')))).body.items
    const adminView = (await t.http.get('/api/v1/meal/vouchers').query({ unitId }).set(bearer(admin))).body.items
    expect(adminView.map((v: { code: string }) => v.code)).toContain(voucher.code)
    expect(clerkView).toHaveLength(adminView.length)
    for (const seen of clerkView) {
      expect(seen.code).toMatch(/^[A-Za-z0-9]{4}\*{16}$/)
      expect(seen.link).toBeNull()
    }
    // codes are case-sensitive: the same letters in another case are another (unknown) code
    const swapped = voucher.code.replace(/[a-zA-Z]/g, (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))
    expect((await t.http.get(`/api/v1/meal/vouchers/${swapped}`).set(bearer(visitor))).body.error.code).toBe('NOT_FOUND')
    expect((await t.http.get(`/api/v1/meal/vouchers/${voucher.code}`).set(bearer(visitor))).body.status).toBe('redeemed')

    const [funding] = await t.database.pool.query("SELECT SUM(amount_fen) AS total FROM postings WHERE account = 'unit_voucher_funding' AND owner_id = ?", [unitId])
    expect(Number((funding as { total: number }[])[0].total)).toBe(-6000 + 500) // two issued, 5 元 unused came back
  })

  it('a voucher nobody used by its date goes back to the issuing unit once, and can no longer pay', async () => {
    const shop = await createMerchant(t)
    const [rows] = await t.database.pool.query("SELECT id FROM units WHERE name = '市发改委'")
    const unitId = (rows as { id: number }[])[0].id
    const expiresOn = inShanghai(new Date(Date.now() + 86_400_000)).format('YYYY-MM-DD')
    const issued = (await t.http.post('/api/v1/meal/vouchers').set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).send({ unitId, count: 2, amountFen: 3000, purpose: '过期测试', expiresOn })).body.items
    const funding = async () => {
      const [sum] = await t.database.pool.query("SELECT SUM(amount_fen) AS fen FROM postings WHERE account = 'unit_voucher_funding' AND owner_id = ?", [unitId])
      return Number((sum as { fen: number }[])[0].fen)
    }
    const before = await funding()
    await t.database.pool.query('UPDATE meal_vouchers SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE WHERE code_hash IN (SHA2(?, 256), SHA2(?, 256))', [issued[0].code, issued[1].code])
    const runs = await Promise.all([t.services.mealVouchers.expireDue(), t.services.mealVouchers.expireDue()])
    expect(runs[0] + runs[1]).toBe(2)
    expect(await funding()).toBe(before + 6000)
    expect(await t.services.mealVouchers.expireDue()).toBe(0)
    expect(await funding()).toBe(before + 6000)
    const visitor = (await createUser(t, ['visitor'], { unit: false })).token
    expect((await t.http.get(`/api/v1/meal/vouchers/${issued[0].code}`).set(bearer(visitor))).body.status).toBe('expired')
    expect((await pay(visitor, shop.code, 1000, { method: 'voucher', voucherCode: issued[0].code })).body.error.code).toBe('MEAL_VOUCHER_INVALID')
  })

  it('issuing vouchers twice with one Idempotency-Key (a double tap, a retry) issues once and answers the same vouchers', async () => {
    const [rows] = await t.database.pool.query("SELECT id FROM units WHERE name = '市财政局'")
    const expiresOn = inShanghai(new Date(Date.now() + 86_400_000)).format('YYYY-MM-DD')
    const body = { unitId: (rows as { id: number }[])[0].id, count: 3, amountFen: 1500, purpose: '双击测试', expiresOn }
    const key = idempotencyKey()
    const taps = await Promise.all(Array.from({ length: 4 }, () => t.http.post('/api/v1/meal/vouchers').set(bearer(admin)).set('Idempotency-Key', key).send(body)))
    expect(outcomes(taps)).toEqual({ '201': 4 })
    expect(new Set(taps.map((r) => r.body.items.map((v: { code: string }) => v.code).join())).size).toBe(1)
    const [count] = await t.database.pool.query("SELECT COUNT(*) AS n FROM meal_vouchers WHERE purpose = '双击测试'")
    expect(Number((count as { n: number }[])[0].n)).toBe(3)
    const noKey = await t.http.post('/api/v1/meal/vouchers').set(bearer(admin)).send(body)
    expect([noKey.status, noKey.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED'])
  })

  it('issuing retried after midnight of its last valid day answers the vouchers issued before (the date rule is checked after the key)', async () => {
    const [rows] = await t.database.pool.query("SELECT id FROM units WHERE name = '市财政局'")
    const clock = { now: new Date() }
    const vouchers = new VoucherService({ db: t.database.db, ledger: t.services.ledger, org: t.services.org, pii: new PiiVault(t.env.PII_KEY, t.env.PII_KEYS), publicBaseUrl: t.env.PUBLIC_BASE_URL, audit: t.services.audit, now: () => clock.now })
    const input = VoucherIssue.parse({ unitId: (rows as { id: number }[])[0].id, count: 2, amountFen: 1500, purpose: '当天有效', expiresOn: today() })
    const key = idempotencyKey()
    const operatorId = ((await t.database.pool.query("SELECT id FROM users WHERE username = 'admin'"))[0] as { id: number }[])[0].id
    const operator = { id: operatorId, name: '管理员', unit: null, roles: ['admin' as const], sessionId: 0, ip: null }
    const issued = await vouchers.issue(operator, input, key)
    expect(issued).toHaveLength(2)
    clock.now = new Date(shanghaiDayStart(today()).getTime() + 86_400_000 + 30 * 60_000)
    expect(await vouchers.issue(operator, input, key)).toEqual(issued)
    await expect(vouchers.issue(operator, input, idempotencyKey())).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    const [count] = await t.database.pool.query("SELECT COUNT(*) AS n FROM meal_vouchers WHERE purpose = '当天有效'")
    expect(Number((count as { n: number }[])[0].n)).toBe(2)
  })

  it('10 people racing one voucher: one meal', async () => {
    const shop = await createMerchant(t)
    const [rows] = await t.database.pool.query("SELECT id FROM units WHERE name = '市发改委'")
    const expiresOn = inShanghai(new Date(Date.now() + 86_400_000)).format('YYYY-MM-DD')
    const issued = await t.http.post('/api/v1/meal/vouchers').set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).send({ unitId: (rows as { id: number }[])[0].id, count: 1, amountFen: 2000, purpose: '来访接待', expiresOn })
    const code = issued.body.items[0].code
    const people = await Promise.all(Array.from({ length: 10 }, () => createUser(t, ['visitor'], { unit: false })))
    const responses = await Promise.all(people.map((p) => pay(p.token, shop.code, 2000, { method: 'voucher', voucherCode: code })))
    expect(outcomes(responses)).toEqual({ '201': 1, '409 MEAL_VOUCHER_INVALID': 9 })
  })
})

