import type { AuthUser } from '../../../lib/auth'
import { isCentre, keepsUnit } from '../common/asset.policy'

type Who = Pick<AuthUser, 'roles' | 'unit'>
type Parties = { status: string; fromUnitId: number; toUnitId: number }

/** Both units' keepers and the centre see a transfer; anyone else is answered 404, as for a missing one. */
export const seesTransfer = (user: Who, t: Parties) => isCentre(user) || keepsUnit(user, t.fromUnitId) || keepsUnit(user, t.toUnitId)

/** Still open: requested, agreed or approved, not yet received, refused or withdrawn. */
export const isOpen = (status: string) => status === 'pending_owner' || status === 'pending_centre' || status === 'pending_receipt'

/** Who decides the step the transfer is at: the giving unit's keeper, the centre, the receiving unit's keeper. */
export function decidesStep(user: Who, t: Parties): boolean {
  if (t.status === 'pending_owner') return keepsUnit(user, t.fromUnitId)
  if (t.status === 'pending_centre') return isCentre(user)
  if (t.status === 'pending_receipt') return keepsUnit(user, t.toUnitId)
  return false
}

/** The giving unit's keeper agrees to let the asset go. */
export const mayAgree = (user: Who, t: Parties) => keepsUnit(user, t.fromUnitId)
/** The asking (receiving) unit's keeper confirms receipt, or withdraws the request before that. */
export const mayReceive = (user: Who, t: Parties) => keepsUnit(user, t.toUnitId)
export const mayCancel = mayReceive
