import { createHash } from 'node:crypto'
import type { Scenario, WorkPool } from './pairs'

export interface MeInput {
  token: string
  tokenHash: string
}

/** GET /api/v1/me: the session's person, unit and roles. */
export function meScenario(token: string): Scenario<MeInput> {
  const input = { token, tokenHash: createHash('sha256').update(token).digest('hex') }
  return {
    name: '/me',
    route: 'GET /api/v1/me',
    input: () => input,
    request: (me) => ({ path: '/api/v1/me', headers: { authorization: `Bearer ${me.token}` } }),
    work: { file: 'me', name: 'meWork', fn: meWork },
  }
}

/** The BFF's session look-up (session → person, unit, roles in one statement), answered as the BFF's /me shape. */
export async function meWork(pool: WorkPool, input: MeInput): Promise<unknown> {
  const [rows] = await pool.execute(
    `SELECT s.id, s.expires_at, u.id AS user_id, u.username, u.name, u.status, u.unit_id, un.name AS unit_name, GROUP_CONCAT(r.role) AS roles
     FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN units un ON un.id = u.unit_id LEFT JOIN user_roles r ON r.user_id = u.id
     WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? GROUP BY s.id`,
    [input.tokenHash, new Date()],
  )
  const row = (rows as { user_id: number; username: string; name: string; unit_id: number; unit_name: string; roles: string }[])[0]
  if (!row) throw new Error('session not found')
  return { id: row.user_id, username: row.username, name: row.name, unit: { id: row.unit_id, name: row.unit_name }, roles: row.roles.split(',') }
}
