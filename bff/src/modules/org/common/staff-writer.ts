import { maskMobile, ROLE_LABELS, type Role } from '@egj/shared'
import type { Tx } from '../../../db/client'
import type { PiiVault } from '../../../lib/pii'
import type { AuditActor, AuditChange, AuditService } from '../../audit/audit.service'
import type { AuthService } from '../../auth/auth.service'
import * as repo from './staff.repo'

/**
 * One person to create or update, as the import, the directory sync and the person form give it.
 * The caller has already checked the rules (unit exists and is active, mobile free …).
 */
export interface StaffChange {
  /** null: a new person */
  userId: number | null
  name: string
  /** normalised 11-digit mobile; null: keep the one on record (an update only) */
  mobile: string | null
  unitId: number
  position: string | null
  dingtalkUserId: string | null
  /** 浙政钉 accountId; undefined: keep the one on record (the import and the directory sync do not carry it) */
  zzdAccountId?: string | null
  /** null: keep (a new person gets 机关干部) */
  roles: Role[] | null
}

export interface StaffWriterDeps {
  pii: PiiVault
  audit: AuditService
  /** only `accessChanged` (the seed passes that alone) */
  auth: Pick<AuthService, 'accessChanged'>
}

/** What the audit log keeps of a person: the mobile masked, the roles by name. */
export function auditedPerson(person: { name: string; mobile?: string | null; unitId: number | null; position: string | null; dingtalkUserId: string | null; zzdAccountId?: string | null; roles?: Role[] | null }): Record<string, unknown> {
  return {
    name: person.name,
    ...(person.mobile ? { mobile: maskMobile(person.mobile) } : {}),
    unitId: person.unitId,
    position: person.position,
    dingtalkUserId: person.dingtalkUserId,
    ...(person.zzdAccountId !== undefined ? { zzdAccountId: person.zzdAccountId } : {}),
    ...(person.roles ? { roles: person.roles.map((role) => ROLE_LABELS[role]).join('、') } : {}),
  }
}

const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((role) => b.includes(role))

/**
 * Writes people in the caller's transaction, each with its audit row; sessions of people whose
 * unit or roles changed are refreshed on every instance. Returns the ids of the people written,
 * in the order of `changes`.
 */
export async function writeStaff(tx: Tx, deps: StaffWriterDeps, actor: AuditActor | null, changes: StaffChange[], current: Map<number, repo.StaffRecord>, reason: string, action = 'user'): Promise<number[]> {
  const audit: AuditChange[] = []
  const created = changes.filter((change) => change.userId === null)
  const newIds = await repo.insertStaff(
    tx,
    created.map((change) => ({
      name: change.name,
      unitId: change.unitId,
      mobileHash: deps.pii.blindIndex(change.mobile!),
      mobileEnc: deps.pii.seal(change.mobile!),
      position: change.position,
      dingtalkUserId: change.dingtalkUserId,
      zzdAccountId: change.zzdAccountId ?? null,
    })),
  )
  const roleRows: { userId: number; role: Role }[] = []
  created.forEach((change, index) => {
    const roles = change.roles?.length ? change.roles : (['staff'] as Role[])
    for (const role of roles) roleRows.push({ userId: newIds[index], role })
    audit.push({ action: `${action}.create`, entity: 'user', entityId: newIds[index], before: null, after: auditedPerson({ ...change, roles }), reason })
  })
  await repo.insertRoles(tx, roleRows)

  const ids: number[] = []
  const updates: { id: number; set: Partial<repo.NewStaff> }[] = []
  const newRoles: { userId: number; roles: Role[] }[] = []
  const accessChanges: number[] = []
  let nextNew = 0
  for (const change of changes) {
    if (change.userId === null) {
      ids.push(newIds[nextNew++])
      continue
    }
    ids.push(change.userId)
    const before = current.get(change.userId)!
    const mobileChanged = change.mobile !== null && deps.pii.blindIndex(change.mobile) !== before.mobileHash
    const rolesChanged = change.roles !== null && !sameRoles(change.roles, before.roles)
    const set = {
      name: change.name,
      unitId: change.unitId,
      position: change.position,
      dingtalkUserId: change.dingtalkUserId,
      ...(change.zzdAccountId !== undefined ? { zzdAccountId: change.zzdAccountId } : {}),
      ...(mobileChanged ? { mobileHash: deps.pii.blindIndex(change.mobile!), mobileEnc: deps.pii.seal(change.mobile!) } : {}),
    }
    updates.push({ id: change.userId, set })
    if (rolesChanged) newRoles.push({ userId: change.userId, roles: change.roles! })
    if (rolesChanged || change.unitId !== before.unitId) accessChanges.push(change.userId)
    const was = auditedPerson({ ...before, zzdAccountId: change.zzdAccountId === undefined ? undefined : before.zzdAccountId, mobile: mobileChanged ? before.mobileEnc ? deps.pii.openOrNull(before.mobileEnc) : null : null, roles: rolesChanged ? before.roles : null })
    const now = auditedPerson({ ...change, mobile: mobileChanged ? change.mobile : null, roles: rolesChanged ? change.roles : null })
    const changed = Object.keys(now).filter((key) => JSON.stringify(now[key]) !== JSON.stringify(was[key]))
    if (changed.length)
      audit.push({ action: `${action}.update`, entity: 'user', entityId: change.userId, before: Object.fromEntries(changed.map((k) => [k, was[k] ?? null])), after: Object.fromEntries(changed.map((k) => [k, now[k]])), reason })
  }
  // the updates in a few statements (an import of 10,000 changed people: seconds, not 40,000 round trips)
  await repo.updateStaffMany(tx, updates)
  await repo.replaceRolesMany(tx, newRoles)
  if (accessChanges.length) await deps.auth.accessChanged(tx, accessChanges)
  await deps.audit.recordMany(tx, actor, audit)
  return ids
}
