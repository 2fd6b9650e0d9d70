import { assetLoanRoutes } from './loans/loans.routes'
import { assetTransferRoutes } from './transfers/transfers.routes'

/** 公物仓: every feature's routes. */
export const assetRoutes = [...assetTransferRoutes, ...assetLoanRoutes]
