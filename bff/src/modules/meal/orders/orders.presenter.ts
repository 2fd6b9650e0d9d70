import type { Order } from '@egj/shared'
import type { findOrder, itemsOf } from './orders.repo'

type Row = NonNullable<Awaited<ReturnType<typeof findOrder>>>
type Item = Awaited<ReturnType<typeof itemsOf>>[number]

export function presentOrder(row: Row, items: Item[], cutoffAt: Date | null): Order {
  const { order } = row
  return {
    id: order.id,
    status: order.status,
    merchantId: order.merchantId,
    merchantName: row.merchantName,
    date: order.date,
    periodId: order.periodId,
    periodName: row.periodName,
    cutoffAt: cutoffAt?.toISOString() ?? null,
    pay: order.pay,
    amountFen: order.amountFen,
    guestName: order.guestName,
    diner: { id: order.userId, name: row.dinerName, unitName: row.unitName },
    items: items.filter((item) => item.orderId === order.id).map((item) => ({ dishId: item.dishId, name: item.name, qty: item.qty, priceFen: item.priceFen })),
    paymentId: order.paymentId,
    createdAt: order.createdAt.toISOString(),
  }
}
