import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import QRCode from 'qrcode'
import type { Page } from 'playwright-core'
import { shanghaiDate } from '@egj/shared'
import { useAppAndBrowser } from './app'
import { phoneContext, screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

/** A car of this spec's own (a plate no other spec uses), so the board's choice cannot collide. */
async function createCar(): Promise<{ id: number; plateNo: string; token: string; lastOdometerKm: number }> {
  const admin = `Bearer ${await suite.t.login('admin')}`
  const units = await suite.t.http.get('/api/v1/org/units').set('Authorization', admin)
  const unitId = (units.body.items as { id: number; name: string }[]).find((u) => u.name === '市机关事务管理中心')?.id
  const plateNo = `浙E${String(10000 + Math.floor(Math.random() * 89999))}`
  const created = await suite.t.http.post('/api/v1/vehicles').set('Authorization', admin).send({ plateNo, type: 'sedan', seats: 5, energy: 'fuel', unitId, lastOdometerKm: 23_456 })
  expect(created.status).toBe(201)
  const list = await suite.t.http.get('/api/v1/vehicles').set('Authorization', admin)
  const car = (list.body.items as { id: number; plateNo: string; code: string; lastOdometerKm: number }[]).find((v) => v.id === created.body.id)
  if (!car) throw new Error('the new car is not in GET /api/v1/vehicles')
  // the worker's database has the demo accounts, not necessarily the demo fleet: driver1 must be a driver on duty
  const drivers = await suite.t.http.get('/api/v1/drivers').set('Authorization', admin)
  const [rows] = await suite.t.database.pool.query("SELECT id FROM users WHERE username = 'driver1'")
  const driverUserId = (rows as { id: number }[])[0].id
  const existing = (drivers.body.items as { id: number; userId: number; onDuty: boolean }[]).find((d) => d.userId === driverUserId)
  if (!existing) expect((await suite.t.http.post('/api/v1/drivers').set('Authorization', admin).send({ userId: driverUserId, onDuty: true })).status).toBe(201)
  else if (!existing.onDuty) await suite.t.http.patch(`/api/v1/drivers/${existing.id}`).set('Authorization', admin).send({ onDuty: true })
  const token = car.code.split('/q/v/')[1]
  return { id: car.id, plateNo: car.plateNo, token, lastOdometerKm: car.lastOdometerKm }
}

// Taro's H5 input and textarea wrap the native element in a custom element carrying the same placeholder
const field = (page: Page, placeholder: string, nth = 0) => page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).filter({ visible: true }).nth(nth)
const inDialog = (page: Page, text: string) => page.locator('.egj-dialog').filter({ visible: true }).getByText(text, { exact: true }).first()

describe('一车一码 from request to report', () => {
  it('张三 requests → 李四 approves → 孙立 dispatches on the board → 周建华 scans, starts and finishes; the public sees 执行公务中, then 当前无公务任务, and reports; admin sees it', async () => {
    const car = await createCar()
    const purpose = `赴市政府参加联席会议 ${car.plateNo.slice(-5)}`

    // --- 张三 requests a car ---
    const staff = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await staff.goto('/#/pages/index/index')
    await visibleText(staff, '用车申请').click()
    await visibleText(staff, '申请用车').click()
    await visibleText(staff, '申请公务用车').waitFor()
    await field(staff, '如 赴市政府参加联席会议').fill(purpose)
    await field(staff, '如 机关大院').fill('市机关事务管理中心')
    await field(staff, '如 市政府 3 号楼').fill('市政府 3 号楼')
    await staff.locator('[aria-label="增加乘车人数"]').filter({ visible: true }).click()
    await staff.locator('.vf-chip').filter({ visible: true, hasText: '轿车' }).click()
    await screenshot(staff, 'vehicle-request-form')
    await visibleText(staff, '提交申请').click()
    await staff.waitForURL(/detail\/index\?id=\d+/)
    const requestId = Number(/id=(\d+)/.exec(staff.url())?.[1])
    expect(requestId).toBeGreaterThan(0)
    await visibleText(staff, '修改留痕').waitFor()
    await visibleText(staff, '提交申请', true).waitFor()
    await screenshot(staff, 'vehicle-request-detail')

    // --- 李四 approves from 待我审批 ---
    const approver = await phoneAs(suite.browser, suite.t, 'lisi')
    await approver.goto('/#/packages/vehicle/pages/list/index?tab=approver')
    await visibleText(approver, purpose).waitFor()
    await screenshot(approver, 'vehicle-approver-list')
    await visibleText(approver, purpose).click()
    await approver.locator('.vd__bar').getByText('同意', { exact: true }).click()
    await inDialog(approver, '同意').click()
    await approver.locator('.vd__hero').getByText('待派车', { exact: true }).waitFor()
    await screenshot(approver, 'vehicle-approved')

    // --- 孙立 assigns the car and 周建华 on the board ---
    const dispatcher = await phoneAs(suite.browser, suite.t, 'dispatcher1')
    await dispatcher.goto('/#/pages/index/index')
    await visibleText(dispatcher, '派车').click()
    const card = dispatcher.locator('.vb-request').filter({ visible: true, hasText: purpose })
    await card.waitFor()
    await screenshot(dispatcher, 'dispatch-board')
    await card.getByText('派车', { exact: true }).click()
    await dispatcher.locator('.as__opt').filter({ visible: true, hasText: car.plateNo }).click()
    await dispatcher.locator('.as__opt').filter({ visible: true, hasText: '周建华' }).click()
    await screenshot(dispatcher, 'dispatch-assign-sheet')
    await visibleText(dispatcher, '确认派车').click()
    // the form's default start is the next half hour: a minute before midnight that is tomorrow,
    // and a dispatched request shows on the board of its own day
    const [[{ start_at: startAt }]] = (await suite.t.database.pool.query('SELECT start_at FROM vehicle_requests WHERE id = ?', [requestId])) as unknown as [{ start_at: Date }[]]
    if (shanghaiDate(startAt) !== shanghaiDate(new Date())) {
      await dispatcher.locator('.as__opt').filter({ visible: true }).first().waitFor({ state: 'hidden' })
      await visibleText(dispatcher, /后一天/).click()
    }
    await dispatcher.locator('.vb-request').filter({ visible: true, hasText: purpose }).getByText('改派', { exact: true }).waitFor()
    await screenshot(dispatcher, 'dispatch-board-assigned')

    // --- 周建华 opens the car's code and starts the trip ---
    const driver = await phoneAs(suite.browser, suite.t, 'driver1')
    await driver.goto(`/q/v/${car.token}`)
    await visibleText(driver, '出车登记').waitFor()
    await visibleText(driver, purpose).waitFor()
    await field(driver, '里程表读数').fill(String(car.lastOdometerKm + 2))
    await screenshot(driver, 'vehicle-driver-start')
    await driver.locator('.vf-card').filter({ hasText: '出车登记' }).getByText('出车', { exact: true }).click()
    await visibleText(driver, '收车登记').waitFor()

    // --- anyone, not signed in, during the trip ---
    const anonContext = await phoneContext(suite.browser, suite.t.url)
    const citizen = await anonContext.newPage()
    await citizen.goto(`/q/v/${car.token}`)
    await visibleText(citizen, '执行公务中').waitFor()
    await visibleText(citizen, /\d{2}:\d{2}–\d{2}:\d{2}/).waitFor()
    await visibleText(citizen, car.plateNo).waitFor()
    await screenshot(citizen, 'vehicle-public-on-task')

    // a reading that goes backwards is refused under the field
    await field(driver, '里程表读数').fill(String(car.lastOdometerKm + 1))
    await driver.locator('.vf-card').filter({ hasText: '收车登记' }).getByText('收车', { exact: true }).click()
    await visibleText(driver, /不能小于出车读数/).waitFor()
    // 30 km within a minute of starting: refused as implausible (average speed), under the field
    await field(driver, '里程表读数').fill(String(car.lastOdometerKm + 32))
    await field(driver, '0.00', 0).fill('15')
    await field(driver, '0.00', 1).fill('8.5')
    await field(driver, '0.00', 2).fill('120')
    await field(driver, '0.0').fill('0.4')
    await driver.locator('.vf-card').filter({ hasText: '收车登记' }).getByText('收车', { exact: true }).click()
    await visibleText(driver, /平均时速超过/).waitFor()
    await screenshot(driver, 'vehicle-driver-finish-refused')
    // within the readings' slack: accepted
    await field(driver, '里程表读数').fill(String(car.lastOdometerKm + 5))
    await screenshot(driver, 'vehicle-driver-finish')
    await driver.locator('.vf-card').filter({ hasText: '收车登记' }).getByText('收车', { exact: true }).click()
    await visibleText(driver, '行程已完成').waitFor()
    await visibleText(driver, /行驶 3 km/).waitFor()
    await screenshot(driver, 'vehicle-driver-done')

    // --- after the trip: no task; a report with a photo ---
    await citizen.reload()
    await visibleText(citizen, '当前无公务任务').waitFor()
    await screenshot(citizen, 'vehicle-public-off')
    await visibleText(citizen, '反映公车私用').click()
    await field(citizen, '如 周六下午在某商场停车场看到此车，有人搬运私人物品').fill(`e2e：下班后看到此车停在商场 ${car.plateNo}`)
    const photoFile = path.join(os.tmpdir(), `egj-report-${process.pid}.png`)
    await QRCode.toFile(photoFile, `photo of ${car.plateNo}`, { width: 600 })
    const chooser = citizen.waitForEvent('filechooser', { timeout: 5000 })
    await visibleText(citizen, '拍照或选图').click()
    await (await chooser).setFiles(photoFile)
    await citizen.locator('.car__photo-img').filter({ visible: true }).waitFor()
    await screenshot(citizen, 'vehicle-report-form')
    await visibleText(citizen, '提交反映').click()
    await visibleText(citizen, '已收到').waitFor()
    await screenshot(citizen, 'vehicle-report-received')
    fs.rmSync(photoFile, { force: true })
    await anonContext.close()

    // --- admin sees it in the queue and resolves it ---
    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await admin.goto('/#/pages/index/index')
    await visibleText(admin, '车辆管理').click()
    await visibleText(admin, car.plateNo).waitFor()
    await screenshot(admin, 'vehicle-admin-cars')
    await admin.locator('.va-list-item').filter({ visible: true, hasText: car.plateNo }).getByText('车辆码').click()
    await admin.locator('.vv__qr-img').filter({ visible: true }).waitFor()
    await screenshot(admin, 'vehicle-admin-code')
    await admin.locator('.nut-popup-close-icon, .nut-popup-title-right').filter({ visible: true }).first().click()
    await admin.locator('.va-nav__item').filter({ hasText: '私用反映' }).filter({ visible: true }).click()
    const report = admin.locator('.va-list-item').filter({ visible: true, hasText: `e2e：下班后看到此车停在商场 ${car.plateNo}` })
    await report.waitFor()
    await report.getByText('反映时：无公务任务').waitFor()
    await report.getByText('查看照片').click()
    await report.locator('.vrp__photo').waitFor()
    await screenshot(admin, 'vehicle-admin-reports')
    await report.getByText('处理', { exact: true }).click()
    await admin.locator('.egj-dialog textarea').filter({ visible: true }).fill('已核实：当晚为加班后送回单位，属正常用车')
    await inDialog(admin, '标记为已处理').click()
    await report.getByText(/处理意见：已核实/).waitFor()
    await admin.locator('.va-nav__item').filter({ hasText: '月度统计' }).filter({ visible: true }).click()
    await visibleText(admin, '按用车单位').waitFor()
    await screenshot(admin, 'vehicle-admin-stats')
    await admin.locator('.va-nav__item').filter({ hasText: '驾驶员' }).filter({ visible: true }).click()
    await visibleText(admin, '周建华').waitFor()
    await screenshot(admin, 'vehicle-admin-drivers')

    // --- 张三 sees the finished trip with its history, and rates it ---
    await staff.goto(`/#/packages/vehicle/pages/detail/index?id=${requestId}`)
    await staff.locator('.vd__hero').getByText('已完成', { exact: true }).waitFor()
    await visibleText(staff, '3 km').waitFor()
    await visibleText(staff, '收车', true).waitFor()
    await screenshot(staff, 'vehicle-request-completed')
    await visibleText(staff, '评价本次用车').click()
    await visibleText(staff, '提交评价').click()
    await visibleText(staff, '我的评价').waitFor()
    await staff.goto('/#/packages/vehicle/pages/list/index')
    await visibleText(staff, purpose).waitFor()
    await screenshot(staff, 'vehicle-my-requests')
  }, 180_000)
})
