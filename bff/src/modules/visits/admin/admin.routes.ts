import { visitAdminApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 8): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const visitAdminRoutes = [
  implement(visitAdminApi.blocklist, { handler: notYet }),
  implement(visitAdminApi.block, { handler: notYet }),
  implement(visitAdminApi.unblock, { handler: notYet }),
  implement(visitAdminApi.piiAudit, { handler: notYet }),
  implement(visitAdminApi.stats, { handler: notYet }),
  implement(visitAdminApi.statsXlsx, { handler: notYet }),
]
