// The node:http ceiling of `pnpm bench` (see pairs.ts): a bare node:http server that runs a
// scenario's `work` — the same statements the BFF's request makes — and answers its result as JSON.
// POST /<file>/<export> with the scenario's input as the body. No framework, no middleware, no logging.
import http from 'node:http'
import { connectDatabase } from '../src/db/client'

const database = connectDatabase(process.env.DATABASE_URL!, Number(process.env.POOL_SIZE ?? 32))
type Work = (pool: typeof database.pool, input: unknown) => Promise<unknown>
const works = new Map<string, Work>()

function workFor(url: string): Work {
  let work = works.get(url)
  if (!work) {
    const [, file, name] = /^\/([\w-]+)\/(\w+)$/.exec(url) ?? []
    if (!file) throw new Error(`no work at ${url}`)
    work = (require(`./${file}`) as Record<string, Work>)[name]
    if (typeof work !== 'function') throw new Error(`no work at ${url}`)
    works.set(url, work)
  }
  return work
}

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.end('ok')
    return
  }
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    Promise.resolve()
      .then(() => workFor(req.url ?? '')(database.pool, JSON.parse(Buffer.concat(chunks).toString() || 'null')))
      .then((answer) => {
        const body = JSON.stringify(answer ?? {})
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
        res.end(body)
      })
      .catch((error: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(error.message)
      })
  })
})
server.keepAliveTimeout = 65_000
server.listen(Number(process.env.PORT), '127.0.0.1')
process.on('SIGTERM', () => {
  server.close()
  void database.close()
})
