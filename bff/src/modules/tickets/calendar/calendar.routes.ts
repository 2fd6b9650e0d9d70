import { workCalendarApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'
import { CALENDAR_READERS } from '../common/ticket-roles'

export const ticketCalendarRoutes = [
  implement(workCalendarApi.get, { roles: CALENDAR_READERS, handler: ({ query, services }) => services.ticketCalendar.get(query.year) }),
  implement(workCalendarApi.setHours, { roles: ['admin'], handler: ({ body, user, ctx, services }) => services.ticketCalendar.setHours(actorOf(user, ctx), body) }),
  implement(workCalendarApi.setDay, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.ticketCalendar.setDay(actorOf(user, ctx), params.date, body) }),
  implement(workCalendarApi.clearDay, { roles: ['admin'], handler: ({ params, user, ctx, services }) => services.ticketCalendar.clearDay(actorOf(user, ctx), params.date) }),
  implement(workCalendarApi.setTargets, { roles: ['admin'], handler: ({ body, user, ctx, services }) => services.ticketCalendar.setTargets(actorOf(user, ctx), body) }),
]
