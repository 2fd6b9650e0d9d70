import type { DevAccount, LoginResponse, WechatLoginResponse } from '@egj/shared'
import type { Db, DbOrTx } from '../../db/client'
import { isDuplicateKey, withTransaction } from '../../db/client'
import type { DingtalkClient } from '../../adapters/dingtalk'
import type { ZzdClient } from '../../adapters/zzd'
import type { WechatMiniProgramClient } from '../../adapters/wechat'
import { presentMe, type AuthUser } from '../../lib/auth'
import { randomToken, sha256Hex } from '../../lib/crypto'
import type { PiiVault } from '../../lib/pii'
import { AppError } from '../../lib/errors'
import * as repo from './auth.repo'

export interface AuthServiceDeps {
  db: Db
  wechat: WechatMiniProgramClient
  dingtalk: DingtalkClient
  /** null: 浙政钉 is not set up for this deployment */
  zzd: ZzdClient | null
  pii: PiiVault
  sessionTtlHours: number
  now?: () => Date
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,100})$/

/** How long a signed-in user is known without asking the database (role or unit changes take this long). */
const SESSION_CACHE_MS = 30_000
/** How stale this instance's view of logouts may get: a session logged out elsewhere is refused within this. */
const REVOCATION_BOUND_MS = 250
/** A new look at the logouts starts this long after the last one started: it has the rest of the bound to finish. */
const REVOCATION_POLL_MS = REVOCATION_BOUND_MS / 2
/** Looks go on this long after the last request, then stop until the next one. */
const KEEP_LOOKING_MS = 5_000
const SESSION_CACHE_MAX = 20_000

interface CachedSession {
  user: AuthUser
  sessionExpiresAt: number
  cachedUntil: number
  /** performance.now() when its database read started: a look that started later saw no more than it */
  readAt: number
}

export class AuthService {
  private readonly now: () => Date
  /**
   * Signed-in users by token hash, for SESSION_CACHE_MS: most requests need no database round
   * trip to authenticate. A logout on this instance drops its entry at once; logouts (and access
   * changes) on other instances are read from the database by a look every REVOCATION_POLL_MS
   * beside the requests: the cache answers only while the last finished look started less than
   * REVOCATION_BOUND_MS ago (see logoutsSeenRecently), else the request reads its session itself.
   */
  private readonly sessionCache = new Map<string, CachedSession>()
  private revocationsSeenUntil: Date | null = null
  /** performance.now() of the last look's start, of the start of the last that finished, and of the last request */
  private readonly revocationPoll: { startedAt: number; seenAt: number; askedAt: number; pending: Promise<void> | null } = { startedAt: -Infinity, seenAt: -Infinity, askedAt: -Infinity, pending: null }

  constructor(private readonly deps: AuthServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  /** The WeChat openid a user signed in with (JSAPI payments are made as that account), or null. */
  wechatOpenidOf(userId: number): Promise<string | null> {
    return repo.wechatOpenidOf(this.deps.db, userId)
  }

  /** null when no Authorization header; AUTH_INVALID_TOKEN when it is there but not a live session. */
  async authenticate(header: string | undefined): Promise<AuthUser | null> {
    if (!header) return null
    const match = BEARER.exec(header.trim())
    if (!match) throw new AppError('AUTH_INVALID_TOKEN')
    const tokenHash = sha256Hex(match[1])
    const nowMs = this.now().getTime()
    const seen = this.logoutsSeenRecently()
    const cached = (seen === true || (seen !== false && (await seen))) ? this.sessionCache.get(tokenHash) : undefined
    if (cached && cached.cachedUntil > nowMs && cached.sessionExpiresAt > nowMs) return cached.user
    this.sessionCache.delete(tokenHash)
    const readAt = performance.now()
    const row = await repo.findSessionUser(this.deps.db, tokenHash, this.now())
    if (!row || row.status !== 'active') throw new AppError('AUTH_INVALID_TOKEN')
    const user: AuthUser = { id: row.id, name: row.name, unit: row.unit, roles: row.roles, sessionId: row.sessionId }
    if (this.sessionCache.size >= SESSION_CACHE_MAX) this.sessionCache.delete(this.sessionCache.keys().next().value!)
    this.sessionCache.set(tokenHash, { user, sessionExpiresAt: row.expiresAt.getTime(), cachedUntil: nowMs + SESSION_CACHE_MS, readAt })
    return user
  }

  /**
   * Whether the cache may answer: the last finished look at the logouts started within
   * REVOCATION_BOUND_MS. Starts a look when one is due (one at a time) without waiting for it.
   * Only when the view is already older than the bound (the first request after a pause, or a
   * database slower than REVOCATION_POLL_MS) does a request wait for the look under way, at most
   * REVOCATION_BOUND_MS: on a loaded machine every such request reading its own session instead
   * made /me 2–4× slower.
   */
  private logoutsSeenRecently(): boolean | Promise<boolean> {
    const poll = this.revocationPoll
    poll.askedAt = performance.now()
    if (!poll.pending && poll.askedAt - poll.startedAt >= REVOCATION_POLL_MS) this.lookAtLogouts()
    if (poll.askedAt - poll.seenAt < REVOCATION_BOUND_MS) return true
    if (!poll.pending) return false
    return Promise.race([poll.pending, new Promise((resolve) => setTimeout(resolve, REVOCATION_BOUND_MS))]).then(() => performance.now() - poll.seenAt < REVOCATION_BOUND_MS)
  }

  /**
   * One look, and the next REVOCATION_POLL_MS after it started while requests keep coming (within
   * KEEP_LOOKING_MS), so the cache stays trusted between them; an idle instance stops looking, and
   * so does a failed look (the next request starts again).
   */
  private lookAtLogouts(): void {
    const poll = this.revocationPoll
    const startedAt = performance.now()
    poll.startedAt = startedAt
    poll.pending = this.readLogouts(startedAt).then(
      () => {
        poll.seenAt = startedAt
        poll.pending = null
        if (performance.now() - poll.askedAt > KEEP_LOOKING_MS) return
        const next = setTimeout(() => {
          if (!poll.pending && performance.now() - poll.startedAt >= REVOCATION_POLL_MS) this.lookAtLogouts()
        }, startedAt + REVOCATION_POLL_MS - performance.now())
        next.unref()
      },
      () => void (poll.pending = null), // the view goes stale: requests read their sessions from the database
    )
  }

  /**
   * Drops cached sessions logged out, and people whose access changed, anywhere since the last
   * look — those read before this look started (`lookStartedAt`): one read since knew already.
   */
  private async readLogouts(lookStartedAt: number): Promise<void> {
    const startedAt = this.now()
    // the first look covers the cache's whole lifetime; later ones overlap the last by a second (clocks of instances differ)
    const since = new Date((this.revocationsSeenUntil ?? new Date(startedAt.getTime() - SESSION_CACHE_MS)).getTime() - 1000)
    const [revoked, changed] = await Promise.all([repo.sessionsRevokedSince(this.deps.db, since), repo.usersChangedSince(this.deps.db, since)])
    for (const { id } of revoked) this.forgetSession(id, lookStartedAt)
    for (const userId of changed) this.forgetUser(userId, lookStartedAt)
    this.revocationsSeenUntil = startedAt
  }

  private async startSession(userId: number, channel: repo.SessionChannel): Promise<LoginResponse> {
    const user = await repo.findUser(this.deps.db, { id: userId })
    if (!user || user.status !== 'active') throw new AppError('AUTH_UNKNOWN_USER')
    const token = randomToken()
    const expiresAt = new Date(this.now().getTime() + this.deps.sessionTtlHours * 3600_000)
    await repo.insertSession(this.deps.db, { tokenHash: sha256Hex(token), userId, channel, expiresAt })
    return { token, user: presentMe({ ...user, sessionId: 0 }) }
  }

  async devLogin(username: string): Promise<LoginResponse> {
    const user = await repo.findUser(this.deps.db, { username })
    if (!user) throw new AppError('AUTH_UNKNOWN_USER', { username })
    return this.startSession(user.id, 'dev')
  }

  async devAccounts(): Promise<DevAccount[]> {
    const rows = await repo.listDevAccounts(this.deps.db)
    return rows.map((row) => ({ username: row.username, name: row.name, unitName: row.unit?.name ?? null, roles: row.roles }))
  }

  /** Staff bound to this openid → staff session; otherwise a visitor identity that may bind later. */
  async wechatLogin(code: string): Promise<WechatLoginResponse> {
    const { openid } = await this.deps.wechat.code2Session(code)
    const existing = await repo.findUser(this.deps.db, { wechatOpenid: openid })
    const userId = existing?.id ?? (await this.createVisitor(openid))
    const session = await this.startSession(userId, 'wechat')
    return { ...session, needsBinding: !session.user.unit }
  }

  private async createVisitor(openid: string): Promise<number> {
    try {
      return await withTransaction(this.deps.db, (tx) => repo.insertVisitor(tx, openid))
    } catch (error) {
      // Two first logins racing: the unique openid lets one insert; the other reads its row.
      const raced = isDuplicateKey(error) ? await repo.findUser(this.deps.db, { wechatOpenid: openid }) : null
      if (raced) return raced.id
      throw error
    }
  }

  /** Binds the signed-in WeChat identity to the staff record with WeChat's verified mobile number. */
  async wechatBind(user: AuthUser, phoneCode: string): Promise<LoginResponse> {
    const openid = await repo.wechatOpenidOf(this.deps.db, user.id)
    if (!openid) throw new AppError('FORBIDDEN', undefined, '请先使用微信登录后再绑定')
    const mobile = await this.deps.wechat.phoneNumber(phoneCode)
    const staff = await repo.findUser(this.deps.db, { mobileHash: this.deps.pii.blindIndex(mobile) })
    if (!staff || !staff.unit) throw new AppError('AUTH_BIND_NO_STAFF')
    if (staff.id !== user.id) {
      const staffOpenid = await repo.wechatOpenidOf(this.deps.db, staff.id)
      if (staffOpenid && staffOpenid !== openid) throw new AppError('AUTH_BIND_ALREADY')
      await withTransaction(this.deps.db, async (tx) => {
        await repo.bindOpenidToStaff(tx, user.id, staff.id, openid)
        await repo.revokeSession(tx, user.sessionId, this.now())
      })
      this.forgetSession(user.sessionId)
    }
    return this.startSession(staff.id, 'wechat')
  }

  async dingtalkLogin(authCode: string): Promise<LoginResponse> {
    const { userId } = await platformAnswer(this.deps.dingtalk.userIdByAuthCode(authCode))
    const staff = await repo.findUser(this.deps.db, { dingtalkUserId: userId })
    if (!staff) throw new AppError('AUTH_DINGTALK_NOT_BOUND')
    return this.startSession(staff.id, 'dingtalk')
  }

  /**
   * 浙政钉 free login: the code → the 浙政钉 user (adapters/zzd.ts; used, expired or another 租户's:
   * AUTH_ZZD_CODE_INVALID; no answer: AUTH_PLATFORM_UNAVAILABLE, and nobody is signed in) → the
   * staff record with that accountId, else the one with that employeeCode, which then keeps the
   * accountId (its 钉消息 go there). Nobody: AUTH_ZZD_NOT_BOUND, whose message sends them to their
   * 单位管理员. A disabled record signs nobody in.
   */
  async zzdLogin(authCode: string): Promise<LoginResponse> {
    if (!this.deps.zzd) throw new AppError('AUTH_PLATFORM_UNAVAILABLE', { zzd: 'not configured' }, '本系统尚未接入浙政钉，请使用其他方式登录')
    const zzdUser = await this.deps.zzd.userByAuthCode(authCode)
    let staff = await repo.findUser(this.deps.db, { zzdAccountId: zzdUser.accountId })
    if (!staff && zzdUser.employeeCode) {
      staff = await repo.findUser(this.deps.db, { zzdEmployeeCode: zzdUser.employeeCode })
      // remembered only where no accountId is on record yet (a different one is another person's binding, left to the admin)
      if (staff) await repo.rememberZzdAccountId(this.deps.db, staff.id, zzdUser.accountId)
    }
    if (!staff || !staff.unit) throw new AppError('AUTH_ZZD_NOT_BOUND')
    return this.startSession(staff.id, 'zzd')
  }

  async logout(user: AuthUser): Promise<void> {
    await repo.revokeSession(this.deps.db, user.sessionId, this.now())
    this.forgetSession(user.sessionId)
  }

  /**
   * Ends all of a person's sessions (they left): in the caller's transaction, so it happens with
   * the change that caused it. Call `forgetUser` after the commit; other instances drop theirs on
   * their next look at sessions.revoked_at (≤ REVOCATION_BOUND_MS), not after the 30 s cache.
   */
  endSessionsOf(tx: DbOrTx, userId: number, channel?: 'wechat'): Promise<number> {
    return repo.revokeSessionsOf(tx, userId, this.now(), channel)
  }

  /**
   * A person's roles, unit or status changed (in the caller's transaction): every instance drops
   * their cached sessions on its next look, so the next request sees the new roles. Many people at
   * once (an import) in one statement.
   */
  accessChanged(tx: DbOrTx, userId: number | number[]): Promise<void> {
    return repo.markAccessChanged(tx, userId, this.now())
  }

  /** Drops a person's cached sessions on this instance (after a commit that changed them), those read before `readBefore`. */
  forgetUser(userId: number, readBefore = Infinity): void {
    for (const [hash, entry] of this.sessionCache) if (entry.user.id === userId && entry.readAt < readBefore) this.sessionCache.delete(hash)
  }

  /** A revoked session leaves this instance's cache at once; other instances see it on their next look at sessions.revoked_at. */
  private forgetSession(sessionId: number, readBefore = Infinity): void {
    for (const [hash, entry] of this.sessionCache) if (entry.user.sessionId === sessionId && entry.readAt < readBefore) this.sessionCache.delete(hash)
  }
}

/** A platform that did not answer (timeout, 5xx): 503 and "try again", never a refusal. */
async function platformAnswer<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer
  } catch (error) {
    if (error instanceof AppError && error.code === 'UPSTREAM_UNAVAILABLE') throw new AppError('AUTH_PLATFORM_UNAVAILABLE', error.details)
    throw error
  }
}
