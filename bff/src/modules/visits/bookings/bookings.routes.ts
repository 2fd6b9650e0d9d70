import { gateApi, visitsApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 8): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const bookingRoutes = [
  implement(visitsApi.create, { handler: notYet }),
  implement(visitsApi.list, { handler: notYet }),
  implement(visitsApi.hosts, { handler: notYet }),
  implement(visitsApi.profile, { handler: notYet }),
  implement(visitsApi.get, { handler: notYet }),
  implement(visitsApi.approve, { handler: notYet }),
  implement(visitsApi.reject, { handler: notYet }),
  implement(visitsApi.cancel, { handler: notYet }),
  implement(visitsApi.pii, { handler: notYet }),
  implement(gateApi.walkIn, { handler: notYet }),
]
