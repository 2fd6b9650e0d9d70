import type Router from '@koa/router'
import type { Context } from 'koa'
import getRawBody from 'raw-body'
import { contractEntries, type Endpoint, type EndpointParsed, type EndpointResponse, type Role } from '@egj/shared'
import type { ZodType } from 'zod'
import type { Services } from '../services'
import { AppError } from './errors'
import { zhErrorMap } from './zod-zh'
import type { AuthUser } from './auth'

/** What a handler gets: the request already authenticated and parsed by the contract's schemas. */
export interface RouteInput<E extends Endpoint, U extends AuthUser | null> {
  params: EndpointParsed<E, 'params'>
  query: EndpointParsed<E, 'query'>
  body: EndpointParsed<E, 'body'>
  user: U
  /** the `Idempotency-Key` header, checked for shape (idempotent endpoints only) */
  idempotencyKey: E extends { idempotent: true } ? string : undefined
  /** the uploaded file (endpoints with `upload` only), already checked for type and size */
  upload: E extends { upload: object } ? Buffer : undefined
  ctx: Context
  services: Services
}

type Handler<E extends Endpoint, U extends AuthUser | null> = (
  input: RouteInput<E, U>,
) => Promise<E extends { file: string } ? undefined : E extends { response: ZodType } ? EndpointResponse<E> : null>

/** How a route is guarded: signed in (optionally with one of some roles), or public. */
type Guard = { auth?: 'required'; roles?: readonly Role[] } | { auth: 'none' | 'optional'; roles?: undefined }

/**
 * `guessable`: the route looks something up by a code or token a client could try to guess (a
 * typed 编号, a car's code, an invitation link): its failed look-ups are counted per client and
 * slowed down (lib/guess-limit.ts).
 */
type Lookup = { guessable?: true }

/**
 * A contract entry implemented by the BFF: the path, schemas and Idempotency-Key rule come from
 * `shared`'s contract; the BFF adds who may call it and the handler — nothing else.
 */
export type Route = {
  endpoint: Endpoint
  auth: 'required' | 'optional' | 'none'
  roles?: readonly Role[]
  guessable?: true
  handler: (input: RouteInput<Endpoint, AuthUser | null>) => Promise<unknown>
}

export function implement<E extends Endpoint>(endpoint: E, guard: { auth: 'none' | 'optional' } & Lookup & { handler: Handler<E, AuthUser | null> }): Route
export function implement<E extends Endpoint>(endpoint: E, guard: { auth?: 'required'; roles?: readonly Role[] } & Lookup & { handler: Handler<E, AuthUser> }): Route
export function implement<E extends Endpoint>(endpoint: E, definition: Guard & Lookup & { handler: Handler<E, never> }): Route {
  return { endpoint, auth: definition.auth ?? 'required', roles: definition.roles, guessable: definition.guessable, handler: definition.handler as Route['handler'] }
}

/**
 * The path of a text holding a lone UTF-16 surrogate ("\ud800" is valid JSON), or null. Such text
 * has no UTF-8 form: a VARCHAR would keep U+FFFD instead, a JSON column's check refuses the row (a 500).
 */
function malformedText(value: unknown, path: (string | number)[] = []): string | null {
  if (typeof value === 'string') return /\p{Cs}/u.test(value) ? path.join('.') : null
  if (Array.isArray(value) || (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)) {
    for (const [key, item] of Object.entries(value)) {
      const found = malformedText(item, [...path, key])
      if (found !== null) return found
    }
  }
  return null
}

function parse(schema: ZodType | undefined, value: unknown, where: 'body' | 'query' | 'params'): unknown {
  if (!schema) return undefined
  const result = schema.safeParse(value, { error: zhErrorMap })
  if (result.success) {
    const malformed = malformedText(result.data)
    if (malformed !== null) throw new AppError('VALIDATION_FAILED', { in: where, issues: [{ path: malformed, message: '含有无法识别的字符，请删除后重新输入' }] })
    return result.data
  }
  throw new AppError('VALIDATION_FAILED', {
    in: where,
    issues: result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  })
}

/** Query strings arrive as string | string[]; a repeated parameter is a client error, not a crash. */
function flatQuery(query: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) throw new AppError('VALIDATION_FAILED', { in: 'query', issues: [{ path: key, message: '参数重复' }] })
    if (value !== undefined) out[key] = value
  }
  return out
}

const IDEMPOTENCY_KEY = /^[\w.:-]{8,100}$/

function idempotencyKeyOf(ctx: Context): string {
  const key = ctx.get('idempotency-key')
  if (!key) throw new AppError('IDEMPOTENCY_KEY_REQUIRED')
  if (!IDEMPOTENCY_KEY.test(key)) throw new AppError('VALIDATION_FAILED', { in: 'headers', issues: [{ path: 'Idempotency-Key', message: '8–100 位字母、数字或 -_.:' }] })
  return key
}

/** The request body of an upload endpoint: its declared type, not encoded, at most `maxBytes`. */
async function uploadOf(ctx: Context, upload: NonNullable<Endpoint['upload']>): Promise<Buffer> {
  const types: readonly string[] = typeof upload.type === 'string' ? [upload.type] : upload.type
  if (!types.includes(ctx.get('content-type').split(';')[0].trim().toLowerCase())) {
    throw upload.label ? new AppError('UNSUPPORTED_FILE_TYPE', undefined, `文件类型不对，请上传${upload.label}`) : new AppError('UNSUPPORTED_FILE_TYPE')
  }
  const encoding = ctx.get('content-encoding').trim().toLowerCase()
  if (encoding && encoding !== 'identity') throw new AppError('UNSUPPORTED_CONTENT_ENCODING', undefined, '上传文件时请不要压缩（Content-Encoding）')
  const declared = Number(ctx.get('content-length'))
  if (declared > upload.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: upload.maxBytes }, `文件不能超过 ${Math.round(upload.maxBytes / 1024 / 1024)} MB`)
  try {
    return await getRawBody(ctx.req, { limit: upload.maxBytes, length: ctx.get('content-length') || undefined })
  } catch (error) {
    const { status, type } = error as { status?: number; type?: string }
    if (type === 'entity.too.large' || status === 413) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: upload.maxBytes }, `文件不能超过 ${Math.round(upload.maxBytes / 1024 / 1024)} MB`)
    if (typeof status === 'number' && status < 500) throw new AppError('MALFORMED_BODY', undefined, '文件没有传完整，请重新上传')
    throw error
  }
}

const routeName = (route: Route) => `${route.endpoint.method} ${route.endpoint.path}`

/**
 * The routes must implement the contract exactly: every entry once, nothing outside it.
 * Throws (so the app does not start) listing what is missing or doubled.
 */
export function assertImplementsContract(routes: Route[]): void {
  const implemented = new Map<Endpoint, number>()
  for (const route of routes) implemented.set(route.endpoint, (implemented.get(route.endpoint) ?? 0) + 1)
  const entries = contractEntries()
  const known = new Set(entries.map((entry) => entry.endpoint))
  const problems = [
    ...entries.filter((entry) => !implemented.has(entry.endpoint)).map((entry) => `not implemented: ${entry.name} (${entry.endpoint.method} ${entry.endpoint.path})`),
    ...entries.filter((entry) => (implemented.get(entry.endpoint) ?? 0) > 1).map((entry) => `implemented ${implemented.get(entry.endpoint)} times: ${entry.name}`),
    ...routes.filter((route) => !known.has(route.endpoint)).map((route) => `not in the contract: ${routeName(route)}`),
  ]
  if (problems.length) throw new Error(`The BFF's routes do not match the API contract in shared:\n  ${problems.join('\n  ')}`)
}

/**
 * The router takes the first route that matches, so `/visits/hosts` must be mounted before
 * `/visits/:id` (else "hosts" is read as an id), and `/room-bookings/:id.ics` before
 * `/room-bookings/:id`: routes are mounted in the order of their paths with each parameter sorted
 * after every literal.
 */
const PARAM_LAST = '\uffff'
// `:id.ics` before `:id` too: the end of a path sorts after everything, parameters included
const mountOrder = (route: Route) => `${route.endpoint.path.replace(/:\w+/g, PARAM_LAST)}${PARAM_LAST}${PARAM_LAST}`
const staticSegmentsFirst = (a: Route, b: Route) => (mountOrder(a) < mountOrder(b) ? -1 : mountOrder(a) > mountOrder(b) ? 1 : 0)

/** Mounts each route as its chain: auth → roles → Idempotency-Key → validate → handler (counted when guessable) → answer. */
export function mountRoutes(router: Router, routes: Route[], services: Services): void {
  assertImplementsContract(routes)
  for (const route of [...routes].sort(staticSegmentsFirst)) {
    const { endpoint } = route
    const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'
    router[method](endpoint.path, async (ctx: Context) => {
      const user = route.auth === 'none' ? null : await services.auth.authenticate(ctx.get('authorization'))
      if (route.auth === 'required' && !user) throw new AppError('AUTH_REQUIRED')
      if (route.roles && !route.roles.some((role) => user?.roles.includes(role))) throw new AppError('FORBIDDEN')
      ctx.state.user = user
      const idempotencyKey = endpoint.idempotent ? idempotencyKeyOf(ctx) : undefined
      const params = parse(endpoint.params, ctx.params, 'params')
      const query = parse(endpoint.query, flatQuery(ctx.query), 'query')
      const body = parse(endpoint.body, (ctx.request as { body?: unknown }).body ?? {}, 'body')
      const upload = endpoint.upload ? await uploadOf(ctx, endpoint.upload) : undefined
      const handle = () => route.handler({ body, query, params, user, idempotencyKey, upload, ctx, services } as RouteInput<Endpoint, AuthUser | null>)
      const result = route.guessable ? await services.guesses.lookUp({ ip: ctx.ip, userId: user?.id }, handle) : await handle()
      if (endpoint.file) return
      ctx.status = endpoint.status ?? 200
      if (ctx.status !== 204) ctx.body = result
    })
  }
}
