/**
 * SIMULATOR of DingTalk's server API (oapi.dingtalk.com), for tests and the demo only.
 * Same paths, JSON and errcodes as DingTalk; checks appkey/appsecret, access tokens and
 * one-time free-login codes. `/__sim/dd/auth-code` stands in for `dd.getAuthCode` on the phone.
 */
import { randomBytes } from 'node:crypto'
import Koa from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'

export interface DingtalkSimulatorOptions {
  appKey: string
  appSecret: string
  agentId: string
}

export function createDingtalkSimulator(options: DingtalkSimulatorOptions) {
  const authCodes = new Map<string, { userId: string; expiresAt: number; used: boolean }>()
  const tokens = new Map<string, number>()
  const notices: { agent_id: string; userid_list: string; msg: unknown }[] = []
  const router = new Router()

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

  router.get('/gettoken', (ctx) => {
    const { appkey, appsecret } = ctx.query as Record<string, string>
    if (appkey !== options.appKey || appsecret !== options.appSecret) return void (ctx.body = { errcode: 40089, errmsg: '不合法的corpid或corpsecret' })
    const token = randomBytes(16).toString('hex')
    tokens.set(token, Date.now() + 7200_000)
    ctx.body = { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 }
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

  const app = new Koa()
  app.use(bodyParser())
  app.use(router.routes())
  return { app, notices }
}
