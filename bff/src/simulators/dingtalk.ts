/**
 * SIMULATOR of DingTalk's server API (oapi.dingtalk.com, and api.dingtalk.com's access token), for tests and the demo only.
 * Same paths, JSON and errcodes as DingTalk; checks appkey/appsecret, access tokens and
 * one-time free-login codes. `/__sim/dd/auth-code` stands in for `dd.getAuthCode` on the phone.
 *
 * 通讯录: serves a department tree and its people (`directory.seed()` from a test, or the demo's
 * from simulators/dingtalk-demo.ts) through /topapi/v2/department/get, …/department/listsub and
 * /topapi/v2/user/list, holding callers to DingTalk's protocol: a token it issued and that has not
 * expired (else errcode 88 with sub_code 40014 / 42001), `size` at most 100 and a `cursor` that is
 * 0 or a `next_cursor` it handed out (else 400002), a department that exists (else 60003), and a
 * per-app, per-API quota of calls each second (else 90018, as DingTalk answers an internal app).
 */
import { randomBytes } from 'node:crypto'
import Koa from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'

export interface DingtalkSimulatorOptions {
  appKey: string
  appSecret: string
  agentId: string
  /** the address book it serves until a test seeds another (default: an empty organisation) */
  directory?: SimDirectory
  /** calls per second to each directory API before it answers 90018 (default 20, DingTalk's standard edition; null: no limit) */
  directoryCallsPerSecond?: number | null
}

/** A department below the root (dept 1, the organisation itself). */
export interface SimDepartment {
  id: number
  name: string
  /** 1 for a top-level department */
  parentId: number
}

export interface SimUser {
  userid: string
  name: string
  mobile?: string
  title?: string
  /** the departments they are in (1: the root) */
  deptIds: number[]
}

export interface SimDirectory {
  /** the root department's name (the organisation) */
  rootName?: string
  departments: SimDepartment[]
  users: SimUser[]
}

const DIRECTORY_PAGE_MAX = 100

export function createDingtalkSimulator(options: DingtalkSimulatorOptions) {
  const authCodes = new Map<string, { userId: string; expiresAt: number; used: boolean }>()
  const tokens = new Map<string, number>()
  const notices: { agent_id: string; userid_list: string; msg: unknown }[] = []
  const router = new Router()
  let directory: SimDirectory = options.directory ?? { departments: [], users: [] }
  let callsPerSecond = options.directoryCallsPerSecond === undefined ? 20 : options.directoryCallsPerSecond
  /** `${deptId}:${cursor}` of every next_cursor handed out: a cursor is 0 or one of these */
  const cursors = new Set<string>()
  /** calls to each directory API in the current second */
  const window = { second: 0, calls: new Map<string, number>() }
  const stats = { tokensIssued: 0, directoryCalls: 0, rateLimited: 0, refusedTokens: 0 }
  /** every access token handed out (the leak check looks for them in logs and tables) */
  const issuedTokens: string[] = []
  let latencyMs = 0

  router.post('/__sim/dd/auth-code', (ctx) => {
    const { userid } = ctx.request.body as { userid?: string }
    if (!userid) return void (ctx.status = 400)
    const code = randomBytes(16).toString('hex')
    authCodes.set(code, { userId: userid, expiresAt: Date.now() + 5 * 60_000, used: false })
    ctx.body = { code }
  })
  router.get('/__sim/dd/notices', (ctx) => {
    ctx.body = { items: notices }
  })

  // The current API's token (api.dingtalk.com): JSON body {appKey, appSecret}; refused with a 400
  // and {code, message} as DingTalk's new gateway answers. The old GET /gettoken is not served.
  router.post('/v1.0/oauth2/accessToken', (ctx) => {
    const body = (ctx.request.body ?? {}) as { appKey?: unknown; appSecret?: unknown }
    if (!ctx.is('application/json')) {
      ctx.status = 400
      return void (ctx.body = { code: 'InvalidParameter.ContentType', message: 'Content-Type 必须是 application/json', requestid: randomBytes(8).toString('hex') })
    }
    if (body.appKey !== options.appKey || body.appSecret !== options.appSecret) {
      ctx.status = 400
      return void (ctx.body = { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid: randomBytes(8).toString('hex') })
    }
    const token = randomBytes(16).toString('hex')
    tokens.set(token, Date.now() + 7200_000)
    stats.tokensIssued++
    issuedTokens.push(token)
    ctx.body = { accessToken: token, expireIn: 7200 }
  })

  const tokenOk = (ctx: Koa.Context) => {
    const expires = tokens.get(String(ctx.query.access_token ?? ''))
    if (expires && expires > Date.now()) return true
    ctx.body = { errcode: 40014, errmsg: '不合法的access_token' }
    return false
  }

  router.post('/topapi/v2/user/getuserinfo', (ctx) => {
    if (!tokenOk(ctx)) return
    const { code } = ctx.request.body as { code?: string }
    const issued = code ? authCodes.get(code) : undefined
    if (!issued || issued.used || issued.expiresAt < Date.now()) return void (ctx.body = { errcode: 40078, errmsg: '不存在的临时授权码' })
    issued.used = true
    ctx.body = { errcode: 0, errmsg: 'ok', result: { userid: issued.userId, device_id: 'sim-device', sys: false, sys_level: 0 }, request_id: randomBytes(8).toString('hex') }
  })

  router.post('/topapi/message/corpconversation/asyncsend_v2', (ctx) => {
    if (!tokenOk(ctx)) return
    const body = ctx.request.body as { agent_id?: string | number; userid_list?: string; msg?: unknown }
    if (String(body.agent_id) !== options.agentId) return void (ctx.body = { errcode: 60011, errmsg: '没有调用该接口的权限' })
    if (!body.userid_list || !body.msg) return void (ctx.body = { errcode: 40035, errmsg: '缺少参数' })
    notices.push({ agent_id: String(body.agent_id), userid_list: body.userid_list, msg: body.msg })
    ctx.body = { errcode: 0, errmsg: 'ok', task_id: notices.length, request_id: randomBytes(8).toString('hex') }
  })

  // ---------- 通讯录 ----------

  /** The v2 APIs' checks before any work: the token (88 + the old code), then the per-second quota (90018). */
  const directoryCallOk = (ctx: Koa.Context, api: string) => {
    stats.directoryCalls++
    const expires = tokens.get(String(ctx.query.access_token ?? ''))
    if (!expires || expires <= Date.now()) {
      stats.refusedTokens++
      const sub = expires ? { sub_code: '42001', sub_msg: 'access_token已过期' } : { sub_code: '40014', sub_msg: '不合法的access_token' }
      ctx.body = { errcode: 88, errmsg: `ding talk error[subcode=${sub.sub_code},submsg=${sub.sub_msg}]`, ...sub, request_id: randomBytes(8).toString('hex') }
      return false
    }
    const second = Math.floor(Date.now() / 1000)
    if (second !== window.second) {
      window.second = second
      window.calls.clear()
    }
    const calls = (window.calls.get(api) ?? 0) + 1
    window.calls.set(api, calls)
    if (callsPerSecond !== null && calls > callsPerSecond) {
      stats.rateLimited++
      ctx.body = { errcode: 90018, errmsg: '您的企业调用该接口频率超过了限制，请稍后再试', request_id: randomBytes(8).toString('hex') }
      return false
    }
    return true
  }
  const department = (id: number) => (id === 1 ? { id: 1, name: directory.rootName ?? '模拟组织', parentId: 0 } : directory.departments.find((dept) => dept.id === id))
  const deptIdOf = (ctx: Koa.Context) => Number((ctx.request.body as { dept_id?: unknown } | undefined)?.dept_id ?? 1)

  router.post('/topapi/v2/department/get', (ctx) => {
    if (!directoryCallOk(ctx, 'department/get')) return
    const dept = department(deptIdOf(ctx))
    if (!dept) return void (ctx.body = { errcode: 60003, errmsg: '部门不存在' })
    ctx.body = { errcode: 0, errmsg: 'ok', result: { dept_id: dept.id, name: dept.name, ...(dept.id === 1 ? {} : { parent_id: dept.parentId }) }, request_id: randomBytes(8).toString('hex') }
  })

  router.post('/topapi/v2/department/listsub', (ctx) => {
    if (!directoryCallOk(ctx, 'department/listsub')) return
    const deptId = deptIdOf(ctx)
    if (!department(deptId)) return void (ctx.body = { errcode: 60003, errmsg: '部门不存在' })
    const result = directory.departments.filter((dept) => dept.parentId === deptId).map((dept) => ({ dept_id: dept.id, name: dept.name, parent_id: dept.parentId, create_dept_group: false, auto_add_user: false }))
    ctx.body = { errcode: 0, errmsg: 'ok', result, request_id: randomBytes(8).toString('hex') }
  })

  router.post('/topapi/v2/user/list', (ctx) => {
    if (!directoryCallOk(ctx, 'user/list')) return
    const body = (ctx.request.body ?? {}) as { dept_id?: unknown; cursor?: unknown; size?: unknown }
    const deptId = Number(body.dept_id)
    const cursor = Number(body.cursor ?? 0)
    const size = Number(body.size)
    if (!Number.isInteger(deptId) || !Number.isInteger(size) || size < 1 || size > DIRECTORY_PAGE_MAX) return void (ctx.body = { errcode: 400002, errmsg: '无效的参数：size 取值 1～100' })
    if (!department(deptId)) return void (ctx.body = { errcode: 60003, errmsg: '部门不存在' })
    if (!Number.isInteger(cursor) || (cursor !== 0 && !cursors.has(`${deptId}:${cursor}`))) return void (ctx.body = { errcode: 400002, errmsg: '无效的参数：cursor 无效' })
    const members = directory.users.filter((user) => user.deptIds.includes(deptId))
    const list = members.slice(cursor, cursor + size).map((user) => ({
      userid: user.userid,
      unionid: `union-${user.userid}`,
      name: user.name,
      ...(user.mobile ? { mobile: user.mobile, state_code: '86' } : {}),
      title: user.title ?? '',
      dept_id_list: user.deptIds,
      active: true,
      admin: false,
      boss: false,
      leader: false,
    }))
    const hasMore = cursor + size < members.length
    if (hasMore) cursors.add(`${deptId}:${cursor + size}`)
    ctx.body = { errcode: 0, errmsg: 'ok', result: { has_more: hasMore, ...(hasMore ? { next_cursor: cursor + size } : {}), list }, request_id: randomBytes(8).toString('hex') }
  })

  const app = new Koa()
  app.use(bodyParser())
  // a slow DingTalk (tests: two admins' runs overlap)
  app.use(async (ctx, next) => {
    if (latencyMs && /^\/topapi\/v2\/(department|user\/list)/.test(ctx.path)) await new Promise((resolve) => setTimeout(resolve, latencyMs))
    await next()
  })
  app.use(router.routes())
  return {
    app,
    notices,
    issuedTokens,
    /** what the directory APIs saw: tokens issued, calls, quota refusals (90018), token refusals (88) */
    stats,
    directory: {
      /** replaces the address book the simulator serves */
      seed(next: SimDirectory) {
        directory = structuredClone(next)
        cursors.clear()
      },
      current: () => directory,
    },
    /** calls per second to each directory API before 90018 (null: no limit) */
    setDirectoryRateLimit(perSecond: number | null) {
      callsPerSecond = perSecond
    },
    /** ms every directory call takes before it is answered */
    setDirectoryLatency(ms: number) {
      latencyMs = ms
    },
    /** every token issued so far is now past its expiry (as after two hours) */
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, Date.now() - 1)
    },
  }
}
