/**
 * Test databases: one per jest worker (`egj_test_<worker>`), created and migrated once by the
 * global setup, on the server in DATABASE_URL (default: the local MariaDB as root).
 */
export const TEST_SERVER_URL = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/egj_test'

export function testDatabaseUrl(worker: string | number = process.env.JEST_WORKER_ID ?? '1'): string {
  const url = new URL(TEST_SERVER_URL)
  url.pathname = `/egj_test_${worker}`
  return url.toString()
}
