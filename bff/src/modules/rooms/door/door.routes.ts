import { roomsApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 10): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const roomDoorRoutes = [
  implement(roomsApi.door, { auth: 'none', handler: notYet }),
  implement(roomsApi.checkIn, { auth: 'none', handler: notYet }),
]
