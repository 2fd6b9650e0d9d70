import { PAGES, pageUrl } from '@egj/shared'

/** The pages of this subpackage (root `packages/meal-admin`), from the route table in shared. */
export const MERCHANTS_PAGE = pageUrl(PAGES.mealMerchants)
export const merchantPage = (id: number) => pageUrl(PAGES.mealMerchant, { id })
export const SUBSIDY_PAGE = pageUrl(PAGES.mealSubsidy)
export const VOUCHERS_PAGE = pageUrl(PAGES.mealVouchers)
export const statementPage = (merchantId?: number, date?: string) => pageUrl(PAGES.mealStatement, { merchantId, date: date || undefined })
export const SETTLEMENT_PAGE = pageUrl(PAGES.mealSettlement)
export const ORDER_STATS_PAGE = pageUrl(PAGES.mealOrderStats)
