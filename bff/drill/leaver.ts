// A person who left must be out on every instance at once: each instance keeps signed-in users
// for 30 s, so the check signs the leaver in on both instances, warms both caches, has the admin
// deactivate them through nginx, and asks both instances straight away.
import type mysql from 'mysql2/promise'
import type { AuditLine } from './audit'
import { DrillClient } from './client'
import { sleep } from './processes'

/** How soon "at once" must be: each instance looks for ended sessions every 250 ms. */
const AT_ONCE_MS = 1000

export async function checkLeaverIsOut(pool: mysql.Pool, publicBaseUrl: string, upstreams: number[]): Promise<AuditLine> {
  const front = new DrillClient(publicBaseUrl)
  const direct = upstreams.map((port) => new DrillClient(`http://127.0.0.1:${port}`))
  const login = async (client: DrillClient, username: string) => {
    const answer = await client.once('登录', 'POST', '/api/v1/auth/dev-login', { body: { username } })
    if (!('status' in answer) || answer.status !== 200) throw new Error(`登录 ${username} 失败: ${JSON.stringify(answer)}`)
    return String(answer.body.token)
  }
  const admin = await login(front, 'admin')
  const [[centre]] = (await pool.query("SELECT id FROM units WHERE name = '市机关事务管理中心'")) as unknown as [{ id: number }[]]
  const mobile = `136${String(Date.now() % 1e8).padStart(8, '0')}`
  const created = await front.once('人员', 'POST', '/api/v1/admin/users', { token: admin, body: { name: '演练离岗人员', mobile, unitId: centre.id } })
  if (!('status' in created) || created.status !== 201) throw new Error(`新增人员失败: ${JSON.stringify(created)}`)
  const id = Number(created.body.id)
  await pool.query('UPDATE users SET username = ? WHERE id = ?', [`drill_leaver_${id}`, id])
  const tokens = await Promise.all(direct.map((client) => login(client, `drill_leaver_${id}`)))
  const me = (i: number) => direct[i].once('我的', 'GET', '/api/v1/me', { token: tokens[i] })
  const warm = await Promise.all(direct.map((_c, i) => me(i)))
  const problems: string[] = warm.flatMap((answer, i) => ('status' in answer && answer.status === 200 ? [] : [`实例 ${'AB'[i]} 停用前 /me: ${JSON.stringify(answer)}`]))

  const left = await front.once('人员', 'POST', `/api/v1/admin/users/${id}/deactivate`, { token: admin, body: { reason: '演练：离岗' } })
  if (!('status' in left) || left.status !== 200) problems.push(`停用失败: ${JSON.stringify(left)}`)
  const leftAt = Date.now()
  for (let i = 0; i < direct.length; i++) {
    let answer = await me(i)
    while ('status' in answer && answer.status === 200 && Date.now() - leftAt < AT_ONCE_MS) {
      await sleep(50)
      answer = await me(i)
    }
    if (!('status' in answer) || answer.status !== 401) problems.push(`实例 ${'AB'[i]} 在停用 ${Date.now() - leftAt} ms 后仍答 ${JSON.stringify(answer)}`)
  }
  return { name: `停用人员的令牌在两个实例上 ${AT_ONCE_MS / 1000} 秒内失效`, checked: direct.length, bad: problems.length, detail: problems }
}
