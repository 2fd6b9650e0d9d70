import type { BrowserContext, Page } from 'playwright-core'
import fs from 'node:fs'
import path from 'node:path'
import { PAGES, pageUrl } from '@egj/shared'
import { DEMO_ZZD_UNBOUND_ACCOUNT_ID } from '../bff/src/simulators/zzd-demo'
import { deliverAllDue } from '../bff/test/factories'
import { useAppAndBrowser } from './app'
import { phoneContext, screenshot } from './browser'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

/** The screenshots the lead looks at (besides e2e/artifacts). */
const SHOTS = process.env.ZZD_SHOTS_DIR
async function keepShot(page: Page, name: string): Promise<void> {
  await screenshot(page, name)
  if (!SHOTS) return
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) })
}

/*
 * The H5 app as 浙政钉 opens it: its user agent, and its JS bridge STUBBED underneath the real
 * gdt-jsapi (the app's own chunk runs unchanged). Every getAuthCode the app makes asks the test for
 * a code, which the test mints at the 浙政钉 SIMULATOR for the person holding the phone — as the
 * real client asks 浙政钉's server — so the BFF redeems it through the simulator's signed API.
 *
 * Phone (Android): gdt-jsapi calls `window.nuva.require()`'s bridge with (ok, fail, 'taurus.common',
 * 'getAuthCode', params), which answers `{ code }`. PC (Windows): it calls
 * `window.dingtalk.platform.invokeAPI(msgId, 'runtime.permission.requestAuthCode', params)` and
 * waits for an 'openapi.event.emit' event carrying `{ msgId, body: { auth_code } }`.
 */
const ZZD_UA = {
  phone:
    'Mozilla/5.0 (Linux; Android 12; V2145A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/101.0.4951.61 Mobile Safari/537.36 AliApp(DingTalk/2.6.0) TaurusApp(zzd/2.6.0) DingTalk(2.6.0) language/zh-Hans-CN',
  pc: 'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.164 Safari/537.36 dingtalk-win/1.0.0 nw(0.14.7) DingTalk(2.6.0) Mojo/1.0.0 Native TaurusApp(zzd/2.6.0)',
}

interface ZzdClient {
  page: Page
  context: BrowserContext
  /** how many auth codes the app asked the client for */
  codesAsked: () => number
}

/** A 浙政钉 client held by the person whose auth codes `nextCode` mints (called per getAuthCode). */
async function zzdClient(nextCode: () => string | Promise<string>, client: 'phone' | 'pc' = 'phone'): Promise<ZzdClient> {
  const context = await phoneContext(suite.browser, suite.t.url)
  let asked = 0
  await context.exposeFunction('__zzdTestAuthCode', async () => {
    asked += 1
    return nextCode()
  })
  await context.addInitScript(
    ({ ua, client }) => {
      Object.defineProperty(navigator, 'userAgent', { get: () => ua })
      const w = window as unknown as Record<string, unknown> & { __zzdTestAuthCode: () => Promise<string> }
      if (client === 'phone') {
        const bridge = (ok: (answer: unknown) => void, fail: (error: unknown) => void, _namespace: string, method: string) => {
          if (method === 'getAuthCode') w.__zzdTestAuthCode().then((code) => ok({ code, expireTime: 300 }), fail)
          else fail({ errorCode: '1', errorMessage: `stub has no ${method}` })
        }
        w.nuva = { isReady: true, require: () => bridge }
      } else {
        let emit: (name: string, data: unknown) => void = () => undefined
        w.dingtalk = {
          platform: {
            invokeAPI(msgId: number, api: string) {
              if (api !== 'runtime.permission.requestAuthCode') return
              // answered later, as the client does: gdt-jsapi files its callback after this call returns
              void w.__zzdTestAuthCode().then((code) => emit('openapi.event.emit', { msgId, body: { auth_code: code, expires_in: 300 } }))
            },
          },
          event: {
            register(handler: (name: string, data: unknown) => void) {
              emit = handler
            },
          },
        }
      }
    },
    { ua: ZZD_UA[client], client },
  )
  const page = await context.newPage()
  return { page, context, codesAsked: () => asked }
}

async function zzdAccountOf(username: string): Promise<string> {
  const [rows] = await suite.t.database.pool.query('SELECT zzd_account_id AS accountId FROM users WHERE username = ?', [username])
  const accountId = (rows as { accountId: string | null }[])[0]?.accountId
  if (!accountId) throw new Error(`demo user ${username} has no 浙政钉 accountId`)
  return accountId
}

describe('浙政钉: the H5 app opened as a 浙政钉 micro-app', () => {
  it('张三 opens it on his phone and is signed in without typing anything, on home, as himself', async () => {
    const accountId = await zzdAccountOf('zhangsan')
    const { page, context, codesAsked } = await zzdClient(() => suite.t.zzdSim.mintAuthCode(accountId))
    await page.goto('/') // the micro-app's 首页地址: the app itself, not its login page
    await page.waitForURL(/pages\/index\/index/)
    await visibleText(page, /您好，张三/).waitFor()
    await visibleText(page, '用车申请').waitFor() // staff tiles: signed in as staff, not as a visitor
    expect(codesAsked()).toBe(1)
    await keepShot(page, 'zzd-home')
    await context.close()
  })

  it('on 浙政钉 PC (its answer is `auth_code`, not `code`) the same person is signed in', async () => {
    const accountId = await zzdAccountOf('zhangsan')
    const { page, context } = await zzdClient(() => suite.t.zzdSim.mintAuthCode(accountId, { pc: true }), 'pc')
    await page.goto(`/#${pageUrl(PAGES.login)}`)
    await page.waitForURL(/pages\/index\/index/)
    await visibleText(page, /您好，张三/).waitFor()
    await context.close()
  })

  it('a code the server has already redeemed is replaced by one fresh code, once, and the sign-in goes through', async () => {
    const accountId = await zzdAccountOf('zhangsan')
    const used = suite.t.zzdSim.mintAuthCode(accountId)
    expect((await suite.t.http.post('/api/v1/auth/zzd').send({ authCode: used })).status).toBe(200)
    const codes = [used]
    const { page, context, codesAsked } = await zzdClient(() => codes.shift() ?? suite.t.zzdSim.mintAuthCode(accountId))
    await page.goto(`/#${pageUrl(PAGES.login)}`)
    await page.waitForURL(/pages\/index\/index/)
    await visibleText(page, /您好，张三/).waitFor()
    expect(codesAsked()).toBe(2)
    await context.close()
  })

  it('浙政钉 not answering: nobody is signed in, the page offers 重试, and 重试 signs in once it answers', async () => {
    const accountId = await zzdAccountOf('zhangsan')
    const { page, context } = await zzdClient(() => suite.t.zzdSim.mintAuthCode(accountId))
    suite.t.zzdSim.throttleNext(1000) // its gateway's flow control on every call, however often the BFF retries
    try {
      await page.goto(`/#${pageUrl(PAGES.login)}`)
      await visibleText(page, '登录平台暂时没有响应，请稍后重试').waitFor()
      expect(await page.evaluate(() => localStorage.getItem('egj.token'))).toBeNull()
    } finally {
      suite.t.zzdSim.throttleNext(0)
    }
    await page.locator('.egj-dialog').filter({ visible: true }).getByText('重试', { exact: true }).click()
    await page.waitForURL(/pages\/index\/index/)
    await visibleText(page, /您好，张三/).waitFor()
    await context.close()
  })

  it('a 浙政钉 person with no staff record sees who can fix it, and can go on as a visitor', async () => {
    const { page, context } = await zzdClient(() => suite.t.zzdSim.mintAuthCode(DEMO_ZZD_UNBOUND_ACCOUNT_ID))
    await page.goto(`/#${pageUrl(PAGES.login)}`)
    await page.waitForURL(/packages\/common\/pages\/zzd-unbound\/index/)
    await visibleText(page, '您的浙政钉账号尚未关联工作人员信息').waitFor()
    await visibleText(page, /联系本单位管理员/).waitFor()
    await visibleText(page, '重新登录').waitFor()
    await keepShot(page, 'zzd-not-bound')
    // no session for anyone: home as a visitor
    await visibleText(page, '暂以访客身份浏览首页').click()
    await page.waitForURL(/pages\/index\/index/)
    await visibleText(page, '访客预约').waitFor()
    expect(await page.evaluate(() => localStorage.getItem('egj.token'))).toBeNull()
    // opening the app again does not send the visitor back to the sign-in they chose to skip
    await page.reload()
    await visibleText(page, '访客预约').waitFor()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(page.url()).toMatch(/pages\/index\/index|\/#?\/?$/)
    await context.close()
  })

  it('张三 asks for a car in 浙政钉; 李四 gets a 钉消息 whose button opens the request, in his 浙政钉', async () => {
    const [zhangsan, lisi] = [await zzdAccountOf('zhangsan'), await zzdAccountOf('lisi')]
    const purpose = `赴省大数据局对接浙政钉（${Date.now() % 100000}）`

    const staff = await zzdClient(() => suite.t.zzdSim.mintAuthCode(zhangsan))
    await staff.page.goto(`/#${pageUrl(PAGES.login)}`)
    await visibleText(staff.page, /您好，张三/).waitFor()
    await visibleText(staff.page, '用车申请').click()
    await visibleText(staff.page, '申请用车').click()
    await visibleText(staff.page, '申请公务用车').waitFor()
    await field(staff.page, '如 赴市政府参加联席会议').fill(purpose)
    await field(staff.page, '如 机关大院').fill('市机关事务管理中心')
    await field(staff.page, '如 市政府 3 号楼').fill('市政府 3 号楼')
    await staff.page.locator('.vf-chip').filter({ visible: true, hasText: '轿车' }).click()
    await visibleText(staff.page, '提交申请').click()
    await staff.page.waitForURL(/detail\/index\?id=\d+/)
    const requestId = Number(/id=(\d+)/.exec(staff.page.url())?.[1])
    await staff.context.close()

    // the outbox job, as the BFF runs it every few seconds
    const forLisi = () => suite.t.zzdSim.messages().filter((m) => m.receiverIds.split(',').includes(lisi) && JSON.stringify(m.msg).includes(purpose))
    await deliverAllDue(suite.t)
    expect(forLisi()).toHaveLength(1)
    const notice = forLisi()[0].msg as { msgtype: string; action_card: { title: string; markdown: string; single_url: string } }
    expect(notice.msgtype).toBe('action_card')
    expect(notice.action_card.title).toBe('用车申请待审批')
    expect(notice.action_card.markdown).toContain('张三')
    const link = new URL(notice.action_card.single_url)
    expect(link.hash).toBe(`#${pageUrl(PAGES.vehicleRequest, { id: requestId })}`)

    // 李四 taps 查看详情 in 浙政钉: the request's page, signed in as himself by 浙政钉
    const approver = await zzdClient(() => suite.t.zzdSim.mintAuthCode(lisi))
    await approver.page.goto(`/${link.hash}`)
    await visibleText(approver.page, purpose).waitFor()
    expect(approver.page.url()).toContain(`detail/index?id=${requestId}`)
    await approver.page.locator('.vd__bar').getByText('同意', { exact: true }).waitFor()
    await keepShot(approver.page, 'zzd-approver-request')
    await approver.context.close()
  })
})

// Taro's H5 input and textarea wrap the native element in a custom element carrying the same placeholder
const field = (page: Page, placeholder: string) => page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).filter({ visible: true }).first()
