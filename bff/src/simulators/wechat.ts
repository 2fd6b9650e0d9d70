/**
 * SIMULATOR of WeChat's mini-program server API (api.weixin.qq.com), for tests and the demo only.
 * Same paths, same JSON, same error codes as WeChat; it checks appid/secret, one-time codes and
 * access tokens as strictly as WeChat does. It never runs in production.
 *
 * What a real phone's WeChat client does (wx.login, the getPhoneNumber button) is stood in for by
 * the `/__sim/...` routes, which hand out one-time codes the way the client would receive them.
 */
import { randomBytes } from 'node:crypto'
import Koa from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'

export interface WechatSimulatorOptions {
  appId: string
  secret: string
}

interface IssuedCode {
  value: string
  expiresAt: number
  used: boolean
}

const CODE_TTL_MS = 5 * 60_000

export function createWechatSimulator(options: WechatSimulatorOptions) {
  const loginCodes = new Map<string, IssuedCode & { openid: string; unionid?: string }>()
  const phoneCodes = new Map<string, IssuedCode & { phone: string }>()
  const tokens = new Map<string, number>()
  /** `${openid} ${templateId}` → messages still allowed: each 允许 in the phone's sheet allows one (one-time subscriptions) */
  const subscriptions = new Map<string, number>()
  const subscriptionKey = (openid: string, templateId: string) => `${openid} ${templateId}`
  /** what the phone's WeChat does when the user taps 允许 for these templates in requestSubscribeMessage */
  const subscribe = (openid: string, templateIds: string[]) => {
    for (const templateId of new Set(templateIds)) subscriptions.set(subscriptionKey(openid, templateId), (subscriptions.get(subscriptionKey(openid, templateId)) ?? 0) + 1)
  }
  const sentMessages: { touser: string; template_id: string; page?: string; data: unknown }[] = []
  /** every subscribe/send request that reached WeChat, delivered or not (tests check nothing was asked in vain) */
  const sendRequests: { touser?: string; template_id?: string }[] = []
  /** tests: the next n sends answer 503, as WeChat's edge does under load (an unknown outcome for the caller) */
  const outage = { sends: 0 }
  const newCode = () => randomBytes(16).toString('hex')

  const router = new Router()

  // --- stand-ins for the WeChat client on the phone ---
  router.post('/__sim/wx/login-code', (ctx) => {
    const { openid, unionid } = ctx.request.body as { openid?: string; unionid?: string }
    if (!openid) return void (ctx.status = 400)
    const code = newCode()
    loginCodes.set(code, { value: code, openid, unionid, expiresAt: Date.now() + CODE_TTL_MS, used: false })
    ctx.body = { code }
  })
  router.post('/__sim/wx/phone-code', (ctx) => {
    const { phoneNumber } = ctx.request.body as { phoneNumber?: string }
    if (!phoneNumber) return void (ctx.status = 400)
    const code = newCode()
    phoneCodes.set(code, { value: code, phone: phoneNumber, expiresAt: Date.now() + CODE_TTL_MS, used: false })
    ctx.body = { code }
  })
  router.post('/__sim/wx/subscribe', (ctx) => {
    const { openid, templateIds } = ctx.request.body as { openid?: string; templateIds?: string[] }
    if (!openid || !Array.isArray(templateIds) || !templateIds.length) return void (ctx.status = 400)
    subscribe(openid, templateIds)
    ctx.body = { ok: true }
  })
  router.get('/__sim/wx/messages', (ctx) => {
    ctx.body = { items: sentMessages }
  })

  // --- the server API ---
  router.get('/sns/jscode2session', (ctx) => {
    const { appid, secret, js_code: jsCode, grant_type: grantType } = ctx.query as Record<string, string>
    if (appid !== options.appId) return void (ctx.body = { errcode: 40013, errmsg: 'invalid appid' })
    if (secret !== options.secret) return void (ctx.body = { errcode: 40125, errmsg: 'invalid appsecret' })
    if (grantType !== 'authorization_code') return void (ctx.body = { errcode: 40002, errmsg: 'invalid grant_type' })
    const issued = jsCode ? loginCodes.get(jsCode) : undefined
    if (!issued || issued.expiresAt < Date.now()) return void (ctx.body = { errcode: 40029, errmsg: 'invalid code' })
    if (issued.used) return void (ctx.body = { errcode: 40163, errmsg: 'code been used' })
    issued.used = true
    ctx.body = { openid: issued.openid, session_key: randomBytes(16).toString('base64'), ...(issued.unionid ? { unionid: issued.unionid } : {}) }
  })

  router.post('/cgi-bin/stable_token', (ctx) => {
    const { grant_type: grantType, appid, secret } = ctx.request.body as Record<string, string>
    if (grantType !== 'client_credential') return void (ctx.body = { errcode: 40002, errmsg: 'invalid grant_type' })
    if (appid !== options.appId) return void (ctx.body = { errcode: 40013, errmsg: 'invalid appid' })
    if (secret !== options.secret) return void (ctx.body = { errcode: 40125, errmsg: 'invalid appsecret' })
    const token = randomBytes(24).toString('base64url')
    tokens.set(token, Date.now() + 7200_000)
    ctx.body = { access_token: token, expires_in: 7200 }
  })

  /** 40001 for a token WeChat never issued or that expired, like the real API. */
  const tokenOk = (ctx: Koa.Context) => {
    const expires = tokens.get(String(ctx.query.access_token ?? ''))
    if (expires && expires > Date.now()) return true
    ctx.body = { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }
    return false
  }

  router.post('/wxa/business/getuserphonenumber', (ctx) => {
    if (!tokenOk(ctx)) return
    const { code } = ctx.request.body as { code?: string }
    const issued = code ? phoneCodes.get(code) : undefined
    if (!issued || issued.used || issued.expiresAt < Date.now()) return void (ctx.body = { errcode: 40029, errmsg: 'invalid code' })
    issued.used = true
    ctx.body = {
      errcode: 0,
      errmsg: 'ok',
      phone_info: { phoneNumber: issued.phone, purePhoneNumber: issued.phone, countryCode: '86', watermark: { timestamp: Math.floor(Date.now() / 1000), appid: options.appId } },
    }
  })

  router.post('/cgi-bin/message/subscribe/send', (ctx) => {
    const body = ctx.request.body as { touser?: string; template_id?: string; page?: string; data?: unknown }
    sendRequests.push({ touser: body.touser, template_id: body.template_id })
    if (outage.sends > 0) {
      outage.sends--
      return void (ctx.status = 503)
    }
    if (!tokenOk(ctx)) return
    if (!body.touser || !body.template_id || !body.data) return void (ctx.body = { errcode: 47003, errmsg: 'argument invalid!' })
    // each value is { value }; a thing.DATA holds at most 20 characters
    const values = Object.entries(body.data as Record<string, { value?: unknown }>)
    if (values.some(([key, field]) => typeof field?.value !== 'string' || (key.startsWith('thing') && [...field.value].length > 20)))
      return void (ctx.body = { errcode: 47003, errmsg: 'argument invalid! data.thing.value exceeds limit' })
    // a one-time subscription allows one message: none left is 43101, as WeChat answers
    const key = subscriptionKey(body.touser, body.template_id)
    const left = subscriptions.get(key) ?? 0
    if (left < 1) return void (ctx.body = { errcode: 43101, errmsg: 'user refuse to accept the msg' })
    subscriptions.set(key, left - 1)
    sentMessages.push({ touser: body.touser, template_id: body.template_id, page: body.page, data: body.data })
    ctx.body = { errcode: 0, errmsg: 'ok' }
  })

  const app = new Koa()
  app.use(bodyParser())
  app.use(router.routes())
  return { app, sentMessages, sendRequests, subscribe, outage }
}
