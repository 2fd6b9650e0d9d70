import Taro from '@tarojs/taro'
import { IDEMPOTENCY_HEADER, isErrorBody, type Endpoint, type EndpointBody, type EndpointParams, type EndpointQuery, type EndpointResponse } from '@egj/shared'
import { clearToken, getToken } from '../store/token'
import { sessionEnded } from '../utils/nav'
import { takeEarlyAnswer } from './early'

/** Empty = same origin: the BFF serves the H5 build itself. */
export const API_BASE = (process.env.TARO_APP_API_BASE ?? '').replace(/\/+$/, '')

const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试'

/** Every failure the UI sees: switch on `code`, show `message` (already Chinese). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

const INTERNAL_MESSAGE = '系统繁忙，请稍后再试'

/** A message to show for anything thrown (our ApiError, or a bug). */
export function errorMessage(error: unknown): string {
  return isApiError(error) ? error.message : INTERNAL_MESSAGE
}

/** Anything thrown, as an ApiError (a bug in our code becomes `INTERNAL` with a Chinese message). */
export function asApiError(error: unknown): ApiError {
  return isApiError(error) ? error : new ApiError(0, 'INTERNAL', INTERNAL_MESSAGE)
}

/**
 * No answer, server trouble, or the same request still running (an earlier send of this key): whether
 * the request took effect is not known. Only then may a money or booking request be retried, with
 * the same Idempotency-Key.
 */
export function isUnknownOutcome(error: ApiError): boolean {
  if (error.code === 'IDEMPOTENCY_KEY_IN_PROGRESS') return true
  return error.status === 0 ? error.code === 'NETWORK' : error.status >= 500
}

/** An option the endpoint has: required when its schema needs it, absent when it has none. */
type Field<K extends string, T> = [T] extends [undefined] ? { [P in K]?: never } : object extends T ? { [P in K]?: T } : { [P in K]: T }

export type RequestOptions<E extends Endpoint> = Field<'params', EndpointParams<E>> &
  Field<'query', EndpointQuery<E>> &
  Field<'body', EndpointBody<E>> &
  /** idempotent endpoints: one key per attempt, the same key when retrying that attempt */
  Field<'idempotencyKey', E extends { idempotent: true } ? string : undefined> &
  /** upload endpoints (`upload` in the contract): the file's bytes, sent raw as the body with the entry's content type */
  Field<'file', E extends { upload: object } ? ArrayBuffer : undefined> & {
    /** the file's content type, where the entry takes more than one (a photo: image/jpeg or image/png) */
    fileType?: string
    /** extra request headers for this call */
    headers?: Record<string, string>
    /** ms before the call fails as a network error (default 15 s; long polls need more) */
    timeout?: number
  }

/** `[opts]` when something is required, `[opts?]` otherwise. */
type OptionsArg<E extends Endpoint> = object extends RequestOptions<E> ? [opts?: RequestOptions<E>] : [opts: RequestOptions<E>]

export function buildUrl(path: string, params?: Record<string, string | number>, query?: object): string {
  const filled = path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const value = params?.[name]
    if (value === undefined) throw new Error(`missing path param :${name} for ${path}`)
    return encodeURIComponent(String(value))
  })
  const search = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&')
  return `${API_BASE}${filled}${search ? `?${search}` : ''}`
}

/**
 * Calls one endpoint of the contract in `@egj/shared`, typed by it:
 * `request(notificationsApi.list, { query: { limit: 20 } })`.
 */
export async function request<E extends Endpoint>(endpoint: E, ...[opts]: OptionsArg<E>): Promise<EndpointResponse<E>> {
  const { params, query, body, file, fileType, idempotencyKey, headers, timeout } = (opts ?? {}) as RequestOptions<Endpoint> & { params?: Record<string, string | number>; query?: object; body?: unknown; file?: ArrayBuffer; idempotencyKey?: string }
  const method = endpoint.method
  const url = buildUrl(endpoint.path, params, query)
  const extra: Record<string, string> = { ...headers }
  if (idempotencyKey) extra[IDEMPOTENCY_HEADER] = idempotencyKey
  // an upload sends the file itself (Taro passes an ArrayBuffer through untouched, on H5 and weapp)
  const upload = endpoint.upload
  const contentType = upload ? (fileType ?? (typeof upload.type === 'string' ? upload.type : upload.type[0])) : body !== undefined ? 'application/json' : undefined

  const header = authHeader({ Accept: 'application/json', ...extra, ...(contentType ? { 'Content-Type': contentType } : {}) })

  let res: Pick<Taro.request.SuccessCallbackResult, 'statusCode' | 'data'>
  try {
    // H5's first page: the answer the inline script already asked for (api/early.ts), else ask
    const early = method === 'GET' ? takeEarlyAnswer(url, header.Authorization) : undefined
    res = (early && (await early.catch(() => undefined))) || (await Taro.request({ url, method, header, data: upload ? file : body, dataType: 'json', timeout: timeout ?? (upload ? 60000 : 15000) }))
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE)
  }

  const statusCode = res.statusCode
  const data: unknown = res.data
  if (statusCode >= 200 && statusCode < 300) {
    // an entry that answers nothing (204: a delete)
    if (endpoint.status === 204) return undefined as EndpointResponse<E>
    // a 2xx that is not JSON means something other than the BFF answered (a proxy, a static host)
    if (data === null || typeof data !== 'object') {
      throw new ApiError(statusCode, 'BAD_RESPONSE', '服务暂时不可用，请稍后再试')
    }
    return data as EndpointResponse<E>
  }
  throw errorFromResponse(statusCode, data)
}

/** The request headers every call carries (the bearer token when signed in). */
export function authHeader(extra: Record<string, string> = {}): Record<string, string> {
  const header: Record<string, string> = { ...extra }
  const token = getToken()
  if (token) header.Authorization = `Bearer ${token}`
  return header
}

/** A non-2xx answer as an ApiError: the server's JSON error body when there is one. */
export function errorFromResponse(statusCode: number, data: unknown): ApiError {
  if (isErrorBody(data)) {
    const { code, message, details } = data.error
    // the stored token is no good: forget it so the UI shows the login state
    if (statusCode === 401 && (code === 'AUTH_INVALID_TOKEN' || code === 'AUTH_REQUIRED')) clearToken()
    // a session that was good has ended (停用 ends every session at once): to the login page
    if (statusCode === 401 && code === 'AUTH_INVALID_TOKEN') sessionEnded()
    return new ApiError(statusCode, code, message, details)
  }
  // no JSON error body: a gateway error page, or a BFF that is not there
  return new ApiError(statusCode, `HTTP_${statusCode}`, statusCode >= 500 ? '服务暂时不可用，请稍后再试' : '请求失败，请稍后再试')
}

/** UTF-8 bytes → text (weapp has no TextDecoder on every base library). */
export function utf8Decode(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i++]
    let cp: number
    if (b < 0x80) cp = b
    else if (b >= 0xf0) cp = ((b & 0x07) << 18) | ((bytes[i++] & 0x3f) << 12) | ((bytes[i++] & 0x3f) << 6) | (bytes[i++] & 0x3f)
    else if (b >= 0xe0) cp = ((b & 0x0f) << 12) | ((bytes[i++] & 0x3f) << 6) | (bytes[i++] & 0x3f)
    else cp = ((b & 0x1f) << 6) | (bytes[i++] & 0x3f)
    out += String.fromCodePoint(cp)
  }
  return out
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** Reads an error body that a download wrote into a file (weapp downloadFile). */
export function errorFromText(statusCode: number, text: string): ApiError {
  return errorFromResponse(statusCode, parseJson(text))
}

/** The URL of a file endpoint (for a browser to open or download itself). */
export function fileUrl<E extends Endpoint & { file: string }>(endpoint: E, ...[opts]: OptionsArg<E>): string {
  const { params, query } = (opts ?? {}) as { params?: Record<string, string | number>; query?: object }
  return buildUrl(endpoint.path, params, query)
}

/**
 * GETs a file endpoint (PNG, xlsx, HTML) with the bearer token, as bytes. A failure comes back
 * as JSON in the same bytes: it is decoded into the usual ApiError.
 */
export async function fetchBytes<E extends Endpoint & { file: string }>(endpoint: E, ...[opts]: OptionsArg<E>): Promise<{ bytes: ArrayBuffer; header: Record<string, string> }> {
  const { params, query } = (opts ?? {}) as { params?: Record<string, string | number>; query?: object }
  const url = buildUrl(endpoint.path, params, query)
  let res: Taro.request.SuccessCallbackResult
  try {
    res = await Taro.request({ url, method: 'GET', header: authHeader(), responseType: 'arraybuffer', dataType: '其他', timeout: 30000 })
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE)
  }
  const bytes = res.data as ArrayBuffer
  if (res.statusCode >= 200 && res.statusCode < 300 && bytes) return { bytes, header: (res.header ?? {}) as Record<string, string> }
  throw errorFromResponse(res.statusCode, bytes ? parseJson(utf8Decode(new Uint8Array(bytes))) : null)
}
