import type Router from '@koa/router'
import type { Context } from 'koa'
import type { Role } from '@egj/shared'
import { z, type ZodType } from 'zod'
import type { Services } from '../services'
import { AppError } from './errors'
import type { AuthUser } from './auth'

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

export interface RouteInput<B, Q, P> {
  body: B
  query: Q
  params: P
  user: AuthUser | null
  ctx: Context
  services: Services
}

/**
 * A route is a chain — auth, role policy, validate(schema), one service call, present —
 * declared once here so that the router, the OpenAPI document and the fuzz tests all read the
 * same definition.
 */
export interface RouteDef<B extends ZodType = ZodType, Q extends ZodType = ZodType, P extends ZodType = ZodType, R extends ZodType = ZodType> {
  method: Method
  /** Koa path, e.g. `/api/v1/notifications/:id/read` */
  path: string
  summary: string
  tag: string
  /** 'required' (default): 401 without a valid token; 'none': public */
  auth?: 'required' | 'optional' | 'none'
  /** any of these roles may call it */
  roles?: readonly Role[]
  body?: B
  query?: Q
  params?: P
  /** headers documented in OpenAPI (e.g. Idempotency-Key) */
  headers?: ZodType
  response: R
  /** success status, 200 by default */
  status?: number
  /** non-JSON responses (PNG, xlsx): the handler sets ctx.body itself and returns undefined */
  raw?: { contentType: string }
  handler: (input: RouteInput<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<z.infer<R> | undefined>
}

export function defineRoute<B extends ZodType = ZodType<undefined>, Q extends ZodType = ZodType<undefined>, P extends ZodType = ZodType<undefined>, R extends ZodType = ZodType>(
  def: RouteDef<B, Q, P, R>,
): RouteDef {
  return def as unknown as RouteDef
}

function parse<T extends ZodType>(schema: T | undefined, value: unknown, where: 'body' | 'query' | 'params'): z.infer<T> | undefined {
  if (!schema) return undefined
  const result = schema.safeParse(value)
  if (result.success) return result.data
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

export function mountRoutes(router: Router, routes: RouteDef[], services: Services): void {
  for (const route of routes) {
    router[route.method](route.path, async (ctx: Context) => {
      const auth = route.auth ?? 'required'
      const user = auth === 'none' ? null : await services.auth.authenticate(ctx.get('authorization'))
      if (auth === 'required' && !user) throw new AppError('AUTH_REQUIRED')
      if (route.roles && !route.roles.some((role) => user?.roles.includes(role))) throw new AppError('FORBIDDEN')
      ctx.state.user = user
      const params = parse(route.params, ctx.params, 'params')
      const query = parse(route.query, flatQuery(ctx.query), 'query')
      const body = parse(route.body, (ctx.request as { body?: unknown }).body ?? {}, 'body')
      const result = await route.handler({ body, query, params, user, ctx, services })
      if (route.raw) return
      ctx.status = route.status ?? 200
      if (ctx.status !== 204) ctx.body = result
    })
  }
}
