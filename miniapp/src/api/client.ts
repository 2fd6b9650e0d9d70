import Taro from '@tarojs/taro'
import { isErrorBody, type ApiRoute, type ApiRoutes } from '@egj/shared'
import { clearToken, getToken } from '../store/token'

/** Empty = same origin: the BFF serves the H5 build itself. */
const API_BASE = (process.env.TARO_APP_API_BASE ?? '').replace(/\/+$/, '')

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

/** A message to show for anything thrown (our ApiError, or a bug). */
export function errorMessage(error: unknown): string {
  return isApiError(error) ? error.message : '系统繁忙，请稍后再试'
}

type Route<R extends ApiRoute> = ApiRoutes[R]
export type ApiResponse<R extends ApiRoute> = Route<R>['response']

export interface RequestOptions<R extends ApiRoute> {
  /** values for `:name` segments of the path */
  params?: Record<string, string | number>
  query?: Route<R> extends { query: infer Q } ? Q : never
  body?: Route<R> extends { body: infer B } ? B : never
  /** extra request headers for this call, e.g. `{ 'Idempotency-Key': newIdempotencyKey() }` */
  headers?: Record<string, string>
  /** ms before the call fails as a network error (default 15 s; long polls need more) */
  timeout?: number
}

function buildUrl(path: string, params?: Record<string, string | number>, query?: object): string {
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
 * Calls one BFF endpoint, typed by `ApiRoutes` from `@egj/shared`:
 * `request('GET /api/v1/notifications', { query: { limit: 20 } })`.
 */
export async function request<R extends ApiRoute>(route: R, opts: RequestOptions<R> = {}): Promise<ApiResponse<R>> {
  const space = route.indexOf(' ')
  const method = route.slice(0, space) as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  const url = buildUrl(route.slice(space + 1), opts.params, opts.query as object | undefined)

  const header: Record<string, string> = { Accept: 'application/json', ...opts.headers }
  const token = getToken()
  if (token) header.Authorization = `Bearer ${token}`
  if (opts.body !== undefined) header['Content-Type'] = 'application/json'

  let res: Taro.request.SuccessCallbackResult
  try {
    res = await Taro.request({ url, method, header, data: opts.body, dataType: 'json', timeout: opts.timeout ?? 15000 })
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE)
  }

  const statusCode = res.statusCode
  const data: unknown = res.data
  if (statusCode >= 200 && statusCode < 300) {
    // a 2xx that is not JSON means something other than the BFF answered (a proxy, a static host)
    if (data === null || typeof data !== 'object') {
      throw new ApiError(statusCode, 'BAD_RESPONSE', '服务暂时不可用，请稍后再试')
    }
    return data as ApiResponse<R>
  }
  if (isErrorBody(data)) {
    const { code, message, details } = data.error
    // the stored token is no good: forget it so the UI shows the login state
    if (statusCode === 401 && (code === 'AUTH_INVALID_TOKEN' || code === 'AUTH_REQUIRED')) clearToken()
    throw new ApiError(statusCode, code, message, details)
  }
  // no JSON error body: a gateway error page, or a BFF that is not there
  throw new ApiError(statusCode, `HTTP_${statusCode}`, statusCode >= 500 ? '服务暂时不可用，请稍后再试' : '请求失败，请稍后再试')
}
