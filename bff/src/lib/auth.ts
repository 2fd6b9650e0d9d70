import type { Me, Role } from '@egj/shared'

/** The signed-in user as every route sees it. */
export interface AuthUser extends Me {
  sessionId: number
  roles: Role[]
}

/** Who did an admin write, for the audit log: the signed-in user and the client address. */
export interface Actor extends AuthUser {
  ip: string | null
}

export function actorOf(user: AuthUser, ctx: { ip?: string }): Actor {
  return { ...user, ip: ctx.ip || null }
}

export function hasRole(user: Pick<AuthUser, 'roles'> | null | undefined, ...roles: Role[]): boolean {
  return !!user && roles.some((role) => user.roles.includes(role))
}

export function presentMe(user: AuthUser): Me {
  return { id: user.id, name: user.name, unit: user.unit, roles: user.roles }
}
