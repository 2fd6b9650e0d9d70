import { orgApi } from '@egj/shared'
import { implement } from '../../lib/http'
import { directoryRoutes } from './directory/directory.routes'

export const orgRoutes = [implement(orgApi.units, { handler: async ({ services }) => ({ items: await services.org.units() }) }), ...directoryRoutes]
