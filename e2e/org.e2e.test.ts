import ExcelJS from 'exceljs'
import { STAFF_COLUMNS, XLSX } from '@egj/shared'
import { createDiner, createUser } from '../bff/test/factories'
import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

/** A workbook as the template has it: the header row, then one person a row. */
async function workbook(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('人员')
  sheet.addRow([...STAFF_COLUMNS])
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await book.xlsx.writeBuffer())
}

describe('人员与权限 on a phone', () => {
  it('admin imports a workbook from home: the dry run shows the new person and the update, 确认导入 does exactly that', async () => {
    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await admin.goto('/#/pages/index/index')
    await visibleText(admin, '人员导入').click()
    await visibleText(admin, '下载模板').waitFor()
    await screenshot(admin, 'org-import')
    // the template and the staff list are workbooks behind the bearer token: fetched, then saved
    const template = admin.waitForEvent('download')
    await visibleText(admin, '下载模板').click()
    expect((await template).suggestedFilename()).toBe('人员导入模板.xlsx')

    // a new person, and a demo person (王五) whose 部门/职务 changes
    const file = await workbook([
      ['赵新人', '139 0000 1111', '市财政局', '预算科 科员', '', ''],
      ['王五', '13800000003', '市发改委', '综合处 科员', '', '机关干部'],
    ])
    const chooser = admin.waitForEvent('filechooser')
    await visibleText(admin, '选择文件').click()
    await (await chooser).setFiles({ name: '人员导入.xlsx', mimeType: XLSX, buffer: file })
    await visibleText(admin, '预览结果').waitFor()
    await visibleText(admin, '赵新人').waitFor()
    await visibleText(admin, '变更：部门/职务', false).waitFor()
    await screenshot(admin, 'org-import-preview')

    await visibleText(admin, '确认导入（新增 1 · 更新 1）').click()
    await visibleText(admin, '每一项变更都已记入操作留痕', false).waitFor()
    await screenshot(admin, 'org-import-done')
    const list = admin.waitForEvent('download')
    await admin.getByText('导出名单', { exact: true }).filter({ visible: true }).last().click()
    expect((await list).suggestedFilename()).toMatch(/^人员名单-\d{4}-\d{2}-\d{2}\.xlsx$/)

    // what was previewed is what happened
    const token = await suite.t.login('admin')
    const found = await suite.t.http.get('/api/v1/admin/users').query({ q: '赵新人' }).set('Authorization', `Bearer ${token}`)
    expect(found.body.items.map((p: { name: string; unitName: string }) => `${p.name} ${p.unitName}`)).toEqual(['赵新人 市财政局'])
  })

  it('someone without 门岗 is told which role the gate needs; admin grants it with a reason and the gate opens for them', async () => {
    const name = `门岗${Date.now() % 100000}`
    const person = await createUser(suite.t, ['staff'], { name })
    const phone = await phoneAs(suite.browser, suite.t, person.username)
    await phone.goto('/#/packages/gate/pages/scan/index')
    await visibleText(phone, '需要「门岗」角色').waitFor()
    await visibleText(phone, '请联系机关事务管理中心管理员开通').waitFor()
    await screenshot(phone, 'org-needs-guard')

    // 我的 (where phoneAs lands) has 人员管理 for an admin
    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await visibleText(admin, '人员管理').click()
    await admin.locator('input[placeholder="姓名或手机号"]').filter({ visible: true }).fill(name)
    await visibleText(admin, '搜索').click()
    await visibleText(admin, name).click()
    await visibleText(admin, '保存角色').waitFor()
    await visibleText(admin, '门岗').click()
    await admin.locator('input[placeholder="如 岗位调整"]').filter({ visible: true }).fill('调任东门门岗')
    await visibleText(admin, '保存角色').click()
    await visibleText(admin, '角色已保存').waitFor()
    await screenshot(admin, 'org-person-granted')

    // at once: no waiting out a session cache
    await phone.reload()
    await visibleText(phone, '手动输入').waitFor()
    await screenshot(phone, 'org-guard-gate')
  })

  it('admin deactivates someone whose page is open: their next tap is refused (401) and they land on the login page', async () => {
    const diner = await createDiner(suite.t, { subsidyFen: 3000, personalFen: 1250 })
    const phone = await phoneAs(suite.browser, suite.t, diner.username)

    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await admin.goto(`/#/packages/org-admin/pages/person/index?id=${diner.userId}`)
    await visibleText(admin, '停用（离岗）').click()
    await admin.locator('textarea').filter({ visible: true }).fill('已调离本单位')
    await visibleText(admin, '停用').click()
    await visibleText(admin, '停用结果').waitFor()
    await visibleText(admin, /¥42\.50/).waitFor()
    await screenshot(admin, 'org-deactivated')

    const refused = phone.waitForResponse((response) => response.url().includes('/api/v1/') && response.status() === 401)
    await visibleText(phone, '消息').click()
    await refused
    await visibleText(phone, '登录已失效，请重新登录').waitFor()
    await visibleText(phone, '输入用户名登录').waitFor()
    await screenshot(phone, 'org-deactivated-login')
  })
})
