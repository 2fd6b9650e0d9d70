import { PAGES, pageUrl } from '@egj/shared'

// the 资产管理 pages and the 公物仓 pages they link to, from the route table (shared/src/routes.ts)
export const ASSETS_PAGE = pageUrl(PAGES.assetAdmin)
export const assetEditPage = (id?: number) => pageUrl(PAGES.assetEdit, { id })
export const BUY_CHECK_PAGE = pageUrl(PAGES.assetBuyCheck)
export const stocktakePage = (id?: number) => pageUrl(PAGES.assetStocktake, { id })
export const STATS_PAGE = pageUrl(PAGES.assetStats)
export const OVERDUE_PAGE = pageUrl(PAGES.assetOverdue)
export const DISPOSALS_PAGE = pageUrl(PAGES.assetDisposals)
export const assetDetailPage = (id: number) => pageUrl(PAGES.assetDetail, { id })
export const assetLoanPage = (id: number) => pageUrl(PAGES.assetLoan, { id })
