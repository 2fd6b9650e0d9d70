import http from 'node:http'
import type Koa from 'koa'

/** Starts a simulator app on a port (0 = any free one) and returns its base URL. */
export async function listen(app: Koa, port = 0, host = '127.0.0.1'): Promise<{ url: string; server: http.Server; close: () => Promise<void> }> {
  const server = http.createServer(app.callback())
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  const address = server.address() as { port: number }
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
