import { vehicleAdminApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { AppError } from '../../../lib/errors'

// TEMPORARY stubs while the feature is being built (issue 9): replaced by the real routes.
const notYet = (): never => {
  throw new AppError('NOT_FOUND')
}

export const vehicleAdminRoutes = [
  implement(vehicleAdminApi.vehicles, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.createVehicle, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.updateVehicle, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.vehicleQrPng, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.qrSheet, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.drivers, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.createDriver, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.updateDriver, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.reports, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.reportPhoto, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.resolveReport, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.stats, { auth: 'none', handler: notYet }),
  implement(vehicleAdminApi.statsXlsx, { auth: 'none', handler: notYet }),
]
