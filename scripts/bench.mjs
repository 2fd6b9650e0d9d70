// `npm run bench` / `pnpm bench`: prints the figures the issues ask for (see bff/bench/).
import path from 'node:path'
import { ensureDependencies, ensureMysqlServer, root, run, withDatabase } from './lib.mjs'

await ensureDependencies()
const server = await ensureMysqlServer()
await run(path.join(root, 'node_modules', '.bin', 'tsx'), ['bff/bench/run.ts'], { env: { DATABASE_URL: withDatabase(server, 'egj_bench') } })
