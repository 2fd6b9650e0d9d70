import { maskMobile, Mobile, normaliseMobile, type DirectoryApplyResult, type DirectoryDiff, type DirectorySyncState } from '@egj/shared'
import type { DingtalkDirectory, DingtalkDirectoryUser } from '../../../adapters/dingtalk'
import { isDuplicateKey, withTransaction, type Database, type DbOrTx } from '../../../db/client'
import { AppError } from '../../../lib/errors'
import type { Logger } from '../../../lib/logger'
import type { PiiVault } from '../../../lib/pii'
import type { AuditActor, AuditService } from '../../audit/audit.service'
import type { AuthService } from '../../auth/auth.service'
import { writeStaff, type StaffChange } from '../common/staff-writer'
import * as staffRepo from '../common/staff.repo'
import { emptyDiff, presentDiff, storedDiff, type StoredDiff, type StoredPerson } from './directory.presenter'
import * as repo from './directory.repo'

/** Where the address book comes from: the DingTalk adapter (or, in tests and the demo, its simulator behind it). */
export interface DirectorySource {
  readDirectory(): Promise<DingtalkDirectory>
}

export interface DirectoryServiceDeps {
  /** the pool as well as drizzle: a run is claimed under a named lock held on one connection */
  database: Database
  pii: PiiVault
  audit: AuditService
  auth: AuthService
  dingtalk: DirectorySource
  log: Logger
  now?: () => Date
}

/** The reason on every audit row an apply writes. */
const REASON = '通讯录同步'
/** A run still `running` after this long was cut off (its instance died): the next claim fails it. */
const STALE_RUN_MS = 30 * 60_000
const STALE_ERROR = '同步中断（服务重启或超时），请重新同步'

/**
 * What DingTalk sends is text someone typed there: control characters (and U+0085, U+2028/9, which
 * end a line too) become spaces, as `singleLine()` would refuse them from a form; cut to the column.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL = /[\x00-\x1f\x7f\x85\u2028\u2029]/g
const clean = (text: string | null | undefined, max: number) => (text ?? '').replace(CONTROL, ' ').trim().slice(0, max)

/**
 * 通讯录同步 (浙政钉 / 钉钉 → e管家): a run reads the whole address book and stores what differs —
 * people to add, people whose name, unit, 部门/职务, mobile or userId differ, people with a
 * userId who are no longer there, and those left out with the reason — without touching anyone.
 * The admin applies the latest run: adds and updates exactly those people, in one transaction
 * with their audit rows. Nobody is ever deleted or deactivated by a sync: who is gone is listed.
 */
export class DirectoryService {
  constructor(private readonly deps: DirectoryServiceDeps) {}

  private get db() {
    return this.deps.database.db
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date()
  }

  async last(): Promise<DirectorySyncState> {
    const row = await repo.latestRun(this.db)
    return { last: row ? presentDiff(row) : null }
  }

  /**
   * Reads the directory now and stores the diff (`actor` null: the nightly job). Another run in
   * progress → 409. What DingTalk refuses, or a read that cannot finish, fails the run with the
   * reason in Chinese on it; the run is answered either way (never a 500 for DingTalk's sake).
   */
  async run(actor: AuditActor | null): Promise<DirectoryDiff> {
    const id = await repo.claimRun(this.deps.database, actor?.id ?? null, new Date(this.now().getTime() - STALE_RUN_MS), STALE_ERROR)
    if (id === null) throw new AppError('DIRECTORY_SYNC_RUNNING')
    let outcome: { status: 'ready' | 'failed'; error: string | null; diff: Record<string, unknown> | null }
    try {
      const directory = await this.deps.dingtalk.readDirectory()
      if (!directory.users.length) throw new AppError('UPSTREAM_REJECTED', undefined, '钉钉通讯录中没有读到任何人员，请确认钉钉应用的通讯录权限范围')
      outcome = { status: 'ready', error: null, diff: { ...(await this.compare(this.db, directory)) } }
    } catch (error) {
      if (error instanceof AppError) this.deps.log.warn({ syncId: id, code: error.code, details: error.details, err: error.message }, 'directory sync failed')
      else this.deps.log.error({ syncId: id, err: error }, 'directory sync failed')
      outcome = { status: 'failed', error: (error instanceof AppError ? error.message : '同步失败：读取或比对通讯录时出错，请稍后再试').slice(0, 200), diff: null }
    }
    await repo.finishRun(this.db, id, outcome)
    return presentDiff((await repo.runById(this.db, id))!)
  }

  /** The nightly job: a run, unless an admin's is going on. */
  async scheduledRun(): Promise<void> {
    try {
      await this.run(null)
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'DIRECTORY_SYNC_RUNNING')) throw error
    }
  }

  /**
   * Applies run `id` — only the latest run, and only once (else 409 DIRECTORY_SYNC_STALE): creates
   * the added people (机关干部), updates the changed ones, each with its audit row, in one
   * transaction. Whoever has changed since the run so that their line no longer fits (the mobile
   * or userId now someone else's, the person deactivated, the unit closed) is left out and listed
   * under `skipped`. Nobody is deleted; `gone` stays a list.
   */
  async apply(actor: AuditActor, id: number): Promise<DirectoryApplyResult> {
    const { pii } = this.deps
    try {
      return await withTransaction(this.db, async (tx) => {
        const latest = await repo.lockLatestRun(tx)
        if (!latest || latest.id !== id || latest.status !== 'ready') throw new AppError('DIRECTORY_SYNC_STALE')
        const diff = storedDiff(latest)
        const activeUnits = new Set((await staffRepo.allUnits(tx)).filter((unit) => unit.active).map((unit) => unit.id))
        const late: DirectoryDiff['skipped'] = []
        const leaveOut = (entry: StoredPerson, reason: string) => late.push({ dingtalkUserId: entry.dingtalkUserId, name: entry.name, reason: `应用时未处理：${reason}` })

        // who holds the mobiles and userIds now (a person created or edited since the run)
        const mobileOf = (entry: StoredPerson) => (entry.mobileSealed ? pii.open(entry.mobileSealed) : null)
        const entries = [...diff.added, ...diff.changed]
        const mobiles = new Map(entries.map((entry) => [entry, mobileOf(entry)]))
        const holders = await staffRepo.staffMatching(
          tx,
          [...mobiles.values()].filter((mobile): mobile is string => !!mobile).map((mobile) => pii.blindIndex(mobile)),
          entries.map((entry) => entry.dingtalkUserId),
        )
        const heldBy = (entry: StoredPerson, self: number | null) => {
          const mobile = mobiles.get(entry)
          const hash = mobile ? pii.blindIndex(mobile) : null
          return holders.find((holder) => holder.id !== self && ((hash && holder.mobileHash === hash) || holder.dingtalkUserId === entry.dingtalkUserId))
        }

        const changes: StaffChange[] = []
        const current = new Map<number, staffRepo.StaffRecord>()
        for (const entry of diff.changed) {
          const record = await staffRepo.lockStaff(tx, entry.userId)
          const other = heldBy(entry, entry.userId)
          if (!record) leaveOut(entry, '该人员记录已不存在')
          else if (record.status !== 'active') leaveOut(entry, '该人员已停用')
          else if (entry.unitId === null || !activeUnits.has(entry.unitId)) leaveOut(entry, '单位已停用')
          else if (other) leaveOut(entry, `手机号或 userId 已被「${other.name}」使用`)
          else {
            current.set(record.id, record)
            changes.push({ userId: record.id, name: entry.name, mobile: mobiles.get(entry) ?? null, unitId: entry.unitId, position: entry.position, dingtalkUserId: entry.dingtalkUserId, roles: null })
          }
        }
        let created = 0
        for (const entry of diff.added) {
          const mobile = mobiles.get(entry)
          const other = heldBy(entry, null)
          if (!mobile) leaveOut(entry, '没有手机号')
          else if (entry.unitId === null || !activeUnits.has(entry.unitId)) leaveOut(entry, '单位已停用')
          else if (other) leaveOut(entry, `手机号或 userId 已被「${other.name}」使用`)
          else {
            created++
            changes.push({ userId: null, name: entry.name, mobile, unitId: entry.unitId, position: entry.position, dingtalkUserId: entry.dingtalkUserId, roles: null })
          }
        }
        await writeStaff(tx, { pii, audit: this.deps.audit, auth: this.deps.auth }, actor, changes, current, REASON)

        const applied: StoredDiff = { ...diff, skipped: [...diff.skipped, ...late] }
        await repo.markApplied(tx, id, actor.id, this.now(), { ...applied })
        return { created, updated: changes.length - created, diff: presentDiff((await repo.runById(tx, id))!) }
      })
    } catch (error) {
      // a mobile or userId taken between our check and the insert (an import at that moment): nothing was written
      if (isDuplicateKey(error)) throw new AppError('DIRECTORY_SYNC_STALE')
      throw error
    }
  }

  /** Matches the directory against the people on record: by userId, then by mobile (its blind index). */
  private async compare(db: DbOrTx, directory: DingtalkDirectory): Promise<StoredDiff> {
    const { pii } = this.deps
    const diff = emptyDiff()
    const unitOf = this.unitResolver(directory, await staffRepo.allUnits(db))
    const mobileOf = (user: DingtalkDirectoryUser) => {
      if (!user.mobile) return null
      const parsed = Mobile.safeParse(normaliseMobile(user.mobile))
      return parsed.success ? parsed.data : null
    }
    const mobiles = new Map(directory.users.map((user) => [user.userId, mobileOf(user)]))
    const hashes = new Map([...mobiles].filter(([, mobile]) => mobile).map(([userId, mobile]) => [userId, pii.blindIndex(mobile!)]))
    const records = await staffRepo.staffMatching(db, [...hashes.values()], directory.users.map((user) => user.userId))
    const byUserId = new Map(records.filter((record) => record.dingtalkUserId).map((record) => [record.dingtalkUserId!, record]))
    const byMobile = new Map(records.filter((record) => record.mobileHash).map((record) => [record.mobileHash!, record]))
    const matched = new Set<number>()
    const mobilesTaken = new Set<string>()
    const users = [...directory.users].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))

    for (const user of users) {
      const name = clean(user.name, 64)
      const skip = (reason: string) => diff.skipped.push({ dingtalkUserId: user.userId, name: name || user.userId, reason })
      const mobile = mobiles.get(user.userId) ?? null
      const hash = hashes.get(user.userId) ?? null
      let record = byUserId.get(user.userId)
      if (!record && hash) {
        record = byMobile.get(hash)
        if (record?.dingtalkUserId) {
          skip(`手机号与已有人员「${record.name}」相同，但其 userId 为 ${record.dingtalkUserId}，请人工核对`)
          continue
        }
      }
      const { unit, reason } = unitOf(user, record?.unitId ?? null)
      if (!unit) {
        skip(reason!)
        continue
      }
      if (!name) {
        skip('通讯录中没有姓名')
        continue
      }
      if (!record && !mobile) {
        skip(user.mobile ? '通讯录中的手机号不是 11 位中国大陆手机号，无法新建' : '通讯录中没有手机号（或未授权读取），无法匹配或新建')
        continue
      }
      if (hash && mobilesTaken.has(hash)) {
        skip('手机号与通讯录中另一人相同，请人工核对')
        continue
      }
      const position = clean(user.title, 64) || null
      const person: StoredPerson = {
        dingtalkUserId: user.userId,
        name,
        mobileMasked: mobile ? maskMobile(mobile) : null,
        departmentName: clean(directory.departments.find((dept) => dept.deptId === unit.deptId)?.name, 100) || null,
        unitId: unit.id,
        position,
        mobileSealed: null,
      }
      if (!record) {
        if (hash) mobilesTaken.add(hash)
        diff.added.push({ ...person, mobileSealed: pii.seal(mobile!) })
        continue
      }
      if (matched.has(record.id)) {
        skip(`与通讯录中另一人匹配到同一人员「${record.name}」，请人工核对`)
        continue
      }
      if (record.status !== 'active') {
        skip(`「${record.name}」已停用；如已返岗，请先在人员页面重新启用`)
        continue
      }
      const mobileHolder = hash && hash !== record.mobileHash ? byMobile.get(hash) : undefined
      if (mobileHolder && mobileHolder.id !== record.id) {
        skip(`通讯录中的手机号已被「${mobileHolder.name}」使用，请人工核对`)
        continue
      }
      matched.add(record.id)
      if (hash) mobilesTaken.add(hash)
      const changes = [
        name !== record.name && '姓名',
        unit.id !== record.unitId && '单位',
        position !== record.position && '部门/职务',
        !!hash && hash !== record.mobileHash && '手机号',
        record.dingtalkUserId !== user.userId && 'userId',
      ].filter((change): change is string => !!change)
      if (changes.length) diff.changed.push({ ...person, userId: record.id, changes, mobileSealed: changes.includes('手机号') ? pii.seal(mobile!) : null })
    }

    const present = new Set(directory.users.map((user) => user.userId))
    const unitNames = new Map((await staffRepo.allUnits(db)).map((unit) => [unit.id, unit.name]))
    diff.gone = (await staffRepo.staffWithDingtalkId(db))
      .filter((record) => record.status === 'active' && !present.has(record.dingtalkUserId!) && !matched.has(record.id))
      .sort((a, b) => a.id - b.id)
      .map((record) => ({ userId: record.id, name: record.name, unitName: record.unitId ? (unitNames.get(record.unitId) ?? null) : null, dingtalkUserId: record.dingtalkUserId! }))
    return diff
  }

  /**
   * A department belongs to the unit of its own name or short name, else to its nearest ancestor's
   * (a unit's 科室 are departments under it). A person in several departments: the unit they are
   * in now if one of them is it (no flip-flopping), else the first that resolves.
   */
  private unitResolver(directory: DingtalkDirectory, units: staffRepo.UnitRef[]) {
    const byName = new Map(units.map((unit) => [unit.name, unit]))
    const byShort = new Map<string, staffRepo.UnitRef[]>()
    for (const unit of units) if (unit.shortName) byShort.set(unit.shortName, [...(byShort.get(unit.shortName) ?? []), unit])
    const departments = new Map(directory.departments.map((dept) => [dept.deptId, dept]))
    const cache = new Map<number, { unit: staffRepo.UnitRef; deptId: number } | null>()
    const resolve = (deptId: number) => {
      if (cache.has(deptId)) return cache.get(deptId)!
      let found: { unit: staffRepo.UnitRef; deptId: number } | null = null
      for (let dept = departments.get(deptId), hops = 0; dept && hops < 100; dept = dept.parentId === null ? undefined : departments.get(dept.parentId), hops++) {
        const name = dept.name.trim()
        const shorts = byShort.get(name)
        const unit = byName.get(name) ?? (shorts?.length === 1 ? shorts[0] : undefined)
        if (unit) {
          found = { unit, deptId }
          break
        }
      }
      cache.set(deptId, found)
      return found
    }
    return (user: DingtalkDirectoryUser, currentUnitId: number | null): { unit: (staffRepo.UnitRef & { deptId: number }) | null; reason: string | null } => {
      const resolved = user.deptIds.map(resolve).filter((found): found is { unit: staffRepo.UnitRef; deptId: number } => !!found)
      const active = resolved.filter((found) => found.unit.active)
      const chosen = active.find((found) => found.unit.id === currentUnitId) ?? active[0]
      if (chosen) return { unit: { ...chosen.unit, deptId: chosen.deptId }, reason: null }
      if (resolved.length) return { unit: null, reason: `所在部门对应的单位「${resolved[0].unit.name}」已停用` }
      const deptName = clean(departments.get(user.deptIds[0])?.name, 100)
      return { unit: null, reason: deptName ? `部门「${deptName}」没有同名（或同简称）的在用单位` : '不在任何部门中，无法确定单位' }
    }
  }
}
