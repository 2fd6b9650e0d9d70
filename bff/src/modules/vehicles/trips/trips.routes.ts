import { tripsApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 9): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const tripRoutes = [
  implement(tripsApi.scan, { auth: 'none', handler: notYet }),
  implement(tripsApi.start, { auth: 'none', handler: notYet }),
  implement(tripsApi.finish, { auth: 'none', handler: notYet }),
]
