import { assetCatalogRoutes } from './catalog/catalog.routes'
import { assetDisposalRoutes } from './disposals/disposals.routes'
import { assetLoanRoutes } from './loans/loans.routes'
import { assetPurchaseRoutes } from './purchases/purchases.routes'
import { assetStatsRoutes } from './stats/stats.routes'
import { assetStocktakeRoutes } from './stocktakes/stocktakes.routes'
import { assetTransferRoutes } from './transfers/transfers.routes'

/** 公物仓: every feature's routes. */
export const assetRoutes = [
  ...assetCatalogRoutes,
  ...assetTransferRoutes,
  ...assetLoanRoutes,
  ...assetDisposalRoutes,
  ...assetPurchaseRoutes,
  ...assetStocktakeRoutes,
  ...assetStatsRoutes,
]
