/**
 * SIMULATOR of the 浙政钉 (政务钉钉) open platform, for tests and the demo only. Same paths,
 * parameters and answers as openplatform-pro.ding.zj.gov.cn (see adapters/zzd.ts for the sources),
 * and as strict as its gateway:
 *  - every request signed: apiKey known, X-Hmac-Auth-Version 1.0, IP and MAC headers present, a
 *    timestamp within ±5 minutes of now, a nonce never seen before (within that window), and
 *    X-Hmac-Auth-Signature = base64(HMAC-SHA256(appSecret, METHOD\nTimestamp\nNonce\nURI[\nparams]))
 *    over the query (GET) or the form body (POST) — recomputed here on its own, not with the
 *    adapter's code;
 *  - access tokens from /gettoken.json expire (7200 s; `expireTokens()` ends them now) and are
 *    refused with 240133;
 *  - free-login codes (`mintAuthCode`, standing in for gdt-jsapi getAuthCode) live 5 minutes and
 *    are single use; a phone code is exchanged only at dingtalk_app_user.json, a PC code only at
 *    getuserinfo_bycode.json (answering with the PC's field names); otherwise 240111;
 *  - 工作通知 only for this app's 租户, one message per bizMsgId;
 *  - throttling, latency and 5xx on demand (`throttleNext`, `setLatency`, `failNextMessages`).
 * The gateway's own error codes other than SignatureDoesNotMatch (OPF-B001-05-16-0009, documented)
 * are not published: those answers name the problem instead.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import Koa from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'

export interface SimZzdUser {
  accountId: string
  employeeCode?: string | null
  name: string
  /** default: the simulator's tenant */
  tenantId?: string
}

export interface ZzdSimulatorOptions {
  appKey: string
  appSecret: string
  tenantId: string
  /** the 浙政钉 people it knows (names, employee codes); a code may be minted for anyone else too */
  users?: SimZzdUser[]
}

export interface SimZzdMessage {
  receiverIds: string
  bizMsgId: string
  msg: unknown
}

const TIMESTAMP_WINDOW_MS = 5 * 60_000
const AUTH_CODE_TTL_MS = 5 * 60_000
const TOKEN_TTL_SECONDS = 7200

export function createZzdSimulator(options: ZzdSimulatorOptions) {
  const users = new Map((options.users ?? []).map((user) => [user.accountId, user]))
  const authCodes = new Map<string, { accountId: string; pc: boolean; tenantId: string; expiresAt: number; used: boolean }>()
  const tokens = new Map<string, number>()
  const nonces = new Map<string, number>()
  const messages: SimZzdMessage[] = []
  const issued = { tokens: [] as string[], authCodes: [] as string[] }
  const stats = { tokensIssued: 0, refused: { signature: 0, timestamp: 0, nonce: 0, apiKey: 0 }, throttled: 0 }
  const faults = { throttle: 0, failMessages: 0, latencyMs: 0 }

  function mintAuthCode(accountId: string, mint: { pc?: boolean; tenantId?: string } = {}): string {
    const code = randomBytes(20).toString('hex')
    authCodes.set(code, { accountId, pc: !!mint.pc, tenantId: mint.tenantId ?? users.get(accountId)?.tenantId ?? options.tenantId, expiresAt: Date.now() + AUTH_CODE_TTL_MS, used: false })
    issued.authCodes.push(code)
    return code
  }

  const gatewayRefusal = (ctx: Koa.Context, errorCode: string, errorMsg: string) => {
    ctx.status = 200
    ctx.body = { success: false, errorCode, errorMsg, errorLevel: 'error', _RequestId: randomBytes(8).toString('hex') }
  }
  const ok = (data: unknown) => ({ success: true, content: { success: true, data, responseCode: '0', responseMessage: 'OK', requestId: randomBytes(8).toString('hex') } })
  const fail = (responseCode: string, responseMessage: string) => ({ success: true, content: { success: false, responseCode, responseMessage, requestId: randomBytes(8).toString('hex') } })

  /** The request's parameters as the gateway reads them: the query for GET, the form body for POST. */
  const paramsOf = (ctx: Koa.Context): Record<string, string> => {
    if (ctx.method === 'GET') return Object.fromEntries(Object.entries(ctx.query).map(([name, value]) => [name, String(value)]))
    if (!ctx.is('application/x-www-form-urlencoded')) return {}
    return Object.fromEntries(Object.entries((ctx.request.body ?? {}) as Record<string, unknown>).map(([name, value]) => [name, String(value)]))
  }

  /** The gateway: checks the signature headers before any API sees the request. */
  const gateway: Koa.Middleware = async (ctx, next) => {
    if (ctx.path.startsWith('/__sim/')) return next()
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs))
    const header = (name: string) => ctx.get(name)
    if (header('apiKey') !== options.appKey) {
      stats.refused.apiKey++
      return gatewayRefusal(ctx, 'InvalidApiKey', 'apiKey 不存在或不匹配')
    }
    if (header('X-Hmac-Auth-Version') !== '1.0' || !header('X-Hmac-Auth-IP') || !header('X-Hmac-Auth-MAC')) return gatewayRefusal(ctx, 'MissingHeader', '缺少 X-Hmac-Auth-Version / X-Hmac-Auth-IP / X-Hmac-Auth-MAC')
    const timestamp = header('X-Hmac-Auth-Timestamp')
    const at = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$/.test(timestamp) ? Date.parse(timestamp) : NaN
    if (!Number.isFinite(at) || Math.abs(Date.now() - at) > TIMESTAMP_WINDOW_MS) {
      stats.refused.timestamp++
      return gatewayRefusal(ctx, 'InvalidTimestamp', 'X-Hmac-Auth-Timestamp 缺失、格式错误或超出有效期')
    }
    const nonce = header('X-Hmac-Auth-Nonce')
    for (const [seen, until] of nonces) if (until < Date.now()) nonces.delete(seen)
    if (!nonce || nonce.length > 64 || nonces.has(nonce)) {
      stats.refused.nonce++
      return gatewayRefusal(ctx, 'NonceReused', 'X-Hmac-Auth-Nonce 缺失或已使用（疑似重放）')
    }
    const params = paramsOf(ctx)
    const sorted = Object.keys(params)
      .sort()
      .map((name) => `${name}=${params[name]}`)
      .join('&')
    const bytesToSign = `${ctx.method}\n${timestamp}\n${nonce}\n${ctx.path}${sorted ? `\n${sorted}` : ''}`
    const expected = createHmac('sha256', options.appSecret).update(bytesToSign, 'utf8').digest()
    const given = Buffer.from(header('X-Hmac-Auth-Signature'), 'base64')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      stats.refused.signature++
      return gatewayRefusal(ctx, 'OPF-B001-05-16-0009', 'SignatureDoesNotMatch')
    }
    nonces.set(nonce, Date.now() + 2 * TIMESTAMP_WINDOW_MS)
    if (faults.throttle > 0) {
      faults.throttle--
      stats.throttled++
      ctx.status = 429
      ctx.body = { success: false, errorCode: 'Throttling', errorMsg: '请求过于频繁，触发流控' }
      return
    }
    ctx.state.params = params
    await next()
  }

  const tokenOk = (ctx: Koa.Context) => {
    const expires = tokens.get(ctx.state.params.access_token ?? '')
    if (expires && expires > Date.now()) return true
    ctx.body = fail('240133', '应用accessToken失效或不存在')
    return false
  }

  /** Exchanges a code at one of the two endpoints: unknown, used, expired or the other client's → 240111. */
  const exchange = (code: string | undefined, pc: boolean) => {
    const minted = code ? authCodes.get(code) : undefined
    if (!minted || minted.used || minted.expiresAt < Date.now() || minted.pc !== pc) return null
    minted.used = true
    const user = users.get(minted.accountId)
    return { accountId: Number(minted.accountId) || minted.accountId, name: user?.name ?? '浙政钉用户', employeeCode: user?.employeeCode ?? undefined, tenantId: Number(minted.tenantId) || minted.tenantId }
  }

  const router = new Router()
  router.get('/gettoken.json', (ctx) => {
    const { appkey, appsecret } = ctx.state.params as Record<string, string>
    if (appkey !== options.appKey || appsecret !== options.appSecret) return void (ctx.body = fail('233004', 'appkey 或 appsecret 错误'))
    const token = `app_${randomBytes(16).toString('hex')}`
    tokens.set(token, Date.now() + TOKEN_TTL_SECONDS * 1000)
    stats.tokensIssued++
    issued.tokens.push(token)
    ctx.body = ok({ accessToken: token, expiresIn: String(TOKEN_TTL_SECONDS) })
  })

  // the phone's free-login code
  router.post('/rpc/oauth2/dingtalk_app_user.json', (ctx) => {
    if (!tokenOk(ctx)) return
    const user = exchange(ctx.state.params.auth_code, false)
    if (!user) return void (ctx.body = fail('240111', 'code失效或不存在'))
    ctx.body = ok({
      accountId: user.accountId,
      account: `zzd${user.accountId}`,
      clientId: options.appKey,
      employeeCode: user.employeeCode,
      lastName: user.name,
      namespace: 'local',
      nickNameCn: user.name,
      openid: `openid-${user.accountId}`,
      realmId: user.tenantId,
      realmName: '模拟租户',
      tenantUserId: `${user.tenantId}$${user.accountId}`,
    })
  })

  // the PC client's (and scan login's) code: the 租户 is tenantId/tenantName here
  router.post('/rpc/oauth2/getuserinfo_bycode.json', (ctx) => {
    if (!tokenOk(ctx)) return
    const user = exchange(ctx.state.params.code, true)
    if (!user) return void (ctx.body = fail('240111', 'code失效或不存在'))
    ctx.body = ok({
      accountId: user.accountId,
      lastName: user.name,
      clientId: options.appKey,
      realmId: user.tenantId,
      tenantName: '模拟租户',
      realmName: '模拟租户',
      namespace: 'local',
      tenantId: user.tenantId,
      nickNameCn: user.name,
      tenantUserId: `${user.tenantId}$${user.accountId}`,
      account: `zzd${user.accountId}`,
      employeeCode: user.employeeCode,
    })
  })

  router.post('/message/workNotification', (ctx) => {
    const { tenantId, receiverIds, bizMsgId, msg } = ctx.state.params as Record<string, string | undefined>
    if (faults.failMessages > 0) {
      faults.failMessages--
      ctx.status = 503
      return void (ctx.body = { success: false, errorCode: 'ServiceUnavailable', errorMsg: '服务暂不可用' })
    }
    if (tenantId !== options.tenantId) return void (ctx.body = fail('100002', '租户不存在或无权限'))
    if (!receiverIds || !msg) return void (ctx.body = fail('100001', '缺少参数 receiverIds / msg'))
    let parsed: unknown
    try {
      parsed = JSON.parse(msg)
    } catch {
      return void (ctx.body = fail('100001', 'msg 不是合法的 JSON'))
    }
    const known = bizMsgId ? messages.find((message) => message.bizMsgId === bizMsgId) : undefined
    if (!known) messages.push({ receiverIds, bizMsgId: bizMsgId ?? '', msg: parsed })
    ctx.body = ok({ msgId: bizMsgId ?? randomBytes(8).toString('hex') })
  })

  // stand-ins for the phone: a code as gdt-jsapi getAuthCode would hand it, the messages received
  router.post('/__sim/zzd/auth-codes', (ctx) => {
    const { accountId, pc, tenantId } = (ctx.request.body ?? {}) as { accountId?: unknown; pc?: unknown; tenantId?: unknown }
    if (typeof accountId !== 'string' || !accountId) return void (ctx.status = 400)
    ctx.body = { authCode: mintAuthCode(accountId, { pc: pc === true, tenantId: typeof tenantId === 'string' ? tenantId : undefined }) }
  })
  router.get('/__sim/zzd/messages', (ctx) => {
    ctx.body = { items: messages }
  })

  const app = new Koa()
  app.use(bodyParser({ enableTypes: ['json', 'form'] }))
  app.use(gateway)
  app.use(router.routes())
  return {
    app,
    /** a 浙政钉 person it knows from now on (name, employeeCode, 租户) */
    addUser(user: SimZzdUser) {
      users.set(user.accountId, user)
    },
    /** a free-login code for this 浙政钉 account (phone, or PC with `pc: true`; another 租户 with `tenantId`) */
    mintAuthCode,
    /** the 工作通知 received, once per bizMsgId */
    messages: () => [...messages],
    /** every access token and auth code handed out (the leak check looks for them) */
    issued,
    stats,
    /** the next `n` signed calls are answered with the gateway's flow control (HTTP 429) */
    throttleNext(n: number) {
      faults.throttle = n
    },
    /** ms before every answer (a slow or hanging platform) */
    setLatency(ms: number) {
      faults.latencyMs = ms
    },
    /** the next `n` 工作通知 are answered 503 */
    failNextMessages(n: number) {
      faults.failMessages = n
    },
    /** every token issued so far is past its expiry */
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, Date.now() - 1)
    },
    /** every code minted so far is past its 5 minutes */
    expireAuthCodes() {
      for (const code of authCodes.values()) code.expiresAt = Date.now() - 1
    },
  }
}

export type ZzdSimulator = ReturnType<typeof createZzdSimulator>
