import type { AssetLoan } from '@egj/shared'
import type { AuthUser } from '../../../lib/auth'
import { daysFrom } from './loan-rules'
import { decidesLoan, handlesLoan, isBorrower } from './loans.policy'
import type { LoanRow } from './loans.repo'

type Who = Pick<AuthUser, 'id' | 'roles' | 'unit'>

/** Days past the due date while out (0 otherwise). */
export const daysOverdue = (loan: { status: string; endDate: string }, today: string) => (loan.status === 'on_loan' ? Math.max(0, daysFrom(loan.endDate, today)) : 0)

export function presentLoan(row: LoanRow, user: Who, today: string, shortCode: (assetId: number) => string): AssetLoan {
  const l = row.loan
  const beforeHandOver = l.status === 'pending' || l.status === 'approved'
  return {
    id: l.id,
    assetId: l.assetId,
    assetName: row.assetName,
    assetShortCode: shortCode(l.assetId),
    ownerUnitId: l.ownerUnitId,
    ownerUnitName: row.ownerUnitName,
    borrowerId: l.borrowerUserId,
    borrowerName: row.borrowerName,
    borrowerUnitName: row.borrowerUnitName,
    startDate: l.startDate,
    endDate: l.endDate,
    purpose: l.purpose,
    status: l.status,
    requestedAt: l.createdAt.toISOString(),
    decidedBy: row.decidedByName,
    rejectReason: l.rejectReason,
    handedOverAt: l.handedOverAt?.toISOString() ?? null,
    returnedAt: l.returnedAt?.toISOString() ?? null,
    returnCondition: l.returnCondition,
    returnNote: l.returnNote,
    daysOverdue: daysOverdue(l, today),
    can: {
      approve: l.status === 'pending' && decidesLoan(user, l),
      reject: l.status === 'pending' && decidesLoan(user, l),
      handOver: l.status === 'approved' && l.startDate <= today && handlesLoan(user, l),
      return: l.status === 'on_loan' && handlesLoan(user, l),
      cancel: beforeHandOver && isBorrower(user, l),
    },
  }
}
