import http from 'node:http'
import net from 'node:net'
import { createApp } from './app'
import { connectDatabase } from './db/client'
import { schemaStatus } from './db/migrations'
import { loadEnv } from './env'
import { answerClientErrors } from './lib/client-errors'
import { createLogger } from './lib/logger'

async function main() {
  const env = loadEnv()
  const log = createLogger(env.LOG_LEVEL)
  const database = connectDatabase(env.DATABASE_URL, env.DATABASE_POOL_SIZE)

  const status = await schemaStatus(database)
  if (status !== 'current') {
    log.fatal({ status }, status === 'behind' ? '数据库结构不是最新，请先运行 pnpm db:migrate' : '数据库结构比本程序新，请升级程序')
    await database.close()
    process.exit(1)
  }

  const { app, services } = createApp({ env, database, log })
  const server = http.createServer(app.callback())
  answerClientErrors(server)
  server.keepAliveTimeout = 65_000
  server.listen(env.PORT, env.HOST, () => log.info({ port: env.PORT, publicBaseUrl: env.PUBLIC_BASE_URL }, 'e管家 BFF listening'))
  if (env.JOBS_ENABLED) services.jobs.start()
  // 驾驶舱: today's figures counted at once (the job then keeps them a minute fresh)
  services.cockpitRefresh.refreshToday().catch((error: unknown) => log.error({ err: error }, 'cockpit: first refresh failed'))

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down: finishing in-flight requests')
    // Stop taking connections (the load balancer's next connect is refused and goes to another
    // instance), end long polls, let in-flight requests finish, then close the pool. Not
    // http.Server#close: it also drops connections that were just accepted and whose request is
    // still arriving (a 502 at the proxy). Idle keep-alive connections are closed after a grace.
    services.stopping.abort()
    const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()))
    const idle = setTimeout(() => server.closeIdleConnections(), 3_000)
    const force = setTimeout(() => server.closeAllConnections(), 15_000)
    await Promise.all([closed, services.jobs.stop()])
    clearTimeout(idle)
    clearTimeout(force)
    await database.close()
    log.info('bye')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((error) => {
  console.error('启动失败:', error)
  process.exit(1)
})
