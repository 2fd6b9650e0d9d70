import type { AuthUser } from '../../../lib/auth'

/** Only the visit's own visitor sees its pass: not the host, not a guard, not an admin. */
export const canSeePass = (user: AuthUser, visit: { visitorUserId: number | null }) => visit.visitorUserId !== null && visit.visitorUserId === user.id
