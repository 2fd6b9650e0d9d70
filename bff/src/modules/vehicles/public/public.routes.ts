import { publicVehiclesApi } from '@egj/shared'
import { implement } from '../../../lib/http'

/** The report route takes a photo (≤ 1 MB, ~1.4 MB as base64): app.ts gives only this path a larger body limit. */
export const PHOTO_BODY_PATH = /^\/api\/v1\/public\/vehicles\/[^/]+\/reports\/?$/i

export const publicVehicleRoutes = [
  implement(publicVehiclesApi.get, { auth: 'none', guessable: true, handler: ({ params, services }) => services.vehiclePublic.get(params.token) }),
  implement(publicVehiclesApi.report, {
    auth: 'none',
    guessable: true,
    handler: ({ params, body, ctx, services }) => services.vehiclePublic.report(params.token, body, { ip: ctx.ip, deviceId: ctx.get('x-device-id') }),
  }),
]
