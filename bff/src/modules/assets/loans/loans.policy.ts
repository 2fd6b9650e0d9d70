import type { AuthUser } from '../../../lib/auth'
import { isCentre, keepsUnit } from '../common/asset.policy'

type Who = Pick<AuthUser, 'id' | 'roles' | 'unit'>
type Parties = { borrowerUserId: number; ownerUnitId: number }

export const isBorrower = (user: Pick<AuthUser, 'id'>, loan: Parties) => user.id === loan.borrowerUserId

/** The borrower, the owning unit's keepers and the centre see a loan; anyone else is answered 404, as for a missing one. */
export const seesLoan = (user: Who, loan: Parties) => isBorrower(user, loan) || keepsUnit(user, loan.ownerUnitId) || isCentre(user)

/** Approve or refuse a request: the owning unit's keeper, or the centre. */
export const decidesLoan = (user: Who, loan: Parties) => keepsUnit(user, loan.ownerUnitId) || isCentre(user)

/** Hand the asset over and take it back (both by scanning its code): the owning unit's keeper, who holds it. */
export const handlesLoan = (user: Who, loan: Parties) => keepsUnit(user, loan.ownerUnitId)
