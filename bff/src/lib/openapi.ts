import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi'
import { ERRORS, type Endpoint } from '@egj/shared'
import { z } from 'zod'
import type { Route } from './http'

const ErrorBody = z.object({
  error: z.object({ code: z.enum(Object.keys(ERRORS) as [string, ...string[]]), message: z.string(), details: z.unknown().optional() }),
})

/** The OpenAPI document, generated from the same zod schemas the routes validate with. */
/** An upload's body: the file itself, in any of its declared types. */
function uploadBody(upload: NonNullable<Endpoint['upload']>) {
  const types: readonly string[] = typeof upload.type === 'string' ? [upload.type] : upload.type
  const content = Object.fromEntries(types.map((type) => [type, { schema: { type: 'string' as const, format: 'binary' } }]))
  return { description: `文件本身作为请求体（Content-Type: ${types.join(' 或 ')}），不超过 ${Math.round(upload.maxBytes / 1024 / 1024)} MB`, required: true, content }
}

const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(8).max(100).describe('每次提交一个新值；网络失败重试时沿用同一个，返回第一次的结果') })

/** The OpenAPI document of the implemented contract: its schemas, plus who may call each route. */
export function buildOpenApi(routes: Route[]) {
  const registry = new OpenAPIRegistry()
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })
  for (const { endpoint, auth, roles, guessable } of routes) {
    const errorResponse = { description: '错误（code 稳定，message 为中文）', content: { 'application/json': { schema: ErrorBody } } }
    registry.registerPath({
      method: endpoint.method.toLowerCase() as 'get',
      path: endpoint.path.replace(/:(\w+)/g, '{$1}'),
      summary: endpoint.summary,
      description: `${auth === 'none' ? '公开接口' : roles ? `角色：${roles.join('、')}` : '需登录'}${guessable ? '；查找失败（错误的编号、码或令牌）过多时按客户端限流：429 RATE_LIMITED + Retry-After' : ''}`,
      tags: [endpoint.tag],
      security: auth === 'none' ? [] : [{ bearer: [] }],
      request: {
        params: endpoint.params as never,
        query: endpoint.query as never,
        headers: endpoint.idempotent ? IdempotencyHeaders : undefined,
        body:
          endpoint.upload ? uploadBody(endpoint.upload)
          : endpoint.body ? { content: { 'application/json': { schema: endpoint.body } } }
          : undefined,
      },
      responses: {
        [endpoint.status ?? 200]:
          endpoint.status === 204 ? { description: '成功，无内容' }
          : endpoint.file ? { description: endpoint.file, content: { [endpoint.file]: { schema: { type: 'string', format: 'binary' } } } }
          : { description: 'OK', content: { 'application/json': { schema: endpoint.response! } } },
        '4XX': errorResponse,
      },
    })
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'e管家 BFF API', version: '1.0.0', description: '机关事务管理 e管家 小程序后端接口。金额单位为分（Fen），时间为 UTC ISO 8601。' },
    // relative: the API is served by the host that serves this document, whatever its address
    servers: [{ url: '/', description: '提供本文档的 BFF' }],
  })
}
