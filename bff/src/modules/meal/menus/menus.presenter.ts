import type { MenuDish, MenuPeriod } from '@egj/shared'
import type { DishRow, MenuRow, PeriodRow } from '../common/menu.repo'

export function presentDish(dish: DishRow): MenuDish {
  return {
    id: dish.id,
    name: dish.name,
    photoUrl: dish.photoUrl,
    priceFen: dish.priceFen,
    tag: dish.tag,
    allergens: dish.allergens as MenuDish['allergens'],
    left: dish.portionsLimit === null ? null : Math.max(0, dish.portionsLimit - dish.booked),
    portionsLimit: dish.portionsLimit,
  }
}

export function presentMenuPeriod(period: PeriodRow, menu: MenuRow, dishes: DishRow[]): MenuPeriod {
  return { periodId: period.id, name: period.name, cutoffAt: menu.cutoffAt.toISOString(), dishes: dishes.filter((dish) => dish.status === 'active').map(presentDish) }
}
