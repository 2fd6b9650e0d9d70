import { meetingServiceApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const meetingServiceRoutes = [
  implement(meetingServiceApi.tasks, { roles: ['meeting_service', 'admin'], handler: ({ query, services }) => services.meetingService.tasks(query.date) }),
  implement(meetingServiceApi.done, { roles: ['meeting_service', 'admin'], handler: ({ params, user, services }) => services.meetingService.done(user, params.id) }),
]
