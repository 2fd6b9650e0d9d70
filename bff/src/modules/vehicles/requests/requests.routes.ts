import { vehicleRequestsApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 9): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const vehicleRequestRoutes = [
  implement(vehicleRequestsApi.create, { auth: 'none', handler: notYet }),
  implement(vehicleRequestsApi.list, { auth: 'none', handler: notYet }),
  implement(vehicleRequestsApi.get, { auth: 'none', handler: notYet }),
  implement(vehicleRequestsApi.approve, { auth: 'none', handler: notYet }),
  implement(vehicleRequestsApi.reject, { auth: 'none', handler: notYet }),
  implement(vehicleRequestsApi.cancel, { auth: 'none', handler: notYet }),
  implement(vehicleRequestsApi.rate, { auth: 'none', handler: notYet }),
]
