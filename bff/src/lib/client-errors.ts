import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { ERRORS, type ErrorCode } from '@egj/shared'

/**
 * Requests Node's HTTP parser refuses before Koa sees them (headers over its 16 KB limit, a broken
 * request line) still get our error shape with a Chinese message, not Node's empty 400/431.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // the client went away, or a response has begun on this connection: nothing to answer
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
      socket.destroy()
      return
    }
    const code: ErrorCode = error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'MALFORMED_JSON'
    const { status, message } = ERRORS[code]
    const body = JSON.stringify({ error: { code, message: code === 'MALFORMED_JSON' ? '请求格式错误（HTTP 请求行或请求头无法解析）' : message } })
    const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  })
}
