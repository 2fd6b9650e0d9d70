import { roomAdminApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 10): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const roomAdminRoutes = [
  implement(roomAdminApi.rooms, { auth: 'none', handler: notYet }),
  implement(roomAdminApi.create, { auth: 'none', handler: notYet }),
  implement(roomAdminApi.update, { auth: 'none', handler: notYet }),
  implement(roomAdminApi.qrPng, { auth: 'none', handler: notYet }),
  implement(roomAdminApi.qrSheet, { auth: 'none', handler: notYet }),
  implement(roomAdminApi.stats, { auth: 'none', handler: notYet }),
  implement(roomAdminApi.statsXlsx, { auth: 'none', handler: notYet }),
]
