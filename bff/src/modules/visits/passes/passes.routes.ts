import { visitPassesApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 8): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const passRoutes = [
  implement(visitPassesApi.pass, { handler: notYet }),
]
