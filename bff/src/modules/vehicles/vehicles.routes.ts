import { vehicleAdminRoutes } from './admin/admin.routes'
import { dispatchRoutes } from './dispatch/dispatch.routes'
import { publicVehicleRoutes } from './public/public.routes'
import { vehicleRequestRoutes } from './requests/requests.routes'
import { tripRoutes } from './trips/trips.routes'

/** 一车一码: every feature's routes. */
export const vehicleRoutes = [...vehicleRequestRoutes, ...dispatchRoutes, ...tripRoutes, ...publicVehicleRoutes, ...vehicleAdminRoutes]
