import { meetingServiceApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 10): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const meetingServiceRoutes = [
  implement(meetingServiceApi.tasks, { auth: 'none', handler: notYet }),
  implement(meetingServiceApi.done, { auth: 'none', handler: notYet }),
]
