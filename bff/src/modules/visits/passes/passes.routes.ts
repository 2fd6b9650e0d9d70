import { visitPassesApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const passRoutes = [
  // any signed-in user may ask; the service answers 404 unless it is their own visit
  implement(visitPassesApi.pass, { handler: ({ params, user, services }) => services.visitPasses.pass(user, params.id) }),
]
