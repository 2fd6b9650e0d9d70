import { roomBookingsApi, roomsApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 10): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const roomBookingRoutes = [
  implement(roomsApi.day, { auth: 'none', handler: notYet }),
  implement(roomBookingsApi.create, { auth: 'none', handler: notYet }),
  implement(roomBookingsApi.list, { auth: 'none', handler: notYet }),
  implement(roomBookingsApi.get, { auth: 'none', handler: notYet }),
  implement(roomBookingsApi.ics, { auth: 'none', handler: notYet }),
  implement(roomBookingsApi.update, { auth: 'none', handler: notYet }),
  implement(roomBookingsApi.approve, { auth: 'none', handler: notYet }),
  implement(roomBookingsApi.reject, { auth: 'none', handler: notYet }),
  implement(roomBookingsApi.cancel, { auth: 'none', handler: notYet }),
  implement(roomBookingsApi.end, { auth: 'none', handler: notYet }),
  implement(roomBookingsApi.nameplates, { auth: 'none', handler: notYet }),
]
