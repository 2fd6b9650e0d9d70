import {
  formatMoney,
  isValidMobile,
  normaliseMobile,
  ROLE_LABELS,
  type AdminUserDetail,
  type AdminUserList,
  type AdminUserQuery,
  type DeactivateResult,
  type Parsed,
  type Role,
  type RolesUpdate,
  type UserCreate,
  type UserUpdate,
} from '@egj/shared'
import { duplicateKeyName, withTransaction, type Db, type Tx } from '../../../db/client'
import { hasRole, type Actor, type AuthUser } from '../../../lib/auth'
import { AppError } from '../../../lib/errors'
import type { PiiVault } from '../../../lib/pii'
import type { AuditService } from '../../audit/audit.service'
import type { AuthService } from '../../auth/auth.service'
import type { NotificationService } from '../../notifications/notifications.service'
import * as staff from '../common/staff.repo'
import { writeStaff } from '../common/staff-writer'
import { grantableBy, mayChangePerson, seesPerson } from './people.policy'
import { presentPerson, presentPersonDetail } from './people.presenter'
import * as repo from './people.repo'

/** Someone who is leaving, as the modules that hand over their work see them. */
export interface Leaver {
  id: number
  name: string
  unitId: number | null
}

/** What one module handed over when someone left (pending approvals moved …); null: nothing. */
export interface Handover {
  kind: string
  count: number
  message: string
}

/** A module's part in letting someone go, run in the deactivation's transaction. */
export type LeaveHandler = (tx: Tx, leaver: Leaver) => Promise<Handover | null>

export interface PeopleServiceDeps {
  db: Db
  pii: PiiVault
  audit: AuditService
  auth: AuthService
  notifications: NotificationService
  /** the person's 饭卡 balance (null: no account) — read in the deactivation's transaction */
  mealBalanceOf: (tx: Tx, userId: number) => Promise<{ subsidyFen: number; personalFen: number } | null>
}

const PAGE = 50

/** The duplicate a unique index refused, as our code (two admins adding the same mobile at once). */
function duplicateOf(error: unknown): AppError | null {
  const key = duplicateKeyName(error)
  if (key === null) return null
  return new AppError(key.includes('dingtalk') || key.includes('zzd') ? 'ORG_DINGTALK_ID_TAKEN' : 'ORG_MOBILE_TAKEN')
}

/**
 * 人员与角色: find people, add and edit them, grant and take away roles, let people go and bring
 * them back, reset a WeChat binding. Admin acts on everyone; a 单位管理员 on their own unit's people,
 * and only with the roles inside a unit. Every change is in the audit log, in its own transaction.
 */
export class PeopleService {
  private readonly leaveHandlers: { kind: string; handler: LeaveHandler }[] = []

  constructor(private readonly deps: PeopleServiceDeps) {}

  /** A module that holds work for a person (a pending approval, a visit they host) hands it over when they leave. */
  onLeave(kind: string, handler: LeaveHandler): void {
    this.leaveHandlers.push({ kind, handler })
  }

  async list(user: AuthUser, query: Parsed<typeof AdminUserQuery>): Promise<AdminUserList> {
    const unitId = hasRole(user, 'admin') ? query.unitId : user.unit?.id
    // a 单位管理员 asking for another unit finds nobody, as for a unit without people
    if (!unitId && !hasRole(user, 'admin')) return { items: [], nextCursor: null }
    if (query.unitId && unitId !== query.unitId) return { items: [], nextCursor: null }
    const q = query.q?.trim()
    const mobile = q ? normaliseMobile(q) : ''
    const byMobile = isValidMobile(mobile)
    const rows = await repo.findPeople(
      this.deps.db,
      { name: q && !byMobile ? q : undefined, mobileHash: byMobile ? this.deps.pii.blindIndex(mobile) : undefined, unitId, role: query.role, status: query.status, afterId: query.cursor ? Number(query.cursor) : undefined },
      PAGE + 1,
    )
    const page = rows.slice(0, PAGE)
    return { items: page.map((row) => presentPerson(row, this.deps.pii)), nextCursor: rows.length > PAGE ? String(page[page.length - 1].id) : null }
  }

  async get(user: AuthUser, id: number): Promise<AdminUserDetail> {
    return this.detail(this.deps.db, user, await this.visible(this.deps.db, user, id))
  }

  async create(actor: Actor, input: Parsed<typeof UserCreate>): Promise<AdminUserDetail> {
    try {
      return await withTransaction(this.deps.db, async (tx) => {
        await this.checkUnit(tx, actor, input.unitId)
        this.checkGrant(actor, [], input.roles)
        if (input.roles.includes('cashier')) throw new AppError('ORG_CASHIER_NEEDS_MERCHANT', undefined, '食堂收银请在人员详情中授予，并选择所属商户')
        await this.checkFree(tx, null, input.mobile, input.dingtalkUserId || null, input.zzdAccountId || null)
        const [id] = await writeStaff(
          tx,
          this.deps,
          actor,
          [{ userId: null, name: input.name, mobile: input.mobile, unitId: input.unitId, position: input.position || null, dingtalkUserId: input.dingtalkUserId || null, zzdAccountId: input.zzdAccountId || null, roles: input.roles }],
          new Map(),
          '新增人员',
        )
        return this.detail(tx, actor, (await repo.personById(tx, id))!)
      })
    } catch (error) {
      throw duplicateOf(error) ?? error
    }
  }

  async update(actor: Actor, id: number, input: Parsed<typeof UserUpdate>): Promise<AdminUserDetail> {
    try {
      return await withTransaction(this.deps.db, async (tx) => {
        const person = await this.lockChangeable(tx, actor, id)
        if (input.unitId !== undefined && input.unitId !== person.unitId) await this.checkUnit(tx, actor, input.unitId)
        const dingtalkUserId = input.dingtalkUserId === undefined ? person.dingtalkUserId : input.dingtalkUserId || null
        const zzdAccountId = input.zzdAccountId === undefined ? undefined : input.zzdAccountId || null
        await this.checkFree(tx, id, input.mobile ?? null, dingtalkUserId !== person.dingtalkUserId ? dingtalkUserId : null, zzdAccountId && zzdAccountId !== person.record.zzdAccountId ? zzdAccountId : null)
        await writeStaff(
          tx,
          this.deps,
          actor,
          [
            {
              userId: id,
              name: input.name ?? person.name,
              mobile: input.mobile ?? null,
              unitId: input.unitId ?? person.unitId!,
              position: input.position === undefined ? person.position : input.position || null,
              dingtalkUserId,
              zzdAccountId,
              roles: null,
            },
          ],
          new Map([[id, person.record]]),
          input.reason ?? '修改人员信息',
        )
        return this.detail(tx, actor, (await repo.personById(tx, id))!)
      })
    } catch (error) {
      throw duplicateOf(error) ?? error
    }
  }

  /**
   * Sets a person's roles. Two admins at once: the person's row is locked, so one waits for the
   * other; both changes are in the audit log and the last one stands.
   */
  async setRoles(actor: Actor, id: number, input: Parsed<typeof RolesUpdate>): Promise<AdminUserDetail> {
    const detail = await withTransaction(this.deps.db, async (tx) => {
      const person = await this.lockChangeable(tx, actor, id)
      if (person.status !== 'active') throw new AppError('ORG_USER_INACTIVE')
      const roles = [...new Set(input.roles)] as Role[]
      this.checkGrant(actor, person.roles, roles)
      if (id === actor.id && person.roles.includes('admin') && !roles.includes('admin')) throw new AppError('ORG_NOT_YOURSELF')
      if (person.roles.includes('admin') && !roles.includes('admin') && (await staff.activeAdminCount(tx)) <= 1) throw new AppError('ORG_LAST_ADMIN')
      const merchantsBefore = await staff.merchantsOf(tx, id)
      let merchantsAfter = roles.includes('cashier') ? merchantsBefore : []
      if (roles.includes('cashier') && input.merchantId !== undefined) {
        if (!(await repo.merchantExists(tx, input.merchantId))) throw new AppError('NOT_FOUND', { merchantId: input.merchantId }, '商户不存在')
        merchantsAfter = [input.merchantId]
      }
      if (roles.includes('cashier') && !merchantsAfter.length) throw new AppError('ORG_CASHIER_NEEDS_MERCHANT')
      const label = (list: Role[]) => list.map((role) => ROLE_LABELS[role]).join('、')
      // the 留痕 shows what changed: the roles, and the canteens only when they changed too
      const merchantsChanged = String(merchantsBefore) !== String(merchantsAfter)
      const before = { roles: label(person.roles), ...(merchantsChanged ? { merchantIds: merchantsBefore } : {}) }
      const after = { roles: label(roles), ...(merchantsChanged ? { merchantIds: merchantsAfter } : {}) }
      await staff.replaceRoles(tx, id, roles)
      if (merchantsChanged) await staff.replaceMerchants(tx, id, merchantsAfter)
      await this.deps.auth.accessChanged(tx, id)
      await this.deps.audit.record(tx, actor, { action: 'user.roles', entity: 'user', entityId: id, before, after, reason: input.reason })
      return this.detail(tx, actor, (await repo.personById(tx, id))!)
    })
    this.deps.auth.forgetUser(id)
    return detail
  }

  /**
   * Lets someone go: the record stays (their history, their money), they cannot sign in, their
   * sessions end on every instance at once, their pending work moves to their unit's others, and
   * what is left on their 饭卡 is reported to settlement.
   */
  async deactivate(actor: Actor, id: number, reason: string): Promise<DeactivateResult> {
    const result = await withTransaction(this.deps.db, async (tx) => {
      const person = await this.lockChangeable(tx, actor, id)
      if (person.status !== 'active') throw new AppError('ORG_USER_INACTIVE')
      if (id === actor.id) throw new AppError('ORG_NOT_YOURSELF')
      if (person.roles.includes('admin') && (await staff.activeAdminCount(tx)) <= 1) throw new AppError('ORG_LAST_ADMIN')
      await repo.setStatus(tx, id, 'disabled')
      await this.deps.auth.accessChanged(tx, id)
      const sessionsEnded = await this.deps.auth.endSessionsOf(tx, id)
      const leaver: Leaver = { id, name: person.name, unitId: person.unitId }
      const handover: Handover[] = []
      for (const { handler } of this.leaveHandlers) {
        const report = await handler(tx, leaver)
        if (report) handover.push(report)
      }
      if (person.roles.includes('approver') && (await repo.othersWithRole(tx, 'approver', person.unitId, id)).length === 0)
        handover.push({ kind: 'approver', count: 0, message: '本单位已没有其他审批人：请尽快为本单位授予「单位审批人」，否则用车、会议室申请无人审批' })
      const mealBalance = await this.deps.mealBalanceOf(tx, id)
      if (mealBalance && mealBalance.subsidyFen + mealBalance.personalFen > 0) {
        // settlement hears of it now, in this transaction: the money is never silently left behind
        for (const clerk of await repo.othersWithRole(tx, 'settlement', null, id))
          await this.deps.notifications.notify(tx, clerk, {
            title: '离岗人员饭卡余额待结算',
            body: `${person.name}（${person.unitName ?? ''}）已停用，饭卡余额：补贴 ${formatMoney(mealBalance.subsidyFen)}，个人 ${formatMoney(mealBalance.personalFen)}。请按规定结算或退还。`,
          })
      }
      await this.deps.audit.record(tx, actor, {
        action: 'user.deactivate',
        entity: 'user',
        entityId: id,
        before: { status: '在岗' },
        after: { status: '已停用', sessionsEnded, ...(mealBalance ? { mealSubsidy: formatMoney(mealBalance.subsidyFen), mealPersonal: formatMoney(mealBalance.personalFen) } : {}), handover: handover.map((h) => h.message) },
        reason,
      })
      return { user: await this.detail(tx, actor, (await repo.personById(tx, id))!), sessionsEnded, handover, mealBalance }
    })
    this.deps.auth.forgetUser(id)
    return result
  }

  async reactivate(actor: Actor, id: number, reason: string): Promise<AdminUserDetail> {
    return withTransaction(this.deps.db, async (tx) => {
      const person = await this.lockChangeable(tx, actor, id)
      if (person.status === 'active') throw new AppError('ORG_USER_ACTIVE')
      await repo.setStatus(tx, id, 'active')
      await this.deps.auth.accessChanged(tx, id)
      await this.deps.audit.record(tx, actor, { action: 'user.reactivate', entity: 'user', entityId: id, before: { status: '已停用' }, after: { status: '在岗' }, reason })
      return this.detail(tx, actor, (await repo.personById(tx, id))!)
    })
  }

  /** Unbinds the WeChat account (a new phone, a new WeChat ID): its sessions end; the person binds again with their mobile. */
  async resetWechat(actor: Actor, id: number): Promise<AdminUserDetail> {
    const detail = await withTransaction(this.deps.db, async (tx) => {
      const person = await this.lockChangeable(tx, actor, id)
      if (!person.wechatBound) throw new AppError('ORG_NO_WECHAT_BINDING')
      await repo.clearWechat(tx, id)
      const sessionsEnded = await this.deps.auth.endSessionsOf(tx, id, 'wechat')
      await this.deps.audit.record(tx, actor, { action: 'user.reset_wechat', entity: 'user', entityId: id, before: { wechat: '已绑定' }, after: { wechat: '未绑定', sessionsEnded } })
      return this.detail(tx, actor, (await repo.personById(tx, id))!)
    })
    this.deps.auth.forgetUser(id)
    return detail
  }

  /** The person if the user may see them; 404 as for a missing id otherwise. */
  private async visible(db: Db | Tx, user: AuthUser, id: number) {
    const person = await repo.personById(db, id)
    if (!person || !seesPerson(user, person)) throw new AppError('NOT_FOUND')
    return person
  }

  /** Locks the person's row, then checks the actor may change them. */
  private async lockChangeable(tx: Tx, actor: Actor, id: number) {
    const record = await staff.lockStaff(tx, id)
    if (!record) throw new AppError('NOT_FOUND')
    const person = await this.visible(tx, actor, id)
    if (!mayChangePerson(actor, person)) throw new AppError('ORG_ROLE_ABOVE_OWN', undefined, '该人员拥有高于您权限的角色，请联系管理员处理')
    return { ...person, record }
  }

  private async detail(db: Db | Tx, user: AuthUser, person: repo.PersonRow): Promise<AdminUserDetail> {
    return presentPersonDetail(person, this.deps.pii, await staff.merchantsOf(db, person.id), { change: mayChangePerson(user, person), grantable: grantableBy(user) })
  }

  /** Every role added or taken away must be one the actor may grant. */
  private checkGrant(actor: AuthUser, before: readonly Role[], after: readonly Role[]) {
    const grantable = grantableBy(actor)
    const changed = [...after.filter((role) => !before.includes(role)), ...before.filter((role) => !after.includes(role))]
    if (changed.some((role) => !grantable.includes(role))) throw new AppError('ORG_ROLE_ABOVE_OWN')
  }

  /** The unit exists, is active and is one the actor may put people in (a 单位管理员: their own; else 404 as for a missing unit). */
  private async checkUnit(tx: Tx, actor: AuthUser, unitId: number) {
    if (!hasRole(actor, 'admin') && actor.unit?.id !== unitId) throw new AppError('NOT_FOUND', { unitId }, '单位不存在')
    const unit = await staff.unitById(tx, unitId)
    if (!unit) throw new AppError('NOT_FOUND', { unitId }, '单位不存在')
    if (!unit.active) throw new AppError('ORG_UNIT_INACTIVE')
  }

  /** The mobile and userId are nobody else's (the unique indexes refuse a race too). */
  private async checkFree(tx: Tx, self: number | null, mobile: string | null, dingtalkUserId: string | null, zzdAccountId: string | null = null) {
    if (mobile) {
      const holder = await repo.idOfMobile(tx, this.deps.pii.blindIndex(mobile))
      if (holder !== null && holder !== self) throw new AppError('ORG_MOBILE_TAKEN')
    }
    if (dingtalkUserId) {
      const holder = await repo.idOfDingtalkUser(tx, dingtalkUserId)
      if (holder !== null && holder !== self) throw new AppError('ORG_DINGTALK_ID_TAKEN')
    }
    if (zzdAccountId) {
      const holder = await repo.idOfZzdAccount(tx, zzdAccountId)
      if (holder !== null && holder !== self) throw new AppError('ORG_DINGTALK_ID_TAKEN')
    }
  }
}
