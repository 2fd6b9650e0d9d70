import { cockpitApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

export const cockpitThresholdRoutes = [
  implement(cockpitApi.settings, { roles: ['admin', 'leader', 'approver'], handler: ({ params, services }) => services.cockpitThresholds.settings(params.key) }),
  implement(cockpitApi.setThresholds, {
    roles: ['admin'],
    handler: ({ params, body, user, ctx, services }) => services.cockpitThresholds.setThresholds(actorOf(user, ctx), params.key, body),
  }),
]
