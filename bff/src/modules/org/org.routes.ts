import { orgApi } from '@egj/shared'
import { implement } from '../../lib/http'
import { directoryRoutes } from './directory/directory.routes'
import { importRoutes } from './import/import.routes'
import { peopleRoutes } from './people/people.routes'
import { unitRoutes } from './units/units.routes'

export const orgRoutes = [
  implement(orgApi.units, { handler: async ({ services }) => ({ items: await services.org.units() }) }),
  ...unitRoutes,
  ...peopleRoutes,
  ...importRoutes,
  ...directoryRoutes,
]
