import type { ReactNode } from 'react'
import type { Role } from '@egj/shared'
import { ApiError } from '../api/client'
import { PageGate } from '../components/PageGate'
import type { ResourceState } from './useResource'
import { useMe } from '../store/session'

/**
 * For pages that show a form or a scanner before loading anything: what to show instead when the
 * user is not signed in or has none of `roles` (the server checks again on every call); null when
 * allowed. (Only subpackages use it, so it stays out of the weapp main package.)
 */
export function useRoleGate(roles: Role[], forbidden: string, icon?: ReactNode): ReactNode {
  const { state, reload } = useMe()
  if (state.status === 'ready' && roles.some((role) => state.data.roles.includes(role))) return null
  const gate: ResourceState<unknown> = state.status === 'ready' ? { status: 'forbidden', error: new ApiError(403, 'FORBIDDEN', forbidden) } : state
  return <PageGate state={gate} forbidden={forbidden} icon={icon} onRetry={() => void reload()} />
}
