import { firmTicketsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

/** The firm's signed link: no account, the link is the key (its failed look-ups are counted). */
export const ticketFirmLinkRoutes = [
  implement(firmTicketsApi.get, { auth: 'none', guessable: true, handler: ({ params, services }) => services.ticketFirmLink.get(params.token) }),
  implement(firmTicketsApi.accept, { auth: 'none', guessable: true, handler: ({ params, services }) => services.ticketFirmLink.accept(params.token) }),
  implement(firmTicketsApi.finish, { auth: 'none', guessable: true, handler: ({ params, body, services }) => services.ticketFirmLink.finish(params.token, body) }),
]
