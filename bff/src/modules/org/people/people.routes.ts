import { orgPeopleApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

const ORG_ADMINS = ['admin', 'unit_admin'] as const

export const peopleRoutes = [
  implement(orgPeopleApi.list, { roles: ORG_ADMINS, handler: ({ user, query, services }) => services.orgPeople.list(user, query) }),
  implement(orgPeopleApi.get, { roles: ORG_ADMINS, handler: ({ user, params, services }) => services.orgPeople.get(user, params.id) }),
  implement(orgPeopleApi.create, { roles: ORG_ADMINS, handler: ({ user, body, ctx, services }) => services.orgPeople.create(actorOf(user, ctx), body) }),
  implement(orgPeopleApi.update, { roles: ORG_ADMINS, handler: ({ user, params, body, ctx, services }) => services.orgPeople.update(actorOf(user, ctx), params.id, body) }),
  implement(orgPeopleApi.setRoles, { roles: ORG_ADMINS, handler: ({ user, params, body, ctx, services }) => services.orgPeople.setRoles(actorOf(user, ctx), params.id, body) }),
  implement(orgPeopleApi.deactivate, { roles: ORG_ADMINS, handler: ({ user, params, body, ctx, services }) => services.orgPeople.deactivate(actorOf(user, ctx), params.id, body.reason) }),
  implement(orgPeopleApi.reactivate, { roles: ORG_ADMINS, handler: ({ user, params, body, ctx, services }) => services.orgPeople.reactivate(actorOf(user, ctx), params.id, body.reason) }),
  implement(orgPeopleApi.resetWechat, { roles: ORG_ADMINS, handler: ({ user, params, ctx, services }) => services.orgPeople.resetWechat(actorOf(user, ctx), params.id) }),
]
