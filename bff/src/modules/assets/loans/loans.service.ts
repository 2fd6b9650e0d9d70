import type { AssetLoan, AssetLoanCreate, AssetLoanList, AssetLoanListQuery, AssetLoanReminder, AssetLoanReturn, AssetOverdueList, Parsed, TodoItem } from '@egj/shared'
import { ASSET_CONDITION_LABELS, ASSET_LOAN_HORIZON_DAYS, PAGES, pageUrl, shanghaiDate } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { isDuplicateKey, withTransaction } from '../../../db/client'
import { hasRole, type AuthUser } from '../../../lib/auth'
import { AppError, forbidden, notFound } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { JobRunner } from '../../../lib/jobs'
import type { Logger } from '../../../lib/logger'
import type { QrSigner } from '../../../lib/qr'
import type { NotificationService } from '../../notifications/notifications.service'
import { peopleWithRole } from '../common/asset-people.repo'
import { isCentre } from '../common/asset.policy'
import { residualValueFen } from '../common/asset.presenter'
import { holdingLoansOf, lockAsset, recordAssetEvent } from '../common/asset.repo'
import { openTransferOf, shareLockAsset } from '../common/asset-holds.repo'
import { addDays, checkLoanDates, dayText, daysFrom, daysOf, dueReminders, nextFreeRange, rangeText } from './loan-rules'
import { decidesLoan, handlesLoan, isBorrower, seesLoan } from './loans.policy'
import { daysOverdue, presentLoan } from './loans.presenter'
import * as repo from './loans.repo'

export interface AssetLoanServiceDeps {
  db: Db
  qr: QrSigner
  notifications: NotificationService
  log: Logger
  /** the longest loan in days (env ASSET_LOAN_MAX_DAYS, at most 90) */
  maxDays: number
  now?: () => Date
}

const PAGE_SIZE = 20
const OVERDUE_LIMIT = 500
/** The reminders job: how often it looks (each step still goes once, whatever the period). */
export const LOAN_REMINDERS_EVERY_MS = 10 * 60_000

type Attempt = { assetId: number; startDate: string; endDate: string }

/**
 * 借用: date-range requests held by the database (one `asset_loan_days` row per day, primary key
 * (asset, day)), approval by the owning keeper, hand-over and return by scanning the asset's
 * code, the overdue list and the escalating reminders ("有借不还").
 */
export class AssetLoanService {
  private readonly now: () => Date
  constructor(private readonly deps: AssetLoanServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  registerJobs(jobs: Pick<JobRunner, 'register'>): void {
    jobs.register('assets.loan-reminders', LOAN_REMINDERS_EVERY_MS, () => this.sendReminders())
  }

  private readonly shortCode = (assetId: number) => this.deps.qr.shortCode('a', assetId)
  private today(): string {
    return shanghaiDate(this.now())
  }

  async create(user: AuthUser, input: Parsed<typeof AssetLoanCreate>, idempotencyKey: string): Promise<AssetLoan> {
    const { db } = this.deps
    const now = this.now()
    const today = shanghaiDate(now)
    // what the work tried, to explain taken days afterwards (outside the failed transaction)
    let attempt: Attempt | null = null
    // Every rule after the key, in its transaction: a retry of an accepted request gets its first
    // answer, whatever changed since (the start passed, the days were taken, the asset transferred).
    const work = async (tx: Tx) => {
      attempt = null
      checkLoanDates(input.startDate, input.endDate, today, this.deps.maxDays)
      const asset = await shareLockAsset(tx, input.assetId)
      if (!asset) throw notFound('资产')
      if (asset.status === 'disposed') throw new AppError('ASSET_DISPOSED')
      if (asset.status === 'in_use') throw new AppError('ASSET_NOT_IDLE', undefined, '该资产在用，没有放入公物仓，不能借用')
      if (await openTransferOf(tx, asset.id)) throw new AppError('ASSET_IN_TRANSFER', undefined, '该资产正在调剂中，暂不能借用')
      const loanId = await repo.insertLoan(tx, {
        assetId: asset.id,
        ownerUnitId: asset.unitId,
        borrowerUserId: user.id,
        borrowerUnitId: user.unit?.id ?? null,
        startDate: input.startDate,
        endDate: input.endDate,
        purpose: input.purpose,
        status: 'pending',
        createdAt: now,
      })
      attempt = { assetId: asset.id, startDate: input.startDate, endDate: input.endDate }
      try {
        await repo.holdDays(tx, asset.id, loanId, daysOf(input.startDate, input.endDate))
      } catch (error) {
        // a bare code here: idempotent() must not take this duplicate key for its own key's
        if (isDuplicateKey(error)) throw new AppError('ASSET_LOAN_OVERLAP')
        throw error
      }
      const row = (await repo.loanRowById(tx, loanId))!
      await recordAssetEvent(tx, { assetId: asset.id, at: now, kind: 'loan_requested', text: `${row.borrowerUnitName ?? ''}${row.borrowerName}申请借用 ${rangeText(input)}：${input.purpose}`, actorUserId: user.id, unitId: asset.unitId })
      await this.tell(tx, await peopleWithRole(tx, 'asset_keeper', asset.unitId), loanId, '借用申请待审批', `${row.borrowerUnitName ?? ''}${row.borrowerName}申请借用「${row.assetName}」${rangeText(input)}：${input.purpose}`)
      return { id: loanId, response: presentLoan(row, user, today, this.shortCode) }
    }
    try {
      return (await idempotent(db, { userId: user.id, scope: 'assets.loan', key: idempotencyKey, body: input }, { work })).response
    } catch (error) {
      const tried = attempt as Attempt | null
      throw tried ? await this.explainOverlap(error, tried, today) : error
    }
  }

  /**
   * A bare ASSET_LOAN_OVERLAP becomes one with the ranges in the way (the holding loans that
   * overlap the asked start or come after it) and the first free range of the same length on or
   * after it — read after the failed transaction, so it names what won.
   */
  private async explainOverlap(error: unknown, tried: Attempt, today: string): Promise<unknown> {
    if (!(error instanceof AppError) || error.code !== 'ASSET_LOAN_OVERLAP' || error.details) return error
    const { db } = this.deps
    const taken = (await holdingLoansOf(db, tried.assetId, tried.startDate)).map((loan) => ({ startDate: loan.startDate, endDate: loan.endDate }))
    const held = new Set(await repo.heldDaysFrom(db, tried.assetId, tried.startDate))
    const nextFree = nextFreeRange(tried.startDate, daysFrom(tried.startDate, tried.endDate) + 1, held, addDays(today, ASSET_LOAN_HORIZON_DAYS))
    const message = `所选日期已被借用（${taken.map(rangeText).join('、') || '已被他人占用'}）${nextFree ? `，最近可借：${rangeText(nextFree)}` : ''}`
    return new AppError('ASSET_LOAN_OVERLAP', { taken, nextFree }, message)
  }

  async list(user: AuthUser, query: Parsed<typeof AssetLoanListQuery>): Promise<AssetLoanList> {
    const today = this.today()
    const unitId = hasRole(user, 'asset_keeper') ? (user.unit?.id ?? null) : null
    const centre = isCentre(user)
    if (query.view !== 'mine' && !centre && unitId === null) throw forbidden()
    const filter: repo.LoanFilter =
      query.view === 'mine' ? { view: 'borrower', userId: user.id }
      : query.view === 'todo' ? { view: 'keeper-todo', unitId, today }
      : { view: 'owner', unitId }
    const rows = await repo.loanRows(this.deps.db, filter, query.status, query.cursor ? Number(query.cursor) : undefined, PAGE_SIZE + 1)
    const page = rows.slice(0, PAGE_SIZE)
    return { items: page.map((row) => presentLoan(row, user, today, this.shortCode)), nextCursor: rows.length > PAGE_SIZE ? String(page[page.length - 1].loan.id) : null }
  }

  async get(user: AuthUser, id: number): Promise<AssetLoan> {
    return presentLoan(await this.visible(this.deps.db, user, id), user, this.today(), this.shortCode)
  }

  /** 有借不还: every loan out past its due date, the most overdue first (the centre). */
  async overdue(user: AuthUser): Promise<Parsed<typeof AssetOverdueList>> {
    const today = this.today()
    const rows = await repo.overdueRows(this.deps.db, today, OVERDUE_LIMIT)
    return { items: rows.map((row) => presentLoan(row, user, today, this.shortCode)) }
  }

  /** The loan, if the caller may see it; anyone else: 404, exactly as for a missing id. */
  private async visible(db: Db | Tx, user: AuthUser, id: number) {
    const row = await repo.loanRowById(db, id)
    if (!row || !seesLoan(user, row.loan)) throw notFound('借用单')
    return row
  }

  private mustDecide(user: AuthUser, row: repo.LoanRow): void {
    if (!decidesLoan(user, row.loan)) throw new AppError('ASSET_NOT_KEEPER', undefined, `只有${row.ownerUnitName}的资产管理员可以审批这次借用`)
  }

  async approve(user: AuthUser, id: number): Promise<AssetLoan> {
    const now = this.now()
    return this.inTransaction(user, async (tx) => {
      const row = await this.visible(tx, user, id)
      this.mustDecide(user, row)
      if (!(await repo.advanceLoan(tx, id, ['pending'], { status: 'approved', decidedByUserId: user.id, decidedAt: now }))) throw new AppError('ASSET_LOAN_STATE')
      await recordAssetEvent(tx, { assetId: row.loan.assetId, at: now, kind: 'loan_approved', text: `${user.name} 同意${row.borrowerName}借用 ${rangeText(row.loan)}`, actorUserId: user.id, unitId: row.loan.ownerUnitId })
      await this.tell(tx, [row.loan.borrowerUserId], id, '借用已批准', `您借用「${row.assetName}」${rangeText(row.loan)}的申请已批准，请在${dayText(row.loan.startDate)}起到${row.ownerUnitName}领用（扫码交付）。`)
      return id
    })
  }

  /**
   * Refused: the days are free again at once. Only a request still waiting (a decision is made
   * once: of an approval and a refusal racing, one wins; once approved, the borrower may cancel).
   */
  async reject(user: AuthUser, id: number, reason: string): Promise<AssetLoan> {
    const now = this.now()
    return this.inTransaction(user, async (tx) => {
      const row = await this.visible(tx, user, id)
      this.mustDecide(user, row)
      if (!(await repo.advanceLoan(tx, id, ['pending'], { status: 'rejected', decidedByUserId: user.id, decidedAt: now, rejectReason: reason }))) throw new AppError('ASSET_LOAN_STATE')
      await repo.releaseDays(tx, id)
      await recordAssetEvent(tx, { assetId: row.loan.assetId, at: now, kind: 'loan_rejected', text: `${user.name} 不同意${row.borrowerName}借用 ${rangeText(row.loan)}：${reason}`, actorUserId: user.id, unitId: row.loan.ownerUnitId })
      await this.tell(tx, [row.loan.borrowerUserId], id, '借用未通过', `您借用「${row.assetName}」${rangeText(row.loan)}的申请未通过：${reason}`)
      return id
    })
  }

  /** The borrower withdraws before hand-over: the days are free again at once. */
  async cancel(user: AuthUser, id: number): Promise<AssetLoan> {
    const now = this.now()
    return this.inTransaction(user, async (tx) => {
      const row = await this.visible(tx, user, id)
      if (!isBorrower(user, row.loan)) throw new AppError('ASSET_NOT_BORROWER')
      const wasApproved = row.loan.status === 'approved'
      if (!(await repo.advanceLoan(tx, id, ['pending', 'approved'], { status: 'cancelled', cancelledAt: now }))) throw new AppError('ASSET_LOAN_STATE', undefined, '已交付或已结束的借用不能取消')
      await repo.releaseDays(tx, id)
      await recordAssetEvent(tx, { assetId: row.loan.assetId, at: now, kind: 'loan_cancelled', text: `${row.borrowerName}取消借用 ${rangeText(row.loan)}`, actorUserId: user.id, unitId: row.loan.ownerUnitId })
      const keepers = await peopleWithRole(tx, 'asset_keeper', row.loan.ownerUnitId)
      await this.tell(tx, keepers, id, '借用已取消', `${row.borrowerName}取消了借用「${row.assetName}」${rangeText(row.loan)}${wasApproved ? '（已批准，无需交付）' : ''}。`)
      return id
    })
  }

  /** The scanned code must be this loan's asset (a typed 编号 does as well). */
  private checkCode(code: string, assetId: number): void {
    let scanned: number
    try {
      scanned = Number(this.deps.qr.verify(code, 'a').payload[0])
    } catch (error) {
      // a forged code says so; anything else that is not an asset's code is simply not this asset
      if (error instanceof AppError && error.code === 'QR_FORGED') throw error
      throw new AppError('ASSET_CODE_MISMATCH')
    }
    if (scanned !== assetId) throw new AppError('ASSET_CODE_MISMATCH')
  }

  /** Hand-over, by scanning the asset's code: the asset goes out (its 履历 records the values lent). */
  async handOver(user: AuthUser, id: number, code: string): Promise<AssetLoan> {
    const now = this.now()
    const today = shanghaiDate(now)
    return this.inTransaction(user, async (tx) => {
      const row = await this.visible(tx, user, id)
      if (!handlesLoan(user, row.loan)) throw new AppError('ASSET_NOT_KEEPER', undefined, `只有${row.ownerUnitName}的资产管理员可以交付`)
      if (row.loan.status !== 'approved') throw new AppError('ASSET_LOAN_STATE', undefined, row.loan.status === 'pending' ? '借用还未批准，不能交付' : undefined)
      this.checkCode(code, row.loan.assetId)
      if (row.loan.startDate > today) throw new AppError('ASSET_LOAN_NOT_STARTED', undefined, `借用从${dayText(row.loan.startDate)}开始，还不能交付`)
      const asset = await lockAsset(tx, row.loan.assetId)
      if (!asset) throw notFound('资产')
      if (asset.status === 'on_loan') throw new AppError('ASSET_NOT_RETURNED')
      if (asset.status === 'disposed') throw new AppError('ASSET_DISPOSED')
      if (asset.status !== 'idle') throw new AppError('ASSET_NOT_IDLE', undefined, '该资产当前在用，不能交付')
      if (!(await repo.advanceLoan(tx, id, ['approved'], { status: 'on_loan', handedOverByUserId: user.id, handedOverAt: now }))) throw new AppError('ASSET_LOAN_STATE')
      await repo.setAssetState(tx, asset.id, { status: 'on_loan', at: now })
      // the monthly 节约价值 reads exactly this event: the owning unit and the values lent
      await recordAssetEvent(tx, {
        assetId: asset.id,
        at: now,
        kind: 'loaned',
        text: `借给${row.borrowerUnitName ?? ''}${row.borrowerName}，${rangeText(row.loan)}`,
        actorUserId: user.id,
        unitId: row.loan.ownerUnitId,
        originalValueFen: asset.originalValueFen,
        residualValueFen: residualValueFen(asset, now),
      })
      await this.tell(tx, [row.loan.borrowerUserId], id, '资产已交付', `「${row.assetName}」已交付给您，请于${dayText(row.loan.endDate)}前归还至${row.ownerUnitName}。`)
      return id
    })
  }

  /**
   * Return, by scanning the asset's code: the condition it came back in is kept on the loan and
   * the asset, which is idle again; the days not used are freed. Damage is recorded as a
   * `damaged` event on the asset: 报修 (issue 19) will open its repair at this point.
   */
  async return(user: AuthUser, id: number, input: Parsed<typeof AssetLoanReturn>): Promise<AssetLoan> {
    const now = this.now()
    const today = shanghaiDate(now)
    return this.inTransaction(user, async (tx) => {
      const row = await this.visible(tx, user, id)
      if (!handlesLoan(user, row.loan)) throw new AppError('ASSET_NOT_KEEPER', undefined, `只有${row.ownerUnitName}的资产管理员可以收回`)
      if (row.loan.status !== 'on_loan') throw new AppError('ASSET_LOAN_STATE')
      this.checkCode(input.code, row.loan.assetId)
      const asset = await lockAsset(tx, row.loan.assetId)
      if (!asset) throw notFound('资产')
      if (!(await repo.advanceLoan(tx, id, ['on_loan'], { status: 'returned', returnedByUserId: user.id, returnedAt: now, returnCondition: input.condition, returnNote: input.note ?? null }))) throw new AppError('ASSET_LOAN_STATE')
      await repo.setAssetState(tx, asset.id, { status: asset.status === 'on_loan' ? 'idle' : asset.status, condition: input.condition, at: now })
      await repo.releaseDays(tx, id, today)
      const late = daysOverdue(row.loan, today)
      await recordAssetEvent(tx, {
        assetId: asset.id,
        at: now,
        kind: 'returned',
        text: `${row.borrowerName}归还，状况${ASSET_CONDITION_LABELS[input.condition]}${late ? `（逾期 ${late} 天）` : ''}`,
        actorUserId: user.id,
        unitId: row.loan.ownerUnitId,
      })
      if (input.condition === 'needs_repair') {
        await recordAssetEvent(tx, { assetId: asset.id, at: now, kind: 'damaged', text: `借用归还时待修${input.note ? `：${input.note}` : ''}`, actorUserId: user.id, unitId: row.loan.ownerUnitId })
      }
      await this.tell(tx, [row.loan.borrowerUserId], id, '资产已归还', `「${row.assetName}」已由${row.ownerUnitName}收回，归还时状况：${ASSET_CONDITION_LABELS[input.condition]}。`)
      return id
    })
  }

  /** Runs a step and answers with the loan as it now stands, as the caller sees it. */
  private async inTransaction(user: AuthUser, work: (tx: Tx) => Promise<number>): Promise<AssetLoan> {
    const id = await withTransaction(this.deps.db, work)
    return presentLoan((await repo.loanRowById(this.deps.db, id))!, user, this.today(), this.shortCode)
  }

  /**
   * Someone leaves (their deactivation's transaction): loans not yet collected are cancelled and
   * their days freed; an asset still out with them is the 有借不还 case — its keeper is told to
   * take it back, and the admin letting them go reads it on the result page.
   */
  async handOverLeaversLoans(tx: Tx, leaver: { id: number; name: string }): Promise<{ kind: string; count: number; message: string } | null> {
    const loans = await repo.lockLoansWhere(tx, { borrowerUserId: leaver.id }, ['pending', 'approved', 'on_loan'])
    if (!loans.length) return null
    const now = this.now()
    const out = loans.filter((loan) => loan.status === 'on_loan')
    for (const loan of loans) {
      const keepers = await peopleWithRole(tx, 'asset_keeper', loan.ownerUnitId)
      if (loan.status === 'on_loan') {
        await this.tell(tx, keepers, loan.id, '借用人已离岗，资产尚未归还', `${leaver.name}已离岗，借用的「${loan.assetName}」（${rangeText(loan)}）尚未归还，请尽快联系收回。`)
        continue
      }
      await this.cancelWaiting(tx, loan, now, `${leaver.name}已离岗，借用 ${rangeText(loan)} 取消`)
      await this.tell(tx, keepers, loan.id, '借用已取消（借用人已离岗）', `${leaver.name}已离岗，「${loan.assetName}」${rangeText(loan)}的借用已取消，日期已释放。`)
    }
    const cancelled = loans.length - out.length
    const parts = [out.length ? `${out.length} 件借用中的资产尚未归还，已通知资产所属单位的资产管理员收回` : '', cancelled ? `${cancelled} 个未领用的借用已取消` : ''].filter(Boolean)
    return { kind: 'asset-loans', count: loans.length, message: parts.join('；') }
  }

  /**
   * 报废 (its approval's transaction): the asset's loans not yet collected are cancelled, their
   * days freed and the borrowers told; the 报废 line of the 履历 says why. Returns how many.
   */
  async cancelForDisposal(tx: Tx, asset: { id: number; name: string }, at: Date): Promise<number> {
    const loans = await repo.lockLoansWhere(tx, { assetId: asset.id }, ['pending', 'approved'])
    for (const loan of loans) {
      await this.cancelWaiting(tx, loan, at, null)
      await this.tell(tx, [loan.borrowerUserId], loan.id, '借用已取消', `「${asset.name}」已报废，您 ${rangeText(loan)} 的借用已取消`)
    }
    return loans.length
  }

  /** A loan not yet collected ends: cancelled, its days freed (the guarantee's rows), and a 履历 line when `history` says why. */
  private async cancelWaiting(tx: Tx, loan: repo.WaitingLoan, at: Date, history: string | null): Promise<void> {
    await repo.advanceLoan(tx, loan.id, ['pending', 'approved'], { status: 'cancelled', cancelledAt: at })
    await repo.releaseDays(tx, loan.id)
    if (history) await recordAssetEvent(tx, { assetId: loan.assetId, at, kind: 'loan_cancelled', text: history, unitId: loan.ownerUnitId })
  }

  private async tell(tx: Tx, userIds: number[], id: number, title: string, body: string): Promise<void> {
    for (const userId of [...new Set(userIds)]) await this.deps.notifications.notify(tx, userId, { title, body, link: pageUrl(PAGES.assetLoan, { id }) })
  }

  /**
   * The reminders job ("有借不还"): for each loan out, each step due today and not yet sent goes
   * once — one transaction per loan and step that locks the loan, re-checks it is still out,
   * marks the step (INSERT IGNORE on (loan, step)) and, only if that inserted, notifies. A run
   * repeated after a crash, or on another instance, does only what is left.
   */
  async sendReminders(limit = 500): Promise<number> {
    const { db } = this.deps
    const now = this.now()
    const today = shanghaiDate(now)
    let sent = 0
    for (const candidate of await repo.reminderCandidates(db, addDays(today, 3), limit)) {
      for (const step of dueReminders(candidate.endDate, today).filter((s) => !candidate.sent.includes(s))) {
        const done = await withTransaction(db, async (tx) => {
          const loan = await repo.lockLoan(tx, candidate.id)
          if (!loan || loan.status !== 'on_loan' || !dueReminders(loan.endDate, today).includes(step)) return false
          if (!(await repo.markReminderSent(tx, loan.id, step, now))) return false
          await this.remind(tx, loan.id, step, today)
          return true
        })
        if (done) sent++
      }
    }
    if (sent) this.deps.log.info({ sent }, 'asset loan reminders sent')
    return sent
  }

  private async remind(tx: Tx, id: number, step: AssetLoanReminder, today: string): Promise<void> {
    const row = (await repo.loanRowById(tx, id))!
    const l = row.loan
    const late = daysFrom(l.endDate, today)
    const what = `「${row.assetName}」（${row.ownerUnitName}，编号 ${this.shortCode(l.assetId)}）`
    const link = pageUrl(PAGES.assetLoan, { id })
    const to = (userIds: number[], title: string, body: string, withLink: string | undefined) =>
      Promise.all([...new Set(userIds)].map((userId) => this.deps.notifications.notify(tx, userId, { title, body, link: withLink })))
    if (step === 'due_in_3') await to([l.borrowerUserId], '借用即将到期', `您借用的${what}将于${dayText(l.endDate)}到期（还有 ${-late} 天），请按时归还。`, link)
    else if (step === 'due_today') await to([l.borrowerUserId], '借用今天到期', `您借用的${what}今天到期，请今天归还至${row.ownerUnitName}。`, link)
    else if (step === 'overdue_1') await to([l.borrowerUserId], '借用已逾期', `您借用的${what}已于${dayText(l.endDate)}到期，已逾期 ${late} 天，请尽快归还。`, link)
    else if (step === 'overdue_3') {
      // the borrower's unit's approvers (审批人); a unit without one: its 资产管理员
      const unitId = l.borrowerUnitId
      const approvers = unitId ? (await peopleWithRole(tx, 'approver', unitId)).filter((userId) => userId !== l.borrowerUserId) : []
      const keepers = unitId && !approvers.length ? (await peopleWithRole(tx, 'asset_keeper', unitId)).filter((userId) => userId !== l.borrowerUserId) : []
      // they do not see the loan itself (it is the borrower's and the owning unit's): no link
      await to(approvers.length ? approvers : keepers, '本单位人员借用逾期未还', `${row.borrowerName}借用的${what}已逾期 ${late} 天未还（应于${dayText(l.endDate)}归还），请督促归还。`, undefined)
    } else {
      await to(await peopleWithRole(tx, 'admin'), '有借不还：借用逾期 7 天以上', `${row.borrowerUnitName ?? ''}${row.borrowerName}借用的${what}已逾期 ${late} 天未还（应于${dayText(l.endDate)}归还）。`, pageUrl(PAGES.assetOverdue))
    }
  }

  /**
   * 待办: for a keeper, requests to decide and loans to hand over by today; for a borrower, loans
   * out due within 3 days or overdue (urgent). Indexed reads only: it runs on every home load.
   */
  async todos(user: AuthUser): Promise<TodoItem[]> {
    const { db } = this.deps
    const today = this.today()
    const items: TodoItem[] = []
    const due = await repo.dueOfBorrower(db, user.id, addDays(today, 3))
    if (due.length) {
      const overdue = due.filter((loan) => loan.endDate < today).length
      const first = due[0]
      const subtitle =
        due.length > 1 ? `${due.length} 件借用的资产${overdue ? `，其中 ${overdue} 件已逾期` : '即将到期'}，请按时归还`
        : first.endDate < today ? `「${first.assetName}」已逾期 ${daysFrom(first.endDate, today)} 天，请尽快归还`
        : first.endDate === today ? `「${first.assetName}」今天到期，请今天归还`
        : `「${first.assetName}」${dayText(first.endDate)}到期，请按时归还`
      items.push({ kind: 'asset.loan.due', title: overdue ? '借用逾期未还' : '借用即将到期', subtitle, count: due.length, url: due.length > 1 ? pageUrl(PAGES.assetLoans, { view: 'mine' }) : pageUrl(PAGES.assetLoan, { id: first.id }), urgent: true })
    }
    if (hasRole(user, 'asset_keeper') && user.unit) {
      const { toApprove, toHandOver } = await repo.countForKeeper(db, user.unit.id, today)
      if (toApprove) items.push({ kind: 'asset.loan.approve', title: '借用待审批', subtitle: `${toApprove} 个借用申请等您审批`, count: toApprove, url: pageUrl(PAGES.assetLoans, { view: 'todo' }), urgent: false })
      if (toHandOver) items.push({ kind: 'asset.loan.hand-over', title: '借用待交付', subtitle: `${toHandOver} 个已批准的借用可以交付了（扫资产码交付）`, count: toHandOver, url: pageUrl(PAGES.assetLoans, { view: 'todo' }), urgent: false })
    }
    return items
  }
}
