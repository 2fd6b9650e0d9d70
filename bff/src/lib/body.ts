import type { Middleware } from 'koa'
import { bodyParser } from '@koa/bodyparser'
import { AppError } from './errors'

type BodyParserOptions = NonNullable<Parameters<typeof bodyParser>[0]>

/** What reading the body threw → our code. Only for errors of the parser, never of the routes after it. */
function bodyError(error: unknown): unknown {
  const { status, message } = error as { status?: number; message?: string }
  // inflation: an encoding it does not know (Content-Encoding: bogus)
  if (status === 415 && /Content-Encoding/i.test(message ?? '')) return new AppError('UNSUPPORTED_CONTENT_ENCODING')
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE')
  // co-body: JSON.parse refused it (a SyntaxError it tagged 400)
  if (error instanceof SyntaxError) return new AppError('MALFORMED_JSON')
  // raw-body's own client errors (aborted, length mismatch…): the error handler maps their status
  if (typeof status === 'number' && status < 500) return error
  // zlib: "gzip" or "deflate" announced, something else sent (Z_DATA_ERROR, Z_BUF_ERROR…)
  return new AppError('MALFORMED_BODY')
}

/**
 * @koa/bodyparser for JSON, with its failures told apart: a body we cannot read is the client's
 * 4xx (415 for an unknown Content-Encoding, 400 for one that does not match the bytes), not a 500.
 */
export function jsonBody(options: BodyParserOptions): Middleware {
  const parse = bodyParser(options)
  return async (ctx, next) => {
    let parsed = false
    try {
      await parse(ctx, () => {
        parsed = true
        return next()
      })
    } catch (error) {
      throw parsed ? error : bodyError(error)
    }
  }
}
