import { AppError } from '../lib/errors'
import type { Db } from '../db/client'
import { fetchJson, SharedToken, type TokenSealer } from './http-json'

interface DingtalkResult {
  errcode: number
  errmsg: string
  /** the v2 `topapi` answers errcode 88 with the old code here (e.g. 88 + "40014": the token is not valid) */
  sub_code?: string
}

export interface DingtalkConfig {
  /** the old server API, oapi.dingtalk.com (user info, work notices, 通讯录) */
  apiBase: string
  /** the current API, api.dingtalk.com: the access token comes from its /v1.0/oauth2/accessToken */
  apiV1Base: string
  appKey: string
  appSecret: string
  agentId: string
  /**
   * Waits before each retry of a read that DingTalk refused for its rate limit (its quotas count
   * per second, so the first waits are a fraction of a second and the last ones outlast a window).
   */
  rateLimitRetryMs?: readonly number[]
  /** directory reads in flight at once (DingTalk's standard edition allows 20 calls a second per app and API) */
  directoryConcurrency?: number
  /** where every BFF instance shares the access token (platform_tokens); unset: this instance alone */
  db?: Db
  sealer?: TokenSealer
  /** ms before a sign-in call counts as unanswered */
  timeoutMs?: number
}

/** A department of the DingTalk / 浙政钉 address book. The root is dept 1 (the organisation itself). */
export interface DingtalkDepartment {
  deptId: number
  name: string
  /** null for the root */
  parentId: number | null
}

/** A person of the address book, once however many departments they belong to. */
export interface DingtalkDirectoryUser {
  userId: string
  name: string
  /** as DingTalk gives it (may carry +86 or dashes); null when hidden or not granted */
  mobile: string | null
  /** 职位 */
  title: string | null
  /** every department they are in, in DingTalk's order */
  deptIds: number[]
}

export interface DingtalkDirectory {
  departments: DingtalkDepartment[]
  users: DingtalkDirectoryUser[]
}

/**
 * Token refused: 40014 (not valid), 42001 (expired); the v2 APIs wrap them as errcode 88 with the
 * old code in `sub_code`. The cached token is dropped and the call made once more with a new one.
 */
const TOKEN_REJECTED = new Set([40014, 42001])
const tokenRejected = (result: DingtalkResult) => TOKEN_REJECTED.has(result.errcode) || (result.errcode === 88 && TOKEN_REJECTED.has(Number(result.sub_code)))

/**
 * Over a rate limit (https://help.dingtalk.io/open/development/call-frequency-limit; the codes as
 * quoted at https://developer.aliyun.com/ask/491711): 90002 — every app on DingTalk over the API's
 * global ceiling; 90019 — a third-party app over 40 calls/s for one API and organisation; 90018 —
 * the same for an internal app (20 calls/s on the standard edition; not in the pages we could
 * read, taken from DingTalk's 主动调用频率限制 table); -1 — 系统繁忙. All mean "nothing was done,
 * ask again later", which for a read is always safe.
 */
const RATE_LIMITED = new Set([90018, 90019, 90002, -1])
const DEFAULT_RATE_LIMIT_RETRY_MS = [250, 500, 1000, 2000, 4000] as const
/** The root department of every DingTalk organisation. */
const ROOT_DEPT = 1
/** `size` of /topapi/v2/user/list: DingTalk refuses more than 100. */
const USER_PAGE = 100
/** Guards against a directory that never ends (a cursor that does not move, a cycle). */
const MAX_DEPARTMENTS = 50_000
const MAX_PAGES_PER_DEPT = 5_000

/**
 * DingTalk internal-app server API (oapi.dingtalk.com): free-login code → user id, work notices.
 * 浙政钉 runs the same H5 app; its gateway (different signing) would be another adapter behind
 * the same interface. Tests and the demo point `apiBase` at simulators/dingtalk.ts.
 */
export class DingtalkClient {
  private readonly accessToken: SharedToken

  constructor(private readonly config: DingtalkConfig) {
    const v1Base = config.apiV1Base
    this.accessToken = new SharedToken({
      name: `dingtalk:${v1Base}:${config.appKey}`,
      db: config.db,
      sealer: config.sealer,
      // 获取企业内部应用的accessToken (https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app):
      // POST /v1.0/oauth2/accessToken {appKey, appSecret} → 200 {accessToken, expireIn} (seconds, 7200);
      // refused: 4xx {code, message, requestid}. The old GET oapi /gettoken is no longer used.
      fetchToken: async () => {
        const result = await fetchJson<{ accessToken?: string; expireIn?: number; code?: string; message?: string }>(`${v1Base}/v1.0/oauth2/accessToken`, {
          method: 'POST',
          body: { appKey: config.appKey, appSecret: config.appSecret },
        })
        if (!result.accessToken) throw new AppError('UPSTREAM_UNAVAILABLE', { dingtalk: result.code ?? 'no accessToken', errmsg: result.message })
        return { token: result.accessToken, expiresInSeconds: result.expireIn ?? 7200 }
      },
    })
  }

  private async withToken<T extends DingtalkResult>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken.get()
    const first = await call(token)
    if (!tokenRejected(first)) return first
    await this.accessToken.invalidate(token)
    return call(await this.accessToken.get())
  }

  /** Free-login auth code → DingTalk user id. 40078: the code is unknown, used or expired. */
  async userIdByAuthCode(authCode: string): Promise<{ userId: string; name?: string }> {
    const result = await this.withToken((token) =>
      // one attempt: a code is single use, and a retry after a lost answer would be refused as used
      fetchJson<DingtalkResult & { result?: { userid: string; name?: string } }>(`${this.config.apiBase}/topapi/v2/user/getuserinfo?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        body: { code: authCode },
        attempts: 1,
        timeoutMs: this.config.timeoutMs,
      }),
    )
    if (result.errcode === 40078) throw new AppError('AUTH_DINGTALK_CODE_INVALID', { dingtalk: result.errcode })
    if (result.errcode !== 0 || !result.result) throw new AppError('UPSTREAM_UNAVAILABLE', { dingtalk: result.errcode, errmsg: result.errmsg })
    return { userId: result.result.userid, name: result.result.name }
  }

  /** 工作通知 to one user; `msg` is DingTalk's message JSON (channels.ts builds it, the same for 浙政钉). */
  async sendWorkNotice(notice: { userId: string; msg: unknown }): Promise<void> {
    const result = await this.withToken((token) =>
      fetchJson<DingtalkResult & { task_id?: number }>(`${this.config.apiBase}/topapi/message/corpconversation/asyncsend_v2?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        body: { agent_id: this.config.agentId, userid_list: notice.userId, msg: notice.msg },
      }),
    )
    if (result.errcode !== 0) throw new Error(`dingtalk work notice failed: ${result.errcode} ${result.errmsg}`)
  }

  // ---------- 通讯录 (read only) ----------

  /**
   * Reads the whole address book: the department tree from dept 1 down (its name from
   * /topapi/v2/department/get, api-136641516 of the mirror above) and every department's people. Read-only, so every refusal that means "not now" is retried: a timeout or 5xx
   * (fetchJson, with backoff), a stale token (once, with a new one), a rate limit (with growing
   * waits). What stays refused throws an AppError whose message says in Chinese what to do.
   */
  async readDirectory(): Promise<DingtalkDirectory> {
    const root = await this.directoryCall<{ result?: { dept_id: number; name: string } }>('/topapi/v2/department/get', { dept_id: ROOT_DEPT, language: 'zh_CN' })
    const departments = new Map<number, DingtalkDepartment>([[ROOT_DEPT, { deptId: ROOT_DEPT, name: root.result?.name ?? '', parentId: null }]])
    const users = new Map<string, DingtalkDirectoryUser>()
    const visit = async (deptId: number) => {
      for (const sub of await this.subDepartments(deptId)) {
        if (departments.has(sub.deptId)) continue
        if (departments.size >= MAX_DEPARTMENTS) throw new AppError('UPSTREAM_REJECTED', { departments: departments.size }, `钉钉通讯录的部门超过 ${MAX_DEPARTMENTS} 个，无法一次同步`)
        departments.set(sub.deptId, sub)
        pending.push(sub.deptId)
      }
      for await (const user of this.departmentUsers(deptId)) {
        const known = users.get(user.userId)
        if (known) known.deptIds.push(...user.deptIds.filter((id) => !known.deptIds.includes(id)))
        else users.set(user.userId, user)
      }
    }
    const pending = [ROOT_DEPT]
    await inParallel(pending, visit, this.config.directoryConcurrency ?? 4)
    return { departments: [...departments.values()], users: [...users.values()] }
  }

  /**
   * POST /topapi/v2/department/listsub {dept_id}: the direct sub-departments, `result: [{dept_id, name, parent_id}]`
   * (获取部门列表; mirrored at https://apifox.com/apidoc/shared/f9b55f1e-e990-49ad-ad32-4243d72b3245/api-136641517).
   */
  private async subDepartments(deptId: number): Promise<DingtalkDepartment[]> {
    const answer = await this.directoryCall<{ result?: { dept_id: number; name: string; parent_id: number }[] }>('/topapi/v2/department/listsub', { dept_id: deptId, language: 'zh_CN' })
    return (answer.result ?? []).filter((dept) => dept.dept_id !== deptId).map((dept) => ({ deptId: dept.dept_id, name: dept.name, parentId: dept.parent_id ?? deptId }))
  }

  /**
   * POST /topapi/v2/user/list {dept_id, cursor, size ≤ 100}: one department's own people (not its
   * sub-departments'), page by page while `has_more`, each page from the last one's `next_cursor`
   * (获取部门用户详情: `result: {has_more, next_cursor, list: [{userid, name, mobile, title, dept_id_list, …}]}`;
   * mirrored at https://apifox.com/apidoc/shared/f9b55f1e-e990-49ad-ad32-4243d72b3245/api-136641505).
   */
  private async *departmentUsers(deptId: number): AsyncGenerator<DingtalkDirectoryUser> {
    let cursor = 0
    for (let page = 0; page < MAX_PAGES_PER_DEPT; page++) {
      const answer = await this.directoryCall<{
        result?: { has_more: boolean; next_cursor?: number; list: { userid: string; name: string; mobile?: string; title?: string; dept_id_list?: number[] }[] }
      }>('/topapi/v2/user/list', { dept_id: deptId, cursor, size: USER_PAGE, order_field: 'custom', contain_access_limit: false, language: 'zh_CN' })
      const result = answer.result
      for (const user of result?.list ?? [])
        yield { userId: user.userid, name: user.name, mobile: user.mobile?.trim() || null, title: user.title?.trim() || null, deptIds: user.dept_id_list?.length ? [...user.dept_id_list] : [deptId] }
      if (!result?.has_more) return
      if (typeof result.next_cursor !== 'number' || result.next_cursor <= cursor) throw new AppError('UPSTREAM_REJECTED', { deptId, cursor }, '钉钉返回的分页游标无效，同步已停止，请稍后再试')
      cursor = result.next_cursor
    }
    throw new AppError('UPSTREAM_REJECTED', { deptId }, '钉钉某个部门的人员分页过多，同步已停止')
  }

  /** One directory read: token (refreshed once if refused), rate-limit retries, and every failure in Chinese. */
  private async directoryCall<T>(path: string, body: Record<string, unknown>): Promise<DingtalkResult & T> {
    const waits = this.config.rateLimitRetryMs ?? DEFAULT_RATE_LIMIT_RETRY_MS
    for (let attempt = 0; ; attempt++) {
      let result: DingtalkResult & T
      try {
        result = await this.withToken((token) => fetchJson<DingtalkResult & T>(`${this.config.apiBase}${path}?access_token=${encodeURIComponent(token)}`, { method: 'POST', body }))
      } catch (error) {
        throw directoryFailure(error)
      }
      if (result.errcode === 0) return result
      if (RATE_LIMITED.has(result.errcode) || isThrottlePage(result)) {
        if (attempt < waits.length) {
          await sleep(waits[attempt] * (1 + Math.random() * 0.2))
          continue
        }
        throw new AppError('UPSTREAM_UNAVAILABLE', { dingtalk: result.errcode, path }, '钉钉接口调用过于频繁，多次等待重试后仍被限流，请稍后再同步')
      }
      if (tokenRejected(result)) throw new AppError('UPSTREAM_REJECTED', { dingtalk: result.errcode, path }, '钉钉不接受本系统的 access_token，请检查钉钉应用的 AppKey/AppSecret')
      if (result.errcode === 60011 || result.errcode === 50004 || result.errcode === 60020)
        throw new AppError('UPSTREAM_REJECTED', { dingtalk: result.errcode, path }, '钉钉应用没有读取通讯录的权限，请在钉钉开发者后台为应用开通“通讯录部门/成员读权限”')
      throw new AppError('UPSTREAM_REJECTED', { dingtalk: result.errcode, path }, `钉钉拒绝了通讯录读取（错误码 ${result.errcode}：${String(result.errmsg ?? '').slice(0, 60)}）`)
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** DingTalk's per-address limit answers with its gateway's page, not an errcode: `{"status":1111,"wait":5,"punish":"deny",…}`. */
const isThrottlePage = (result: object) => (result as { errcode?: unknown }).errcode === undefined && (result as { status?: unknown }).status === 1111

/** The token could not be had, or DingTalk could not be reached: say which, in Chinese. */
function directoryFailure(error: unknown): AppError {
  if (!(error instanceof AppError)) return new AppError('UPSTREAM_UNAVAILABLE', { cause: String(error) }, '无法连接钉钉服务器，请稍后再同步')
  const details = error.details as { dingtalk?: number; errmsg?: string; cause?: string } | undefined
  if (details?.dingtalk !== undefined) return new AppError('UPSTREAM_REJECTED', details, `钉钉拒绝签发 access_token（错误码 ${details.dingtalk}），请检查钉钉应用的 AppKey/AppSecret`)
  return new AppError('UPSTREAM_UNAVAILABLE', details, '无法连接钉钉服务器（超时或网络错误），请稍后再同步')
}

/**
 * Runs `work` over a queue that grows while it runs (a tree walk), at most `limit` at once. The
 * first failure stops new work; what is in flight is waited for before it is thrown, so nothing
 * runs on after the caller has moved on.
 */
async function inParallel<T>(queue: T[], work: (item: T) => Promise<void>, limit: number): Promise<void> {
  const running = new Set<Promise<void>>()
  let failure: { error: unknown } | null = null
  while (!failure && (queue.length || running.size)) {
    while (!failure && queue.length && running.size < limit) {
      const task: Promise<void> = work(queue.shift()!)
        .catch((error: unknown) => {
          failure ??= { error }
        })
        .finally(() => running.delete(task))
      running.add(task)
    }
    if (running.size) await Promise.race(running)
  }
  await Promise.all(running)
  if (failure) throw (failure as { error: unknown }).error
}
