// `pnpm drill`: the fault drill (bff/drill/run.ts) — two BFF instances behind nginx on a MariaDB of
// its own, mixed load, kill -9 / database restart / rolling restart, then the audit. The instances
// run the compiled build (bff/dist, built first when stale), as production does. Installs
// Debian's nginx and mariadb-server when missing (as root). DRILL_SECONDS sets the load's length.
import path from 'node:path'
import { ensureBffBuilt, ensureDebianBinary, ensureDependencies, log, root, run } from './lib.mjs'

await ensureDependencies()
await ensureBffBuilt()
const nginx = await ensureDebianBinary(['nginx'], 'nginx')
const mariadbd = await ensureDebianBinary(['mariadbd', 'mysqld'], 'mariadb-server')
const installer = await ensureDebianBinary(['mariadb-install-db', 'mysql_install_db'], 'mariadb-server')
log(`故障演练：nginx ${nginx}，MariaDB ${mariadbd}`)
try {
  await run(process.execPath, ['--import', 'tsx', path.join(root, 'bff', 'drill', 'run.ts')], {
    cwd: path.join(root, 'bff'),
    env: { DRILL_NGINX: nginx, DRILL_MARIADBD: mariadbd, DRILL_MARIADB_INSTALL_DB: installer },
  })
} catch {
  process.exit(1)
}
