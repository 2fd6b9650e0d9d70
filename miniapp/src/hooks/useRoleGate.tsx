import type { ReactNode } from 'react'
import type { Role } from '@egj/shared'
import { ApiError } from '../api/client'
import { PageGate } from '../components/PageGate'
import type { ResourceState } from './useResource'
import { useMe } from '../store/session'

export interface RoleGateOptions {
  /** the roles named to someone without them (default: `roles` but 管理员, who may open every page) */
  needs?: Role[]
  icon?: ReactNode
}

/**
 * For pages that show a form or a scanner before loading anything: what to show instead when the
 * user is not signed in or has none of `roles` — 需要「门岗」角色 · 请联系…管理员开通 (the server
 * checks again on every call); null when allowed. (Only subpackages use it, so it stays out of the
 * weapp main package.)
 */
export function useRoleGate(roles: Role[], options: RoleGateOptions = {}): ReactNode {
  const { state, reload } = useMe()
  if (state.status === 'ready' && roles.some((role) => state.data.roles.includes(role))) return null
  const needs = options.needs ?? (roles.some((role) => role !== 'admin') ? roles.filter((role) => role !== 'admin') : roles)
  const gate: ResourceState<unknown> = state.status === 'ready' ? { status: 'forbidden', error: new ApiError(403, 'FORBIDDEN', '您没有权限进行此操作') } : state
  return <PageGate state={gate} needs={needs} icon={options.icon} onRetry={() => void reload()} />
}
