import { qrApi } from '@egj/shared'
import { implement } from '../../lib/http'

export const qrRoutes = [implement(qrApi.resolve, { auth: 'none', guessable: true, handler: async ({ query, services }) => services.qr.resolve(query.code) })]
