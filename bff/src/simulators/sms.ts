/**
 * SIMULATOR of Alibaba Cloud SMS (dysmsapi, `SendSms`, RPC style), for tests and the demo only.
 * It holds callers to the real protocol: form parameters (or a query), the RPC signature v1.0
 * (HMAC-SHA1 over the canonical query, keyed `<secret>&`), a known AccessKeyId, a Timestamp
 * within 15 minutes, a SignatureNonce never seen before, the account's sign name and template,
 * a mainland mobile and a JSON TemplateParam — answering the real error codes otherwise. The
 * messages it accepted are kept and readable at `GET /__sim/sms/messages?mobile=` (newest last),
 * the text as the phone shows it: 【<SignName>】<content>.
 */
import { randomBytes } from 'node:crypto'
import Koa from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'
import { rpcSignature } from '../adapters/sms'

export interface SmsSimulatorOptions {
  accessKeyId: string
  accessKeySecret: string
  signName: string
  templateCode: string
}

export interface SimSms {
  mobile: string
  text: string
  at: string
  bizId: string
}

const REQUIRED = ['AccessKeyId', 'Action', 'Format', 'PhoneNumbers', 'SignName', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'TemplateCode', 'Timestamp', 'Version', 'Signature']

export function createSmsSimulator(options: SmsSimulatorOptions) {
  const messages: SimSms[] = []
  const nonces = new Set<string>()
  const app = new Koa()
  const router = new Router()
  const state = {
    /** answer the next n sends with HTTP 503 (an outcome the client must treat as unknown) */
    failNext: 0,
  }
  const requestId = () => randomBytes(16).toString('hex').toUpperCase()
  const refuse = (ctx: Koa.Context, status: number, code: string, message: string) => {
    ctx.status = status
    ctx.body = { RequestId: requestId(), Code: code, Message: message }
  }

  const send = (ctx: Koa.Context, method: 'GET' | 'POST', params: Record<string, string>) => {
    if (state.failNext > 0) {
      state.failNext--
      ctx.status = 503
      ctx.body = { RequestId: requestId(), Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.' }
      return
    }
    const missing = REQUIRED.find((key) => typeof params[key] !== 'string' || params[key] === '')
    if (missing) return refuse(ctx, 400, `MissingParameter`, `${missing} is mandatory for this action.`)
    if (params.AccessKeyId !== options.accessKeyId) return refuse(ctx, 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') return refuse(ctx, 400, 'InvalidSignatureMethod', 'Specified signature method is not supported.')
    const at = Date.parse(params.Timestamp)
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp) || Number.isNaN(at)) return refuse(ctx, 400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.')
    if (Math.abs(Date.now() - at) > 15 * 60_000) return refuse(ctx, 400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.')
    if (rpcSignature(method, params, options.accessKeySecret) !== params.Signature) return refuse(ctx, 400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.')
    if (nonces.has(params.SignatureNonce)) return refuse(ctx, 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
    nonces.add(params.SignatureNonce)
    if (params.Action !== 'SendSms' || params.Version !== '2017-05-25') return refuse(ctx, 400, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.')
    // the business errors answer 200 with their code, as the real service does
    const ok = (code: string, message: string) => {
      ctx.body = { RequestId: requestId(), Code: code, Message: message }
    }
    if (params.SignName !== options.signName) return ok('isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名')
    if (params.TemplateCode !== options.templateCode) return ok('isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板')
    if (!/^1[3-9]\d{9}$/.test(params.PhoneNumbers)) return ok('isv.MOBILE_NUMBER_ILLEGAL', '手机号码格式错误')
    let content: unknown
    try {
      content = (JSON.parse(params.TemplateParam ?? '') as { content?: unknown }).content
    } catch {
      return ok('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值')
    }
    if (typeof content !== 'string' || !content) return ok('isv.TEMPLATE_MISSING_PARAMETERS', '模板缺少变量')
    const bizId = `${Date.now()}${randomBytes(4).toString('hex')}`
    messages.push({ mobile: params.PhoneNumbers, text: `【${params.SignName}】${content}`, at: new Date().toISOString(), bizId })
    ctx.body = { RequestId: requestId(), Code: 'OK', Message: 'OK', BizId: bizId }
  }

  router.post('/', (ctx) => send(ctx, 'POST', { ...(ctx.query as Record<string, string>), ...((ctx.request.body ?? {}) as Record<string, string>) }))
  router.get('/', (ctx) => send(ctx, 'GET', ctx.query as Record<string, string>))
  router.get('/__sim/sms/messages', (ctx) => {
    const mobile = typeof ctx.query.mobile === 'string' ? ctx.query.mobile : undefined
    ctx.body = { items: messages.filter((m) => !mobile || m.mobile === mobile) }
  })
  app.use(bodyParser({ enableTypes: ['form', 'json'] }))
  app.use(router.routes())
  return {
    app,
    /** every message accepted, oldest first */
    messages,
    state,
    clear: () => messages.splice(0, messages.length),
  }
}
