/** The pages of this subpackage (root `packages/meal-admin`). */
const ROOT = '/packages/meal-admin/pages'

export const MERCHANTS_PAGE = `${ROOT}/merchants/index`
export const merchantPage = (id: number) => `${ROOT}/merchant/index?id=${id}`
export const SUBSIDY_PAGE = `${ROOT}/subsidy/index`
export const VOUCHERS_PAGE = `${ROOT}/vouchers/index`
export const statementPage = (merchantId?: number, date?: string) => {
  const query = [merchantId !== undefined ? `merchantId=${merchantId}` : '', date ? `date=${date}` : ''].filter(Boolean).join('&')
  return `${ROOT}/statement/index${query ? `?${query}` : ''}`
}
export const SETTLEMENT_PAGE = `${ROOT}/settlement/index`
