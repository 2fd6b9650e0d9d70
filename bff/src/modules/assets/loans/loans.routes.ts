import { assetLoansApi } from '@egj/shared'
import { implement } from '../../../lib/http'

/** Who borrows: any staff member, a unit's 资产管理员 for their unit. */
const BORROWERS = ['staff', 'asset_keeper'] as const
/** Who reads loans: the borrower, the owning unit's keeper, the centre (the service shows each only their own). */
const READERS = ['staff', 'asset_keeper', 'admin'] as const

export const assetLoanRoutes = [
  implement(assetLoansApi.create, { roles: BORROWERS, handler: ({ body, user, idempotencyKey, services }) => services.assetLoans.create(user, body, idempotencyKey) }),
  implement(assetLoansApi.list, { roles: READERS, handler: ({ query, user, services }) => services.assetLoans.list(user, query) }),
  implement(assetLoansApi.overdue, { roles: ['admin'], handler: ({ user, services }) => services.assetLoans.overdue(user) }),
  implement(assetLoansApi.get, { roles: READERS, handler: ({ params, user, services }) => services.assetLoans.get(user, params.id) }),
  implement(assetLoansApi.approve, { roles: ['asset_keeper', 'admin'], handler: ({ params, user, services }) => services.assetLoans.approve(user, params.id) }),
  implement(assetLoansApi.reject, { roles: ['asset_keeper', 'admin'], handler: ({ params, body, user, services }) => services.assetLoans.reject(user, params.id, body.reason) }),
  implement(assetLoansApi.cancel, { roles: BORROWERS, handler: ({ params, user, services }) => services.assetLoans.cancel(user, params.id) }),
  implement(assetLoansApi.handOver, { roles: ['asset_keeper'], handler: ({ params, body, user, services }) => services.assetLoans.handOver(user, params.id, body.code) }),
  implement(assetLoansApi.return, { roles: ['asset_keeper'], handler: ({ params, body, user, services }) => services.assetLoans.return(user, params.id, body) }),
]
