import { orgApi } from '@egj/shared'
import { implement } from '../../lib/http'
import { importRoutes } from './import/import.routes'

export const orgRoutes = [implement(orgApi.units, { handler: async ({ services }) => ({ items: await services.org.units() }) }), ...importRoutes]
