import { directorySyncApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

/** 通讯录同步 (admin): the last diff, a run now, applying the latest run. */
export const directoryRoutes = [
  implement(directorySyncApi.last, { roles: ['admin'], handler: ({ services }) => services.orgDirectory.last() }),
  implement(directorySyncApi.run, { roles: ['admin'], handler: ({ user, ctx, services }) => services.orgDirectory.run(actorOf(user, ctx)) }),
  implement(directorySyncApi.apply, { roles: ['admin'], handler: ({ body, user, ctx, services }) => services.orgDirectory.apply(actorOf(user, ctx), body.id) }),
]
