import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi'
import { ERRORS } from '@egj/shared'
import { z } from 'zod'
import type { RouteDef } from './http'

const ErrorBody = z.object({
  error: z.object({ code: z.enum(Object.keys(ERRORS) as [string, ...string[]]), message: z.string(), details: z.unknown().optional() }),
})

/** The OpenAPI document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(routes: RouteDef[]) {
  const registry = new OpenAPIRegistry()
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })
  for (const route of routes) {
    const errorResponse = { description: '错误（code 稳定，message 为中文）', content: { 'application/json': { schema: ErrorBody } } }
    registry.registerPath({
      method: route.method,
      path: route.path.replace(/:(\w+)/g, '{$1}'),
      summary: route.summary,
      tags: [route.tag],
      security: (route.auth ?? 'required') === 'none' ? [] : [{ bearer: [] }],
      request: {
        params: route.params as never,
        query: route.query as never,
        headers: route.headers as never,
        body: route.body ? { content: { 'application/json': { schema: route.body } } } : undefined,
      },
      responses: {
        [route.status ?? 200]:
          route.status === 204 ? { description: '成功，无内容' }
          : route.raw ? { description: route.raw.contentType, content: { [route.raw.contentType]: { schema: { type: 'string', format: 'binary' } } } }
          : { description: 'OK', content: { 'application/json': { schema: route.response } } },
        '4XX': errorResponse,
      },
    })
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'e管家 BFF API', version: '1.0.0', description: '机关事务管理 e管家 小程序后端接口。金额单位为分（Fen），时间为 UTC ISO 8601。' },
  })
}
