import { meetingServiceApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const meetingServiceRoutes = [
  implement(meetingServiceApi.tasks, { roles: ['meeting_service', 'admin'], handler: ({ query, services }) => services.roomService.tasks(query.date) }),
  implement(meetingServiceApi.done, { roles: ['meeting_service', 'admin'], handler: ({ params, user, services }) => services.roomService.done(user, params.id) }),
]
