import { dispatchApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 9): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const dispatchRoutes = [
  implement(dispatchApi.board, { auth: 'none', handler: notYet }),
  implement(dispatchApi.options, { auth: 'none', handler: notYet }),
  implement(dispatchApi.dispatch, { auth: 'none', handler: notYet }),
]
