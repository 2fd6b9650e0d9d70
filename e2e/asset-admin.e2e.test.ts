import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { PNG } from 'pngjs'
import { inShanghai, type AssetCategory } from '@egj/shared'
import type { Locator, Page } from 'playwright-core'
import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

const day = (offset: number) => inShanghai(new Date()).add(offset, 'day').format('YYYY-MM-DD')
const stamp = () => Date.now().toString(36).slice(-5)

type Keeper = 'zichan1' | 'zichan2'

/** An asset of `keeper`'s unit, registered through the API as the keeper's phone would. */
async function registerAsset(keeper: Keeper, name: string, category: AssetCategory, idle = true): Promise<{ id: number; token: string; shortCode: string }> {
  const created = await suite.t.http
    .post('/api/v1/assets')
    .set('Authorization', `Bearer ${await suite.t.login(keeper)}`)
    .set('Idempotency-Key', randomUUID())
    .send({ name, category, brand: '震旦', model: 'HY-1800', condition: 'good', originalValueFen: 120_000, acquiredOn: '2023-03-15', location: '1号楼 305 储物间', idle })
  expect(created.status).toBe(201)
  const code = created.body.code as string
  return { id: created.body.id, token: code.split('/q/a/')[1], shortCode: created.body.shortCode }
}

async function api(username: string, method: 'get' | 'post', path: string, body?: object, keyed = false): Promise<{ status: number; body: Record<string, unknown> }> {
  let call = suite.t.http[method](path).set('Authorization', `Bearer ${await suite.t.login(username)}`)
  if (keyed) call = call.set('Idempotency-Key', randomUUID())
  const response = body ? await call.send(body) : await call
  return { status: response.status, body: response.body }
}

/** A small real PNG (a blue band on grey), as a phone's photo would be. */
function photoPng(width = 96, height = 72): Buffer {
  const png = new PNG({ width, height })
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const band = y > height / 3 && y < (2 * height) / 3
      png.data[i] = band ? 40 : 200
      png.data[i + 1] = band ? 110 : 200
      png.data[i + 2] = band ? 220 : 205
      png.data[i + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

// Taro's H5 input and textarea wrap the native element in a custom element carrying the same placeholder
const field = (page: Page, placeholder: string, nth = 0) => page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).filter({ visible: true }).nth(nth)
/** A dialog's button (its title may read the same) */
const inDialog = (page: Page, text: string) => page.locator('.egj-dialog__footer').filter({ visible: true }).getByText(text, { exact: true }).first()
/** A NutUI button by its text (a card title may read the same) */
const button = (page: Page, text: string) => page.locator('.nut-button').filter({ visible: true, hasText: text }).first()
const row = (page: Page, label: string) => page.locator('.vf-row').filter({ visible: true, has: page.locator('.vf-row__label', { hasText: label }) }).first()

/** Opens the picker of a form row and takes what it shows first (the list's first entry; a date picker's today). */
async function pickFirst(page: Page, label: string): Promise<void> {
  await row(page, label).locator('.vf-picker').click()
  const confirm = page.locator('.weui-picker__action').filter({ visible: true }).getByText('确定', { exact: true })
  await confirm.click()
  await confirm.waitFor({ state: 'hidden' })
}

/** Opens an in-app page afresh (a hash-only goto would stay inside the running app). */
async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`/#${hash}`)
  await page.reload()
}

/** Waits until the <img> inside a Taro <Image> has loaded a real picture. */
async function loaded(image: Locator): Promise<void> {
  const img = image.locator('img').first()
  await img.waitFor({ state: 'attached' })
  await img.page().waitForFunction((el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 10_000 })
}

async function searchAssets(page: Page, placeholder: string, q: string): Promise<void> {
  await field(page, placeholder).fill(q)
  await visibleText(page, '搜索').click()
}

describe('资产管理 on phones, against the real BFF', () => {
  it('登记资产: 蒋文涛 registers a desk from home, gets its 编号 and QR, uploads a photo; it is 闲置 in 资产管理 and in 公物仓 with its photo', async () => {
    const name = `e2e 升降办公桌 ${stamp()}`
    const keeper = await phoneAs(suite.browser, suite.t, 'zichan1')
    await open(keeper, '/pages/index/index')
    await visibleText(keeper, '资产管理').click()
    await button(keeper, '登记资产').waitFor()
    await screenshot(keeper, 'asset-admin-assets-first')
    await button(keeper, '登记资产').click()
    await visibleText(keeper, '资产信息').waitFor()

    await field(keeper, '如 办公桌、笔记本电脑').fill(name)
    await pickFirst(keeper, '类别')
    await row(keeper, '类别').getByText('办公家具', { exact: true }).waitFor()
    await field(keeper, '选填', 0).fill('乐歌')
    await field(keeper, '选填', 1).fill('E5 1.4 米')
    await row(keeper, '状况').getByText('全新', { exact: true }).click()
    await field(keeper, '0.00').fill('2680.50')
    await pickFirst(keeper, '取得日期')
    await row(keeper, '取得日期').getByText(new RegExp(day(0).slice(0, 4))).waitFor()
    await field(keeper, '如 3 楼 305 室').fill('1号楼 306 办公室')
    await row(keeper, '放入公物仓').locator('.nut-switch').click()
    await row(keeper, '放入公物仓').getByText('闲置', { exact: true }).waitFor()
    await screenshot(keeper, 'asset-admin-register-form')
    await button(keeper, '登记并生成资产码').click()

    // the code: 编号 and QR
    await visibleText(keeper, /^登记成功/).waitFor()
    const shortCode = (await keeper.locator('.aa-edit__short').filter({ visible: true }).innerText()).trim()
    expect(shortCode).toMatch(/^A\d+-[0-9A-Z]{6}$/)
    await loaded(keeper.locator('.aa-edit__qr-img').filter({ visible: true }))
    await screenshot(keeper, 'asset-admin-registered')

    // a photo through the H5 file input
    // the page's hidden <input type=file>: a headless browser cancels it at once unless Playwright takes the chooser
    const choosing = keeper.waitForEvent('filechooser')
    await visibleText(keeper, '上传照片').click()
    const chooser = await choosing
    expect(await chooser.element().evaluate((input) => (input as HTMLInputElement).accept)).toBe('image/jpeg,image/png')
    await chooser.element().setInputFiles({ name: 'desk.png', mimeType: 'image/png', buffer: photoPng() })
    await visibleText(keeper, `照片（1/6）`).waitFor()
    await loaded(keeper.locator('.aa-edit__photo-img').filter({ visible: true }))
    await screenshot(keeper, 'asset-admin-photo')

    // 闲置 in 资产管理's list
    await open(keeper, '/packages/asset-admin/pages/assets/index')
    await searchAssets(keeper, '名称、品牌、型号或编号', name)
    const item = keeper.locator('.aa-item').filter({ visible: true, hasText: name })
    await item.locator('.aa-item__pill').getByText(/^闲置/).waitFor()
    await item.getByText(new RegExp(`编号 ${shortCode}`)).waitFor()
    await screenshot(keeper, 'asset-admin-list')

    // in 公物仓 with its photo loaded
    await open(keeper, '/pages/index/index')
    await visibleText(keeper, '公物仓').click()
    await searchAssets(keeper, '搜索名称、品牌、型号或编号', name)
    const inWarehouse = keeper.locator('.asset-row').filter({ visible: true, hasText: name })
    await inWarehouse.waitFor()
    await loaded(inWarehouse.locator('.asset-thumb__img'))
    // a signed absolute address on this BFF (PUBLIC_BASE_URL), loaded without a token
    expect(await inWarehouse.locator('.asset-thumb__img img').getAttribute('src')).toMatch(new RegExp(`^${suite.t.url}/api/v1/asset-photos/[^/]+$`))
    await screenshot(keeper, 'asset-admin-in-warehouse')
  }, 180_000)

  it('盘点: two typed 编号 and a forged one, one more while offline (queued, sent once back online), 结束盘点 → 盘到 / 盘亏, the .xlsx', async () => {
    const tag = stamp()
    const chairs = []
    for (const n of [1, 2, 3]) chairs.push({ name: `e2e 盘点椅 ${tag}-${n}`, ...(await registerAsset('zichan1', `e2e 盘点椅 ${tag}-${n}`, 'furniture', false)) })
    const left = { name: `e2e 盘点柜 ${tag}`, ...(await registerAsset('zichan1', `e2e 盘点柜 ${tag}`, 'furniture', false)) }
    // the unit's stocktake may have been left open by another spec on this worker's database (the
    // access matrix starts one as zichan1): the keeper ends it first, as they would on the page
    const stocktakes = await api('zichan1', 'get', '/api/v1/asset-stocktakes')
    for (const open of (stocktakes.body.items as { id: number; status: string }[]).filter((s) => s.status === 'open')) {
      expect((await api('zichan1', 'post', `/api/v1/asset-stocktakes/${open.id}/finish`)).status).toBe(200)
    }

    const keeper = await phoneAs(suite.browser, suite.t, 'zichan1')
    await open(keeper, '/packages/asset-admin/pages/assets/index')
    await keeper.locator('.aa-nav').filter({ visible: true }).getByText('盘点', { exact: true }).click()
    await button(keeper, '开始盘点').waitFor()
    await screenshot(keeper, 'asset-admin-stocktake-start')
    await button(keeper, '开始盘点').click()

    const count = keeper.locator('.aa-take__count').filter({ visible: true })
    await count.waitFor()
    expect(await count.innerText()).toBe('0')
    const expected = Number(/应盘 (\d+)/.exec(await keeper.locator('.aa-take__figures').filter({ visible: true }).innerText())?.[1])
    expect(expected).toBeGreaterThanOrEqual(4)
    const typeCode = async (code: string) => {
      await field(keeper, '手动输入资产码下方的编号').fill(code)
      await button(keeper, '记录').click()
    }
    const counted = (n: number) => keeper.waitForFunction((value) => Array.from(document.querySelectorAll('.aa-take__count')).some((el) => (el as HTMLElement).offsetParent && el.textContent === value), String(n))

    await typeCode(chairs[0].shortCode)
    await counted(1)
    await typeCode(chairs[1].shortCode.toLowerCase())
    await counted(2)
    const forged = `${chairs[0].shortCode.slice(0, -6)}${chairs[0].shortCode.endsWith('ZZZZZZ') ? 'YYYYYY' : 'ZZZZZZ'}`
    await typeCode(forged)
    await visibleText(keeper, `「${forged}」无法识别，请核对编号`).waitFor()
    await visibleText(keeper, /1 个码无法识别/, false).waitFor()
    await visibleText(keeper, new RegExp(forged), false).waitFor()
    await screenshot(keeper, 'asset-admin-stocktake-scanning')

    // offline: the scan waits on the phone
    await keeper.context().setOffline(true)
    await typeCode(chairs[2].shortCode)
    await visibleText(keeper, '离线：1 个待上传').waitFor()
    await screenshot(keeper, 'asset-admin-stocktake-offline')
    await keeper.context().setOffline(false)
    await counted(3)
    await visibleText(keeper, '离线：1 个待上传').waitFor({ state: 'hidden' })
    expect(await keeper.locator('.aa-take__figures').filter({ visible: true }).innerText()).toMatch(new RegExp(`已盘\\s*3\\s*/ 应盘 ${expected}`))
    await screenshot(keeper, 'asset-admin-stocktake-online')

    // 结束盘点 → 盘到 / 盘亏
    await button(keeper, '结束盘点').click()
    await inDialog(keeper, '结束盘点').click()
    await visibleText(keeper, /盘点结果/).waitFor()
    const figures = keeper.locator('.aa-take__stats').filter({ visible: true })
    expect(await figures.innerText()).toMatch(/3\s*盘到/)
    await keeper.locator('.aa-take__line').filter({ visible: true, hasText: left.name }).waitFor() // 盘亏 is the first tab
    await screenshot(keeper, 'asset-admin-stocktake-missing')
    await keeper.locator('.aa-take__seg').filter({ visible: true }).getByText('盘到', { exact: true }).click()
    for (const chair of chairs) await keeper.locator('.aa-take__line').filter({ visible: true, hasText: chair.name }).waitFor()
    await screenshot(keeper, 'asset-admin-stocktake-found')

    // 导出 Excel
    const downloading = keeper.waitForEvent('download')
    await button(keeper, '导出 Excel').click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^资产盘点-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(await download.path())
    const rows: string[] = []
    workbook.eachSheet((sheet) => sheet.eachRow((r) => rows.push([sheet.name, ...(r.values as unknown[]).slice(1).map((v) => String(v ?? ''))].join('|'))))
    expect(rows).toContain(`盘到|${chairs[0].shortCode}|${chairs[0].name}|1号楼 305 储物间|市机关事务管理中心|在用`)
    expect(rows).toContain(`盘亏|${left.shortCode}|${left.name}|1号楼 305 储物间|市机关事务管理中心|在用`)
  }, 180_000)

  it('购置前查询: 韩雪 (市发改委) checks 办公家具, gets a 查询凭证 with the centre’s idle cabinet, and files a purchase only with 不调剂原因', async () => {
    const cabinet = `e2e 书柜 ${stamp()}`
    await registerAsset('zichan1', cabinet, 'furniture')

    const keeper = await phoneAs(suite.browser, suite.t, 'zichan2')
    await open(keeper, '/packages/asset-admin/pages/assets/index')
    await keeper.locator('.aa-nav').filter({ visible: true }).getByText('购置查询', { exact: true }).click()
    await button(keeper, '查询公物仓').waitFor()
    await screenshot(keeper, 'asset-admin-buy-start')
    await pickFirst(keeper, '资产类别')
    await row(keeper, '资产类别').getByText('办公家具', { exact: true }).waitFor()
    await field(keeper, '名称、品牌或型号（选填）').fill('书柜')
    await button(keeper, '查询公物仓').click()

    const receiptNo = (await keeper.locator('.aa-buy__receipt-no').filter({ visible: true }).innerText()).trim()
    expect(receiptNo).toMatch(/^CK-\d{8}-\d{4,}$/)
    await keeper.locator('.aa-buy__match').filter({ visible: true, hasText: cabinet }).waitFor()
    await screenshot(keeper, 'asset-admin-buy-receipt')

    await field(keeper, '0.00').fill('1500')
    await button(keeper, '登记购置申请').click()
    await visibleText(keeper, '公物仓有同类可调剂资产，请说明不能调剂使用的原因').waitFor()
    await screenshot(keeper, 'asset-admin-buy-why-missing')

    await field(keeper, '公物仓有同类资产，请说明为何不能调剂使用').fill('档案室需要 2 米高的密集书柜，公物仓的尺寸不合')
    await button(keeper, '登记购置申请').click()
    const filed = keeper.locator('.aa-item').filter({ visible: true, hasText: `凭证 ${receiptNo}` })
    await filed.waitFor()
    await filed.getByText(/书柜 × 1/).waitFor()
    await filed.getByText('¥1500.00', { exact: true }).waitFor()
    await screenshot(keeper, 'asset-admin-purchases')
  }, 180_000)

  it('the centre: 公物仓统计 of this month, 有借不还 with days overdue in red, and 报废审批 of 蒋文涛’s request → the asset is 已报废', async () => {
    // an overdue loan: 张三 borrows 市发改委's screen, it is handed over, then its days move into the past
    const screen = await registerAsset('zichan2', `e2e 投影幕 ${stamp()}`, 'meeting_equipment')
    const loan = await api('zhangsan', 'post', '/api/v1/asset-loans', { assetId: screen.id, startDate: day(0), endDate: day(1), purpose: '科室培训投影' }, true)
    expect(loan.status).toBe(201)
    const loanId = loan.body.id as number
    expect((await api('zichan2', 'post', `/api/v1/asset-loans/${loanId}/approve`)).status).toBe(200)
    expect((await api('zichan2', 'post', `/api/v1/asset-loans/${loanId}/hand-over`, { code: screen.shortCode })).status).toBe(200)
    await suite.t.database.pool.query('UPDATE asset_loans SET start_date = ?, end_date = ? WHERE id = ?', [day(-12), day(-5), loanId])

    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await open(admin, '/pages/index/index')
    await visibleText(admin, '资产管理').click()
    await admin.locator('.aa-nav').filter({ visible: true }).getByText('统计', { exact: true }).click()
    await visibleText(admin, /本月节约/).waitFor()
    // other specs on this worker's database leave overdue loans of their own: the page shows the same count as the BFF, ours among them
    const stats = await api('admin', 'get', `/api/v1/assets/stats?month=${day(0).slice(0, 7)}`)
    const overdueNow = stats.body.overdueNow as number
    expect(overdueNow).toBeGreaterThanOrEqual(1)
    const grid = admin.locator('.ast__grid').filter({ visible: true })
    expect(await grid.innerText()).toMatch(new RegExp(`(^|\\n)${overdueNow}\\s*当前逾期未还`))
    const byUnit = admin.locator('.ast__card').filter({ visible: true })
    await byUnit.locator('.ast__row').filter({ hasText: '市机关事务管理中心' }).waitFor()
    await byUnit.locator('.ast__row').filter({ hasText: '市发改委' }).waitFor()
    await screenshot(admin, 'asset-admin-stats')

    await admin.locator('.aa-nav').filter({ visible: true }).getByText('有借不还', { exact: true }).click()
    const overdue = admin.locator('.aov__item').filter({ visible: true, hasText: screen.shortCode })
    await overdue.waitFor()
    const days = overdue.locator('.aov__days')
    expect(await days.innerText()).toBe('逾期 5 天')
    const colour = await days.evaluate((el) => getComputedStyle(el).color)
    const [r, g, b] = (colour.match(/\d+/g) ?? []).map(Number)
    expect(r).toBeGreaterThan(180)
    expect(g).toBeLessThan(100)
    expect(b).toBeLessThan(100)
    await screenshot(admin, 'asset-admin-overdue')

    // 报废: 蒋文涛 asks from the asset's edit page
    const monitorName = `e2e 旧显示器 ${stamp()}`
    const monitor = await registerAsset('zichan1', monitorName, 'computer', false)
    const keeper = await phoneAs(suite.browser, suite.t, 'zichan1')
    await open(keeper, `/packages/asset-admin/pages/edit/index?id=${monitor.id}`)
    await button(keeper, '申请报废').click()
    await keeper.locator('.egj-dialog textarea').filter({ visible: true }).fill('屏幕花屏，维修费用高于残值')
    await screenshot(keeper, 'asset-admin-dispose-reason')
    await inDialog(keeper, '提交报废申请').click()
    await visibleText(keeper, '已申请报废，等待机关事务管理中心审批。').waitFor()
    await screenshot(keeper, 'asset-admin-dispose-asked')

    // the centre approves in 报废审批
    await open(admin, '/packages/asset-admin/pages/disposals/index')
    const asked = admin.locator('.aa-item').filter({ visible: true, hasText: monitorName })
    await asked.waitFor()
    await asked.getByText('屏幕花屏，维修费用高于残值', { exact: false }).waitFor()
    await screenshot(admin, 'asset-admin-disposals')
    await asked.locator('.aa-action').getByText('同意', { exact: true }).click()
    await inDialog(admin, '同意报废').click()
    await asked.waitFor({ state: 'detached' })
    await admin.locator('.vf-seg').filter({ visible: true }).getByText('已处理', { exact: true }).click()
    await admin.locator('.aa-item').filter({ visible: true, hasText: monitorName }).getByText('已报废', { exact: true }).waitFor()
    await screenshot(admin, 'asset-admin-disposals-done')

    // 已报废 in 资产管理
    await open(keeper, '/packages/asset-admin/pages/assets/index')
    await keeper.locator('.vf-chip').filter({ visible: true, hasText: '已报废' }).click()
    const disposed = keeper.locator('.aa-item').filter({ visible: true, hasText: monitorName })
    await disposed.getByText('已报废', { exact: true }).waitFor()
    await screenshot(keeper, 'asset-admin-disposed')
    await disposed.locator('.aa-action').getByText('资产码', { exact: true }).click()
    await visibleText(keeper, '该资产已报废，已移出公物仓，履历保留。').waitFor()
    expect(await keeper.locator('.nut-button').filter({ visible: true, hasText: '申请报废' }).count()).toBe(0)
    await screenshot(keeper, 'asset-admin-disposed-code')
  }, 180_000)
})
