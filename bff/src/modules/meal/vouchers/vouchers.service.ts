import { randomInt } from 'node:crypto'
import type { Parsed, Voucher, VoucherIssue } from '@egj/shared'
import { formatMoney, shanghaiDate, shanghaiDayStart } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import { idempotent } from '../../../lib/idempotency'
import { sha256Hex } from '../../../lib/crypto'
import type { PiiVault } from '../../../lib/pii'
import { hasRole, type Actor, type AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { AuditService } from '../../audit/audit.service'
import type { LedgerService } from '../../ledger/ledger.service'
import type { OrgService } from '../../org/org.service'
import * as payments from '../common/payment-row.repo'
import * as repo from './vouchers.repo'
import { presentVoucher } from './vouchers.presenter'

const VOUCHER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
/** 20 characters from 55: about 115 bits, so a voucher link cannot be guessed. */
const randomVoucherCode = () => Array.from({ length: 20 }, () => VOUCHER_ALPHABET[randomInt(VOUCHER_ALPHABET.length)]).join('')
/** A code as stored: its sha256 for lookups, sealed for showing the link again, its first 4 characters for the masked form. */
const sealCode = (pii: PiiVault, code: string) => ({ codeHash: sha256Hex(code), codeSealed: pii.seal(code), codePrefix: code.slice(0, 4) })

export interface VoucherServiceDeps {
  db: Db
  ledger: LedgerService
  org: OrgService
  /** seals each code, so the issuing unit's admin can be shown its links again */
  pii: PiiVault
  publicBaseUrl: string
  /** 修改留痕: issuing is an admin write, one audit row per voucher (entity `voucher`) in the issue's transaction */
  audit: AuditService
  now?: () => Date
}

/** Where a voucher is spent: the window's merchant, and the period open now. */
export interface RedeemAt {
  merchant: { id: number; name: string }
  window: { id: number; name: string }
  period: string | null
  now: Date
}

/** 电子餐券: issued to a unit's guests and billed to it; redeemed once, at any window. */
export class VoucherService {
  private readonly now: () => Date
  constructor(private readonly deps: VoucherServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  /**
   * Issues vouchers billed to a unit: one entry moves their value from the unit to each voucher.
   * A double tap or a retry with the same Idempotency-Key issues once and answers the same list.
   */
  async issue(actor: Actor, input: Parsed<typeof VoucherIssue>, idempotencyKey: string): Promise<Voucher[]> {
    const operatorId = actor.id
    const expiresAt = new Date(shanghaiDayStart(input.expiresOn).getTime() + 86_400_000)
    const now = this.now()
    const { pii } = this.deps
    // the rules after the key, in its transaction: a retry after midnight still gets the vouchers issued before it
    const work = async (tx: Tx) => {
      if (expiresAt <= now) throw new AppError('VALIDATION_FAILED', { field: 'expiresOn' }, '有效期须晚于今天')
      if (!(await this.deps.org.unitExists(input.unitId, tx))) throw notFound('单位')
      const ids = await repo.insertVouchers(
        tx,
        Array.from({ length: input.count }, (_v, i) => ({
          // the code is a bearer key to the voucher's value: stored only hashed and sealed
          ...sealCode(pii, randomVoucherCode()),
          unitId: input.unitId,
          amountFen: input.amountFen,
          purpose: input.purpose,
          holderName: input.holderNames?.[i] ?? null,
          expiresAt,
          createdBy: operatorId,
        })),
      )
      await this.deps.ledger.post(
        tx,
        'voucher_issue',
        `餐券 ${input.purpose}`,
        ids.map((id) => ({ from: { account: 'unit_voucher_funding' as const, ownerId: input.unitId }, to: { account: 'voucher' as const, ownerId: id }, amountFen: input.amountFen })),
      )
      const issued = await repo.vouchersWithUnit(tx, { ids })
      // one row per voucher, as stored (the ids come back in no particular order); the code is a bearer key: never in the audit row
      await this.deps.audit.recordMany(
        tx,
        actor,
        issued.map(({ voucher }) => ({
          action: 'voucher.issue',
          entity: 'voucher',
          entityId: voucher.id,
          after: { unitId: voucher.unitId, amountFen: voucher.amountFen, purpose: voucher.purpose, holderName: voucher.holderName, expiresOn: input.expiresOn },
        })),
      )
      // the answer is the vouchers themselves, stored with the key — sealed, as their codes are
      return { id: ids[0], response: pii.seal(JSON.stringify(this.present(issued))) }
    }
    const { response } = await idempotent<string | Voucher[]>(this.deps.db, { userId: operatorId, scope: 'meal.voucher-issue', key: idempotencyKey, body: input }, { work })
    // answers stored before codes were sealed are the plain list
    return typeof response === 'string' ? (JSON.parse(pii.open(response)) as Voucher[]) : response
  }

  async get(code: string): Promise<Voucher> {
    const [row] = await repo.vouchersWithUnit(this.deps.db, { code })
    if (!row) throw notFound('餐券')
    return presentVoucher(row, this.now(), this.deps.publicBaseUrl, this.deps.pii, { knownCode: code })
  }

  /** A unit's vouchers: with their codes for an admin, masked for anyone else (the settlement clerk). */
  async listOfUnit(user: AuthUser, unitId: number): Promise<Voucher[]> {
    const now = this.now()
    const masked = !hasRole(user, 'admin')
    return (await repo.vouchersWithUnit(this.deps.db, { unitId })).map((row) => presentVoucher(row, now, this.deps.publicBaseUrl, this.deps.pii, { masked }))
  }

  /**
   * Pays a meal with a voucher inside the payment's transaction: the whole voucher is used; what
   * the meal did not cost goes back to the issuing unit. Returns the payment's id.
   */
  async redeem(tx: Tx, user: AuthUser, input: { voucherCode?: string; amountFen: number; official: boolean }, at: RedeemAt): Promise<number> {
    if (!input.voucherCode) throw new AppError('VALIDATION_FAILED', { field: 'voucherCode' }, '请出示餐券')
    const voucher = await repo.lockVoucher(tx, input.voucherCode)
    if (!voucher || voucher.status !== 'issued' || voucher.expiresAt <= at.now) throw new AppError('MEAL_VOUCHER_INVALID')
    // reserved to a 报餐 booking: that booking's pick-up spends it, not a payment at the window
    if (voucher.reservedOrderId !== null) throw new AppError('MEAL_VOUCHER_RESERVED')
    this.mustCover(voucher, input.amountFen)
    return this.spend(tx, voucher, { userId: user.id, unitId: user.unit?.id ?? null }, input.amountFen, input.official, at)
  }

  /**
   * 为来宾报餐: checks, under the voucher's lock, that it can pay a booking of `amountFen` for a meal
   * on `date` (valid that day, not spent, not reserved to another booking). No money moves: the
   * caller reserves it to the booking with `reserve` in the same transaction.
   */
  async lockForBooking(tx: Tx, code: string, amountFen: number, date: string, now: Date): Promise<{ id: number; holderName: string | null }> {
    const voucher = await repo.lockVoucher(tx, code)
    if (!voucher || voucher.status !== 'issued' || voucher.expiresAt <= now) throw new AppError('MEAL_VOUCHER_INVALID')
    if (voucher.expiresAt <= shanghaiDayStart(date)) {
      const lastDay = shanghaiDate(new Date(voucher.expiresAt.getTime() - 1))
      throw new AppError('MEAL_VOUCHER_INVALID', { expiresOn: lastDay }, `餐券有效期到 ${lastDay}，不能用于 ${date} 的报餐`)
    }
    if (voucher.reservedOrderId !== null) throw new AppError('MEAL_VOUCHER_RESERVED')
    this.mustCover(voucher, amountFen)
    return { id: voucher.id, holderName: voucher.holderName }
  }

  /** Reserves a voucher checked by `lockForBooking` (in the same transaction) to the booking `orderId`. */
  async reserve(tx: Tx, voucherId: number, orderId: number): Promise<void> {
    await repo.updateVoucher(tx, voucherId, { reservedOrderId: orderId })
  }

  /** A booking changed before its cut-off: its voucher must still cover the new amount. */
  async recheckBooking(tx: Tx, voucherId: number, orderId: number, amountFen: number): Promise<void> {
    this.mustCover(await this.lockReserved(tx, voucherId, orderId), amountFen)
  }

  /** A booking cancelled, or released as a no-show: its voucher is free again (to pay at a window, to book, or to expire). */
  async releaseBooking(tx: Tx, voucherId: number, orderId: number): Promise<void> {
    const voucher = await repo.lockVoucherById(tx, voucherId)
    if (voucher?.reservedOrderId === orderId && voucher.status === 'issued') await repo.updateVoucher(tx, voucherId, { reservedOrderId: null })
  }

  /**
   * A booking's pick-up (or a no-show charged by the canteen's rule) pays with the voucher it
   * reserved, by the same entry as a voucher at the window. Its validity was checked when it was
   * reserved (an expired reservation is never returned to the unit: the expiry job skips it).
   */
  async redeemBooking(tx: Tx, voucherId: number, orderId: number, payer: { userId: number; unitId: number | null }, amountFen: number, at: RedeemAt): Promise<number> {
    const voucher = await this.lockReserved(tx, voucherId, orderId)
    this.mustCover(voucher, amountFen)
    return this.spend(tx, voucher, payer, amountFen, false, at)
  }

  private async lockReserved(tx: Tx, voucherId: number, orderId: number) {
    const voucher = await repo.lockVoucherById(tx, voucherId)
    if (!voucher || voucher.status !== 'issued' || voucher.reservedOrderId !== orderId) throw new AppError('MEAL_VOUCHER_INVALID')
    return voucher
  }

  private mustCover(voucher: { amountFen: number }, amountFen: number): void {
    if (amountFen > voucher.amountFen) throw new AppError('MEAL_VOUCHER_NOT_ENOUGH', { voucherFen: voucher.amountFen }, `金额超过餐券面值（${formatMoney(voucher.amountFen)}）`)
  }

  /** The whole voucher is used: the meal to the canteen, what it did not cost back to the issuing unit. */
  private async spend(tx: Tx, voucher: repo.VoucherRow['voucher'], payer: { userId: number; unitId: number | null }, amountFen: number, official: boolean, at: RedeemAt): Promise<number> {
    const from = { account: 'voucher' as const, ownerId: voucher.id }
    const entryId = await this.deps.ledger.post(tx, 'payment', `${at.merchant.name} ${at.window.name} 餐券`, [
      { from, to: { account: 'merchant_receivable', ownerId: at.merchant.id }, amountFen },
      { from, to: { account: 'unit_voucher_funding', ownerId: voucher.unitId }, amountFen: voucher.amountFen - amountFen },
    ])
    const paymentId = await payments.insertPayment(tx, {
      payerUserId: payer.userId,
      payerUnitId: payer.unitId,
      voucherUnitId: voucher.unitId, // the meal is billed to the issuing unit
      merchantId: at.merchant.id,
      windowId: at.window.id,
      periodName: at.period,
      official,
      amountFen,
      createdAt: at.now,
      method: 'voucher',
      status: 'paid' as const,
      entryId,
      paidAt: at.now,
    })
    await repo.updateVoucher(tx, voucher.id, { status: 'redeemed', paymentId })
    await payments.insertFeedEvent(tx, { merchantId: at.merchant.id, windowId: at.window.id, paymentId, kind: 'paid', amountFen, createdAt: at.now })
    return paymentId
  }

  /**
   * The expiry job: a voucher nobody used by its date goes back to the unit that issued it, in
   * one balanced entry each. Safe to run on any number of instances at once (each voucher is
   * locked and re-checked).
   */
  async expireDue(limit = 200): Promise<number> {
    const now = this.now()
    let expired = 0
    for (const id of await repo.dueForExpiry(this.deps.db, now, limit)) {
      await withTransaction(this.deps.db, async (tx) => {
        const voucher = await repo.lockVoucherById(tx, id)
        // one reserved to a booking waits for that booking's pick-up or release
        if (!voucher || voucher.status !== 'issued' || voucher.expiresAt > now || voucher.reservedOrderId !== null) return
        await this.deps.ledger.post(tx, 'voucher_expiry', `餐券过期退回 ${voucher.purpose}`, [
          { from: { account: 'voucher', ownerId: voucher.id }, to: { account: 'unit_voucher_funding', ownerId: voucher.unitId }, amountFen: voucher.amountFen },
        ])
        await repo.updateVoucher(tx, voucher.id, { status: 'expired' })
        expired++
      })
    }
    return expired
  }

  private present(rows: repo.VoucherRow[]): Voucher[] {
    const now = this.now()
    return rows.map((row) => presentVoucher(row, now, this.deps.publicBaseUrl, this.deps.pii))
  }
}
