import { cockpitApi } from '@egj/shared'
import { implement } from '../../../lib/http'

/** 驾驶舱 reads: the centre, leaders (any scope) and a unit's approver (their own unit only, see read.policy). */
export const COCKPIT_READERS = ['admin', 'leader', 'approver'] as const

export const cockpitReadRoutes = [
  implement(cockpitApi.today, { roles: COCKPIT_READERS, handler: ({ query, user, services }) => services.cockpitRead.today(user, query) }),
  implement(cockpitApi.trend, { roles: COCKPIT_READERS, handler: ({ params, query, user, services }) => services.cockpitRead.trend(user, params.key, query) }),
  implement(cockpitApi.breakdown, { roles: COCKPIT_READERS, handler: ({ params, query, user, services }) => services.cockpitRead.breakdown(user, params.key, query) }),
  implement(cockpitApi.records, { roles: COCKPIT_READERS, handler: ({ params, query, user, services }) => services.cockpitRead.records(user, params.key, query) }),
  implement(cockpitApi.lights, { roles: COCKPIT_READERS, handler: ({ params, query, user, services }) => services.cockpitRead.lights(user, params.key, query) }),
]
