import { randomBytes } from 'node:crypto'
import type { HostList, HostSearchQuery, Parsed, TodoItem, Visit, VisitCreate, VisitCreated, VisitList, VisitorProfile, VisitPii, WalkInCreate } from '@egj/shared'
import { inShanghai, PAGES, pageUrl, shanghaiDate, shanghaiDayStart } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { hasRole } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { JobRunner } from '../../../lib/jobs'
import type { Logger } from '../../../lib/logger'
import type { PiiVault } from '../../../lib/pii'
import type { NotificationService } from '../../notifications/notifications.service'
import { canViewPii, canViewVisit, CANCELLABLE, isDecider, isHost, isVisitor } from '../common/visit.policy'
import { presentVisit } from '../common/visit.presenter'
import * as rows from '../common/visit-row.repo'
import { assertNotBlocked, checkDistinctPeople, checkWindow, formatWindow, sealCompanions, sealIdNumber, sealMobile } from '../common/visit-rules'
import { presentHosts, presentProfile } from './bookings.presenter'
import * as repo from './bookings.repo'

const HOST_SEARCH_LIMIT = 10
const PURGE_BATCH = 200

export interface VisitServiceDeps {
  db: Db
  pii: PiiVault
  notifications: NotificationService
  log: Logger
  /** VISIT_ESCALATE_AFTER_MINUTES */
  escalateAfterMinutes: number
  /** VISIT_PII_RETENTION_DAYS */
  retentionDays: number
  now?: () => Date
}

/** 访客预约: booking, the host's decision (escalated when nobody answers), walk-ins, personal data and its purge. */
export class VisitService {
  private readonly now: () => Date
  constructor(private readonly deps: VisitServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  /** The scheduled work of visits: escalation every minute, the retention purge every hour. */
  registerJobs(jobs: Pick<JobRunner, 'register'>): void {
    jobs.register('visits.escalate', 60_000, () => this.escalateDue())
    jobs.register('visits.purge-pii', 3_600_000, () => this.purgeExpired())
  }

  /** A visitor books a visit; the host is asked to approve it. */
  async create(user: AuthUser, input: Parsed<typeof VisitCreate>, idempotencyKey: string): Promise<Parsed<typeof VisitCreated>> {
    const now = this.now()
    const request = { userId: user.id, scope: 'visits.create', key: idempotencyKey, body: input }
    const work = async (tx: Tx) => {
      checkWindow(input.startAt, input.endAt, now)
      const host = await rows.findActiveStaff(tx, input.hostId)
      if (!host) throw new AppError('VISIT_HOST_NOT_FOUND')
      checkDistinctPeople(input.idNumber, input.companions)
      await assertNotBlocked(tx, this.deps.pii, [input.idNumber, ...input.companions.map((c) => c.idNumber)], 'VISIT_NOT_ACCEPTED')
      const id = await this.insert(tx, {
        ...input,
        status: 'pending',
        source: 'self',
        visitorUserId: user.id,
        createdByUserId: user.id,
        host,
        now,
      })
      await this.deps.notifications.notify(tx, host.id, {
        title: '访客预约待审批',
        body: `${input.visitorName}${input.company ? `（${input.company}）` : ''}预约 ${formatWindow(input.startAt, input.endAt)} 来访，事由：${input.purpose}`,
        link: pageUrl(PAGES.visitDetail, { id }),
      })
      return { id, response: { id, status: 'pending' as const } }
    }
    return (await idempotent(this.deps.db, request, { work })).response
  }

  /** The guard registers someone at the gate: pending until the host approves; a blocked ID is said plainly to the guard. */
  async walkIn(user: AuthUser, input: Parsed<typeof WalkInCreate>, idempotencyKey: string): Promise<Visit> {
    const now = this.now()
    // a walk-in is for today: from now to the end of the Asia/Shanghai day
    const endAt = new Date(shanghaiDayStart(shanghaiDate(now)).getTime() + 86_400_000)
    const request = { userId: user.id, scope: 'visits.walk-in', key: idempotencyKey, body: input }
    const work = async (tx: Tx) => {
      const host = await rows.findActiveStaff(tx, input.hostId)
      if (!host) throw new AppError('VISIT_HOST_NOT_FOUND')
      checkDistinctPeople(input.idNumber, input.companions)
      await assertNotBlocked(tx, this.deps.pii, [input.idNumber, ...input.companions.map((c) => c.idNumber)], 'VISIT_BLOCKED')
      const id = await this.insert(tx, { ...input, startAt: now, endAt, status: 'pending', source: 'walk_in', visitorUserId: null, createdByUserId: user.id, host, now })
      await this.deps.notifications.notify(tx, host.id, {
        title: '访客到访，待您审批',
        body: `${input.visitorName}${input.company ? `（${input.company}）` : ''}现在在门岗，要来见您，事由：${input.purpose}。请尽快审批。`,
        link: pageUrl(PAGES.visitDetail, { id }),
      })
      return { id }
    }
    const present = async (id: number) => presentVisit((await rows.findVisitView(this.deps.db, id))!, user)
    return (await idempotent(this.deps.db, request, { work, present })).response
  }

  private async insert(
    tx: Tx,
    v: Pick<Parsed<typeof VisitCreate>, 'visitorName' | 'mobile' | 'idType' | 'idNumber' | 'company' | 'purpose' | 'startAt' | 'endAt' | 'companions' | 'plateNo'> & {
      status: 'pending'
      source: 'self' | 'walk_in'
      visitorUserId: number | null
      createdByUserId: number
      host: { id: number; unitId: number }
      now: Date
    },
  ): Promise<number> {
    const { pii } = this.deps
    const id = await rows.insertVisit(tx, {
      status: v.status,
      source: v.source,
      visitorUserId: v.visitorUserId,
      visitorName: v.visitorName,
      ...sealMobile(pii, v.mobile),
      idType: v.idType,
      ...sealIdNumber(pii, v.idNumber),
      company: v.company || null,
      purpose: v.purpose,
      hostUserId: v.host.id,
      hostUnitId: v.host.unitId,
      startAt: v.startAt,
      endAt: v.endAt,
      plateNo: v.plateNo ?? null,
      createdByUserId: v.createdByUserId,
      // our clock, not the database's: escalation counts from here
      createdAt: v.now,
    })
    await rows.insertCompanions(tx, id, sealCompanions(pii, v.companions))
    return id
  }

  async list(user: AuthUser, as: 'visitor' | 'host', cursor: string | undefined, limit: number): Promise<VisitList> {
    const approverUnitId = hasRole(user, 'approver') ? (user.unit?.id ?? null) : null
    const views = await repo.listVisits(this.deps.db, { as, userId: user.id, approverUnitId }, cursor ? Number(cursor) : undefined, limit + 1)
    const page = views.slice(0, limit)
    return { items: page.map((view) => presentVisit(view, user)), nextCursor: views.length > limit ? String(page[page.length - 1].visit.id) : null }
  }

  async hosts(query: Parsed<typeof HostSearchQuery>): Promise<HostList> {
    return presentHosts(await repo.searchHosts(this.deps.db, query.unitId, query.q, HOST_SEARCH_LIMIT))
  }

  async profile(user: AuthUser): Promise<Parsed<typeof VisitorProfile>> {
    return presentProfile(await repo.recentDetailsOf(this.deps.db, user.id, 50))
  }

  async get(user: AuthUser, id: number): Promise<Visit> {
    const view = await rows.findVisitView(this.deps.db, id)
    // someone else's visit is as "not found" as a missing one
    if (!view || !canViewVisit(user, view.visit)) throw notFound('来访')
    return presentVisit(view, user)
  }

  async approve(user: AuthUser, id: number): Promise<Visit> {
    return this.decide(user, id, { approve: true })
  }

  async reject(user: AuthUser, id: number, reason: string): Promise<Visit> {
    return this.decide(user, id, { approve: false, reason })
  }

  /** The first answer wins: the row is locked, and only a pending visit can be answered. */
  private async decide(user: AuthUser, id: number, decision: { approve: true } | { approve: false; reason: string }): Promise<Visit> {
    const now = this.now()
    await withTransaction(this.deps.db, async (tx) => {
      const visit = await rows.lockVisit(tx, id)
      if (!visit || !canViewVisit(user, visit)) throw notFound('来访')
      if (!isDecider(user, visit)) throw new AppError('VISIT_NOT_DECIDER')
      if (visit.status !== 'pending') throw new AppError('VISIT_NOT_PENDING')
      if (decision.approve && visit.endAt.getTime() <= now.getTime()) throw new AppError('VISIT_WINDOW_PAST', undefined, '这次来访的时间已过，不能再同意')
      const common = { decidedByUserId: user.id, decidedAt: now }
      if (decision.approve) await rows.updateVisit(tx, id, { ...common, status: 'approved', passNonce: randomBytes(16).toString('hex') })
      else await rows.updateVisit(tx, id, { ...common, status: 'rejected', rejectReason: decision.reason })
      const when = formatWindow(visit.startAt, visit.endAt)
      const message = decision.approve
        ? { title: '来访已通过', body: `${user.name}已同意您 ${when} 的来访，到访时请出示通行码。`, link: pageUrl(PAGES.visitDetail, { id }) }
        : { title: '来访未通过', body: `您 ${when} 的来访未获同意，原因：${decision.reason}`, link: pageUrl(PAGES.visitDetail, { id }) }
      if (visit.visitorUserId) await this.deps.notifications.notify(tx, visit.visitorUserId, message)
      // a walk-in's guard waits at the gate for this answer
      if (visit.source === 'walk_in' && visit.createdByUserId && visit.createdByUserId !== user.id) {
        await this.deps.notifications.notify(tx, visit.createdByUserId, {
          title: decision.approve ? '现场登记的访客已获同意' : '现场登记的访客未获同意',
          body: `${visit.visitorName}：${decision.approve ? '可以办理入园' : `原因：${decision.reason}`}`,
          link: pageUrl(PAGES.visitDetail, { id }),
        })
      }
    })
    return this.get(user, id)
  }

  /** The visitor or the host calls it off before the visitor is inside; the other one is told. */
  async cancel(user: AuthUser, id: number): Promise<Visit> {
    const now = this.now()
    await withTransaction(this.deps.db, async (tx) => {
      const visit = await rows.lockVisit(tx, id)
      if (!visit || !canViewVisit(user, visit)) throw notFound('来访')
      if (!isVisitor(user, visit) && !isHost(user, visit)) throw new AppError('FORBIDDEN', undefined, '只有访客本人或被访人可以取消来访')
      if (!CANCELLABLE.includes(visit.status)) throw new AppError('VISIT_CANNOT_CANCEL')
      await rows.updateVisit(tx, id, { status: 'cancelled', cancelledAt: now })
      const when = formatWindow(visit.startAt, visit.endAt)
      if (isHost(user, visit)) {
        if (visit.visitorUserId) await this.deps.notifications.notify(tx, visit.visitorUserId, { title: '来访已取消', body: `${user.name}取消了您 ${when} 的来访。`, link: pageUrl(PAGES.visitDetail, { id }) })
      } else if (visit.status !== 'invited') {
        await this.deps.notifications.notify(tx, visit.hostUserId, { title: '访客取消了来访', body: `${visit.visitorName} 取消了 ${when} 的来访。`, link: pageUrl(PAGES.visitDetail, { id }) })
      }
    })
    return this.get(user, id)
  }

  /** The full ID numbers and mobile, for the host, a guard or admin; the view is logged in the same transaction. */
  async pii(user: AuthUser, id: number, reason: string): Promise<Parsed<typeof VisitPii>> {
    const { pii } = this.deps
    return withTransaction(this.deps.db, async (tx) => {
      const visit = await rows.findVisit(tx, id)
      if (!visit || !canViewVisit(user, visit)) throw notFound('来访')
      if (!canViewPii(user, visit)) throw new AppError('FORBIDDEN', undefined, visit.purgedAt ? '这次来访的个人信息已按规定清除' : '只有被访人、门岗和管理员可以查看完整证件信息')
      await repo.insertPiiAccess(tx, { viewerUserId: user.id, visitId: id, reason, createdAt: this.now() })
      const companions = await rows.companionsOf(tx, id)
      return {
        visitorName: visit.visitorName,
        mobile: visit.mobileEnc ? pii.open(visit.mobileEnc) : null,
        idType: visit.idType,
        idNumber: visit.idNumberEnc ? pii.open(visit.idNumberEnc) : null,
        companions: companions.filter((c) => c.idNumberEnc).map((c) => ({ name: c.name, idType: c.idType, idNumber: pii.open(c.idNumberEnc!) })),
      }
    })
  }

  /**
   * The escalation job: a pending visit nobody answered for VISIT_ESCALATE_AFTER_MINUTES goes to
   * the host unit's approvers too (the host may still answer; the first answer counts).
   */
  async escalateDue(): Promise<number> {
    const { db, notifications, escalateAfterMinutes } = this.deps
    const now = this.now()
    const due = await repo.dueForEscalation(db, new Date(now.getTime() - escalateAfterMinutes * 60_000), now, 100)
    let escalated = 0
    for (const id of due) {
      await withTransaction(db, async (tx) => {
        const visit = await rows.lockVisit(tx, id)
        // answered (or escalated by another run) since we looked
        if (!visit || visit.status !== 'pending' || visit.escalatedAt || !visit.hostUnitId) return
        await rows.updateVisit(tx, id, { escalatedAt: now })
        const approvers = (await rows.approversOfUnits(tx, [visit.hostUnitId])).filter((a) => a.id !== visit.hostUserId)
        for (const approver of approvers) {
          await notifications.notify(tx, approver.id, {
            title: '来访待审批（已超时转您处理）',
            body: `${visit.visitorName} ${formatWindow(visit.startAt, visit.endAt)} 的来访，被访人 ${escalateAfterMinutes} 分钟未处理，请您审批。`,
            link: pageUrl(PAGES.visitDetail, { id }),
          })
        }
        escalated++
      })
    }
    return escalated
  }

  /**
   * The host is leaving: every visit still waiting for their answer goes to their unit's
   * approvers now (as escalation would, without the wait), in the deactivation's transaction.
   */
  async handOverHostedVisits(tx: Tx, host: { id: number; name: string; unitId: number | null }): Promise<{ kind: string; count: number; message: string } | null> {
    const pending = await repo.pendingHostedBy(tx, host.id)
    if (!pending.length) return null
    const now = this.now()
    const approvers = host.unitId ? (await rows.approversOfUnits(tx, [host.unitId])).filter((a) => a.id !== host.id) : []
    for (const id of pending) {
      const visit = await rows.lockVisit(tx, id)
      if (!visit || visit.status !== 'pending' || visit.escalatedAt) continue
      await rows.updateVisit(tx, id, { escalatedAt: now })
      for (const approver of approvers)
        await this.deps.notifications.notify(tx, approver.id, {
          title: '来访待审批（被访人已离岗，转您处理）',
          body: `${visit.visitorName} ${formatWindow(visit.startAt, visit.endAt)} 的来访，被访人 ${host.name} 已离岗，请您审批。`,
          link: pageUrl(PAGES.visitDetail, { id }),
        })
    }
    return {
      kind: 'visits',
      count: pending.length,
      message: approvers.length ? `${pending.length} 个待审批的来访已转本单位审批人` : `${pending.length} 个待审批的来访：本单位暂无其他审批人，请尽快授予「单位审批人」`,
    }
  }

  /** The retention job: personal data of visits that ended VISIT_PII_RETENTION_DAYS ago is removed; the rows stay for statistics. */
  async purgeExpired(): Promise<number> {
    const { db, retentionDays, log } = this.deps
    const now = this.now()
    const endedBefore = new Date(now.getTime() - retentionDays * 86_400_000)
    let purged = 0
    // bounded per run: a backlog is worked off over the next runs
    for (let batch = 0; batch < 50; batch++) {
      const ids = await repo.dueForPurge(db, endedBefore, PURGE_BATCH)
      if (!ids.length) break
      await withTransaction(db, (tx) => repo.purgeVisits(tx, ids, now))
      purged += ids.length
    }
    if (purged) log.info({ purged, retentionDays }, 'visit personal data purged')
    return purged
  }

  /** 待办: visits waiting for my answer; my pass for today; the guard's expected visitors. */
  async todos(user: AuthUser): Promise<TodoItem[]> {
    const { db } = this.deps
    const now = this.now()
    const dayStart = shanghaiDayStart(shanghaiDate(now))
    const dayEnd = new Date(dayStart.getTime() + 86_400_000)
    const items: TodoItem[] = []
    const approverUnitId = hasRole(user, 'approver') ? (user.unit?.id ?? null) : null
    if (hasRole(user, 'staff', 'approver')) {
      const waiting = await repo.countAwaitingDecision(db, user.id, approverUnitId)
      if (waiting) items.push({ kind: 'visit.approve', title: '来访待审批', subtitle: `${waiting} 位访客等您审批`, count: waiting, url: pageUrl(PAGES.visitList, { tab: 'approve' }), urgent: true })
    }
    for (const visit of await repo.visitorVisitsBetween(db, user.id, dayStart, dayEnd, now)) {
      items.push({
        kind: 'visit.pass',
        title: '今日来访通行码',
        subtitle: `拜访 ${visit.hostName} · ${inShanghai(visit.startAt).format('HH:mm')} 起`,
        count: 1,
        url: pageUrl(PAGES.visitPass, { id: visit.id }),
        urgent: true,
      })
    }
    if (hasRole(user, 'guard')) {
      const expected = await repo.expectedBetween(db, dayStart, dayEnd)
      if (expected.visits) {
        items.push({ kind: 'gate.expected', title: '今日预计来访', subtitle: `${expected.visits} 位访客${expected.plates ? `，${expected.plates} 辆车` : ''}`, count: expected.visits, url: pageUrl(PAGES.gateExpected), urgent: false })
      }
    }
    return items
  }
}
