import type { Middleware } from 'koa'
import { ERRORS, type ErrorCode } from '@egj/shared'
import { WechatPayApiError } from '../adapters/wechatpay'
import { isDatabaseUnavailable } from '../db/client'
import { AppError } from './errors'

/** HTTP errors thrown by Koa middleware (body parser, rate limiter, router) → our codes. */
const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'MALFORMED_JSON',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  // koa-router: a method it does not know at all (TRACE, PROPFIND, MKCOL…)
  501: 'METHOD_NOT_IMPLEMENTED',
}

/**
 * The one error handler: renders `{ error: { code, message, details } }`. Unknown errors are
 * logged with the request id and become INTERNAL without leaking internals.
 */
export const errorHandler: Middleware = async (ctx, next) => {
  try {
    await next()
    if (ctx.status === 404 && ctx.body == null) throw new AppError('NOT_FOUND')
  } catch (caught) {
    let error: AppError
    if (caught instanceof AppError) {
      error = caught
    } else if (caught instanceof WechatPayApiError) {
      // WeChat's 4xx is WeChat refusing us, not the client sending bad JSON (its status is not ours to answer with)
      error = new AppError('UPSTREAM_REJECTED', { upstream: 'wechatpay', code: caught.code }, '微信支付拒绝了该请求，请稍后再试或联系管理员')
    } else if (isDatabaseUnavailable(caught)) {
      // a restart or failover: nothing was answered, the client retries (with the same Idempotency-Key)
      ctx.state.log?.warn({ err: caught }, 'database unavailable')
      error = new AppError('SERVICE_UNAVAILABLE')
      ctx.set('Retry-After', '1')
    } else {
      const status = (caught as { status?: number; statusCode?: number }).status ?? (caught as { statusCode?: number }).statusCode
      const code = status && (status < 500 || STATUS_CODES[status]) ? (STATUS_CODES[status] ?? 'VALIDATION_FAILED') : undefined
      if (code) {
        error = new AppError(code)
      } else {
        ctx.state.log?.error({ err: caught }, 'unhandled error')
        error = new AppError('INTERNAL', { requestId: ctx.state.requestId })
      }
    }
    if (error.status >= 500 && error.code !== 'INTERNAL' && error.code !== 'SERVICE_UNAVAILABLE') ctx.state.log?.warn({ code: error.code, details: error.details }, 'upstream error')
    ctx.status = error.status
    ctx.body = { error: { code: error.code, message: error.message || ERRORS[error.code].message, ...(error.details !== undefined ? { details: error.details } : {}) } }
    if (error.code === 'AUTH_REQUIRED' || error.code === 'AUTH_INVALID_TOKEN') ctx.set('WWW-Authenticate', 'Bearer')
    // a limit that says when it ends says it in the header clients and proxies read too
    const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
    if (error.code === 'RATE_LIMITED' && typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter))
  }
}
