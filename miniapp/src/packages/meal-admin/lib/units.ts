import { orgApi, type Unit } from '@egj/shared'
import { request } from '../../../api/client'
import { useResource } from '../../../hooks/useResource'

export type { Unit }

/** The member units money can be issued to (GET /api/v1/org/units), for the unit pickers. */
export function useUnits() {
  return useResource(() => request(orgApi.units).then((list) => list.items))
}
