import { feedRoutes } from './feed/feed.routes'
import { menuRoutes } from './menus/menus.routes'
import { orderRoutes } from './orders/orders.routes'
import { merchantRoutes } from './merchants/merchants.routes'
import { paymentRoutes } from './payments/payments.routes'
import { refundRoutes } from './refunds/refunds.routes'
import { settlementRoutes } from './settlement/settlement.routes'
import { subsidyRoutes } from './subsidies/subsidies.routes'
import { voucherRoutes } from './vouchers/vouchers.routes'

/** 公务餐: every feature's routes. */
export const mealRoutes = [...paymentRoutes, ...refundRoutes, ...feedRoutes, ...voucherRoutes, ...merchantRoutes, ...subsidyRoutes, ...settlementRoutes, ...menuRoutes, ...orderRoutes]
