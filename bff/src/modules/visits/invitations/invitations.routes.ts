import { visitInvitationsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const invitationRoutes = [
  implement(visitInvitationsApi.create, { roles: ['staff'], handler: ({ body, user, idempotencyKey, services }) => services.visitInvitations.create(user, body, idempotencyKey) }),
  // the link is the key: the visitor may open it before signing in
  implement(visitInvitationsApi.view, { auth: 'none', guessable: true, handler: ({ params, services }) => services.visitInvitations.view(params.token) }),
  implement(visitInvitationsApi.accept, { guessable: true, handler: ({ params, body, user, services }) => services.visitInvitations.accept(user, params.token, body) }),
]
