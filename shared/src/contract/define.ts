import type { z, ZodType } from 'zod'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * One endpoint of the BFF, declared once: the BFF implements it (auth, roles, handler), the
 * mini-app's client calls it, and /openapi.json describes it — all from this object.
 */
export interface Endpoint {
  method: HttpMethod
  /** Koa-style path, e.g. `/api/v1/meal/payments/:id` */
  path: `/api/v1/${string}`
  /** one line, in Chinese, for /docs */
  summary: string
  /** OpenAPI tag: the domain or feature */
  tag: string
  params?: ZodType
  query?: ZodType
  body?: ZodType
  /** JSON response; omitted for file responses */
  response?: ZodType
  /** a file instead of JSON: its content type (PNG, xlsx, an HTML page) */
  file?: string
  /**
   * the request body is a file of this content type (or one of these), not JSON, at most
   * `maxBytes`: the handler gets it as `upload`; `label` names the kind of file in the 415's
   * Chinese message (default: an Excel workbook)
   */
  upload?: { type: string | readonly string[]; maxBytes: number; label?: string }
  /** success status; 200 unless said */
  status?: 200 | 201 | 204
  /** creates money movement or a booking: an `Idempotency-Key` header is required */
  idempotent?: true
}

/** Declares an endpoint, keeping its literal types for the client and the BFF. */
export function endpoint<const E extends Endpoint>(definition: E): E {
  return definition
}

type In<E, K extends 'params' | 'query' | 'body'> = E extends { [P in K]: infer S extends ZodType } ? z.input<S> : undefined

/** What a caller sends (before defaults and coercion). */
export type EndpointParams<E extends Endpoint> = In<E, 'params'>
export type EndpointQuery<E extends Endpoint> = In<E, 'query'>
export type EndpointBody<E extends Endpoint> = In<E, 'body'>
/** What the BFF answers (after its schema's transforms). */
export type EndpointResponse<E extends Endpoint> = E extends { response: infer R extends ZodType } ? z.output<R> : E extends { file: string } ? ArrayBuffer : undefined
/** What the BFF's handler receives (after defaults and coercion). */
export type EndpointParsed<E extends Endpoint, K extends 'params' | 'query' | 'body'> = E extends { [P in K]: infer S extends ZodType } ? z.output<S> : undefined

/** A domain's endpoints, by name. */
export type Contract = Record<string, Endpoint>

/** The request headers an idempotent endpoint documents. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key'

/** A request schema's value after parsing: what a BFF service receives (defaults filled in). */
export type Parsed<S extends ZodType> = z.output<S>
