import { inShanghai, PAGES, pageUrl, parsePassContent, shanghaiDate, shanghaiDayStart, VISIT_MAX_LENGTH_DAYS, type GateExpected, type GateOnSite, type GateScan, type GateScanResult, type Parsed, type GateExpectedQuery, type z } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { Logger } from '../../../lib/logger'
import type { NotificationService } from '../../notifications/notifications.service'
import { passCodeValid, PassSecrets } from '../common/pass-code'
import { gateDecision, type GateDecision } from './gate.policy'
import { presentAllow, presentDeny, presentSummary } from './gate.presenter'
import * as repo from './gate.repo'

export interface GateServiceDeps {
  db: Db
  notifications: NotificationService
  log: Logger
  /** VISIT_PASS_SECRET: the server key per-visit pass secrets are derived from */
  passKey: string
  now?: () => Date
}

const DAY_MS = 86_400_000
/** the expected list of one day; far above any real day at one gate */
const EXPECTED_LIMIT = 2000
const AUTO_CHECK_OUT_BATCH = 100
const TELL_HOSTS_BATCH = 100

const hhmm = (at: Date) => inShanghai(at).format('HH:mm')

/** The guard at the gate: scans, manual check-in/out, the day's expected list, who is inside. */
export class GateService {
  private readonly now: () => Date
  private readonly secrets: PassSecrets
  constructor(private readonly deps: GateServiceDeps) {
    this.now = deps.now ?? (() => new Date())
    this.secrets = new PassSecrets(deps.passKey)
  }

  /**
   * A scanned pass: one read (visit, host, block list), the code checked against the visit's own
   * secret, then at most one conditional write. Never throws for what a camera may read.
   */
  async scan(guard: AuthUser, input: Parsed<typeof GateScan>): Promise<GateScanResult> {
    const now = this.now()
    const pass = parsePassContent(input.content)
    if (!pass) return presentDeny('bad_signature')
    const visit = await repo.findGateVisit(this.deps.db, pass.visitId)
    // an unknown visit, one never approved (no nonce) and a forged or stale code look the same
    if (!visit?.passNonce || !passCodeValid(this.secrets.of(visit.id, visit.passNonce), pass, now.getTime())) return presentDeny('bad_signature')
    return this.carryOut(guard, visit, gateDecision(visit, now), now)
  }

  /** 入园 by hand, for a visitor without a phone pass (a walk-in once approved): the scan's rules. */
  async checkIn(guard: AuthUser, visitId: number): Promise<GateScanResult> {
    const now = this.now()
    const visit = await repo.findGateVisit(this.deps.db, visitId)
    if (!visit) throw notFound('来访')
    // a button for entry never records a departure: a visitor inside stays checked in
    if (visit.status === 'checked_in') return presentAllow('check_in', visit, visit.checkedInAt)
    if (visit.status === 'checked_out') return presentDeny('checked_out', visit)
    return this.carryOut(guard, visit, gateDecision(visit, now), now)
  }

  /** 离开 by hand (from 在园名单): at once, without the scan's one-minute grace. */
  async checkOut(guard: AuthUser, visitId: number): Promise<GateScanResult> {
    const now = this.now()
    const visit = await repo.findGateVisit(this.deps.db, visitId)
    if (!visit) throw notFound('来访')
    if (visit.status === 'checked_out') return this.carryOut(guard, visit, gateDecision(visit, now), now)
    if (visit.status !== 'checked_in') throw new AppError('GATE_NOT_ON_SITE')
    return this.carryOut(guard, visit, { allow: 'check_out', write: true }, now)
  }

  /**
   * The write, once however many guards scan together: one conditional UPDATE (no transaction
   * around it) changes the row for one of them; the others changed nothing and let the visitor
   * through all the same. The same UPDATE marks the news for the host, whom the
   * `visits.tell-hosts` job tells within seconds — so a scan is one read and one write.
   */
  private async carryOut(guard: AuthUser, visit: repo.GateVisitRow, decision: GateDecision, now: Date): Promise<GateScanResult> {
    if ('deny' in decision) return presentDeny(decision.deny, visit)
    if (decision.write) {
      if (decision.allow === 'check_in') await repo.markCheckedIn(this.deps.db, visit.id, now, guard.id)
      else await repo.markCheckedOut(this.deps.db, visit.id, now, guard.id)
    }
    // entry repeated (a second scan within the minute): the guard sees since when they are inside
    const insideSince = decision.allow === 'check_in' && visit.status === 'checked_in' ? visit.checkedInAt : null
    return presentAllow(decision.allow, visit, insideSince)
  }

  /**
   * The `visits.tell-hosts` job: each check-in and check-out the gate marked is told to the host
   * once — the notification and the cleared mark commit together.
   */
  async tellHosts(): Promise<number> {
    let told = 0
    for (;;) {
      const ids = await repo.visitsWithNews(this.deps.db, TELL_HOSTS_BATCH)
      for (const id of ids) {
        await withTransaction(this.deps.db, async (tx) => {
          const news = await repo.lockNews(tx, id)
          if (!news || !(news.tellHostIn || news.tellHostOut)) return
          if (news.tellHostIn && news.checkedInAt) await this.tellHost(tx, news, `您的访客 ${news.visitorName} 已于 ${hhmm(news.checkedInAt)} 入园`, '访客已入园')
          if (news.tellHostOut && news.checkedOutAt) await this.tellHost(tx, news, `您的访客 ${news.visitorName} 已于 ${hhmm(news.checkedOutAt)} 离开`, '访客已离开')
          await repo.clearNews(tx, id)
          told++
        })
      }
      if (ids.length < TELL_HOSTS_BATCH) break
    }
    return told
  }

  private async tellHost(tx: Tx, visit: { id: number; hostUserId: number }, body: string, title: string): Promise<void> {
    await this.deps.notifications.notify(tx, visit.hostUserId, { title, body, link: pageUrl(PAGES.visitDetail, { id: visit.id }) })
  }

  /** A day's expected visitors (window overlaps the day, Asia/Shanghai) and their cars. */
  async expected(query: Parsed<typeof GateExpectedQuery>): Promise<z.infer<typeof GateExpected>> {
    const date = query.date ?? shanghaiDate(this.now())
    const from = shanghaiDayStart(date)
    const rows = await repo.overlapping(this.deps.db, from, new Date(from.getTime() + DAY_MS), ['approved', 'checked_in', 'checked_out'], VISIT_MAX_LENGTH_DAYS * DAY_MS, EXPECTED_LIMIT)
    return {
      date,
      items: rows.map((row) => ({ ...presentSummary(row), status: row.status, checkedInAt: row.checkedInAt?.toISOString() ?? null })),
      plates: rows.filter((row) => row.plateNo).map((row) => ({ plateNo: row.plateNo!, visitorName: row.visitorName, visitId: row.id })),
    }
  }

  /** 在园名单: every visitor checked in and not out, with who they came to see and when they came. */
  async onSite(): Promise<z.infer<typeof GateOnSite>> {
    const now = this.now().getTime()
    const rows = await repo.onSite(this.deps.db)
    return { items: rows.map((row) => ({ ...presentSummary(row), checkedInAt: (row.checkedInAt ?? row.startAt).toISOString(), overstayed: now >= row.endAt.getTime() })) }
  }

  /**
   * The end-of-day job: a visitor still checked in once the day their window ended is over is
   * checked out (auto_checked_out) and the host is told, so 在园名单 holds only people inside.
   */
  async autoCheckOut(): Promise<number> {
    const now = this.now()
    const endedBy = shanghaiDayStart(shanghaiDate(now))
    let done = 0
    for (;;) {
      const due = await repo.stillInsideAfter(this.deps.db, endedBy, AUTO_CHECK_OUT_BATCH)
      for (const visit of due) {
        await withTransaction(this.deps.db, async (tx) => {
          if (!(await repo.markCheckedOut(tx, visit.id, now, null))) return
          done++
          await this.tellHost(tx, visit, `您的访客 ${visit.visitorName} 在来访结束当天未登记离开，系统已自动为其办理离开；如其仍在园内，请联系门岗`, '访客自动离园')
        })
      }
      if (due.length < AUTO_CHECK_OUT_BATCH) break
    }
    if (done) this.deps.log.info({ visits: done }, 'visitors checked out automatically')
    return done
  }
}
