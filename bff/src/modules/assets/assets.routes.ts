import { assetCatalogRoutes } from './catalog/catalog.routes'
import { assetDisposalRoutes } from './disposals/disposals.routes'
import { assetPurchaseRoutes } from './purchases/purchases.routes'
import { assetStatsRoutes } from './stats/stats.routes'
import { assetStocktakeRoutes } from './stocktakes/stocktakes.routes'

/** 公物仓: every feature's routes. */
export const assetRoutes = [
  // catalog, 报废, 购置前查询, 盘点, 统计
  ...assetCatalogRoutes,
  ...assetDisposalRoutes,
  ...assetPurchaseRoutes,
  ...assetStocktakeRoutes,
  ...assetStatsRoutes,
]
