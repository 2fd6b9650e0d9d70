/**
 * Test databases: one per jest worker (`<name>_<worker>`, the name from DATABASE_URL, so two
 * checkouts can test on one server), created and migrated once by the global setup.
 */
export const TEST_SERVER_URL = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/egj_test'

export function testDatabaseUrl(worker: string | number = process.env.JEST_WORKER_ID ?? '1'): string {
  const url = new URL(TEST_SERVER_URL)
  url.pathname = `/${url.pathname.slice(1) || 'egj_test'}_${worker}`
  return url.toString()
}
