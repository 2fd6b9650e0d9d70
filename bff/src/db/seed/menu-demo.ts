import { and, eq } from 'drizzle-orm'
import { shanghaiDate } from '@egj/shared'
import dayjs from 'dayjs'
import type { Db } from '../client'
import { withTransaction } from '../client'
import { mealMenuDishes, mealMenus, mealPeriods, merchants, users } from '../schema'
import { cutoffFor } from '../../modules/meal/menus/menus.service'

type Dish = { name: string; priceFen: number; tag: 'meat' | 'veg' | 'staple' | 'soup'; portionsLimit?: number; allergens?: string[] }

/** A week of a 机关食堂's menus, one list per period, rotated by weekday so the days differ. */
const MENUS: Record<string, Dish[][]> = {
  早餐: [
    [{ name: '鲜肉小笼包', priceFen: 400, tag: 'meat', allergens: ['含麸质谷物'] }, { name: '茶叶蛋', priceFen: 150, tag: 'veg', allergens: ['蛋类'] }, { name: '小米粥', priceFen: 150, tag: 'staple' }, { name: '豆浆', priceFen: 150, tag: 'soup', allergens: ['大豆'] }],
    [{ name: '葱油拌面', priceFen: 500, tag: 'staple', allergens: ['含麸质谷物'] }, { name: '煎饺', priceFen: 500, tag: 'meat', allergens: ['含麸质谷物'] }, { name: '白煮蛋', priceFen: 150, tag: 'veg', allergens: ['蛋类'] }, { name: '牛奶', priceFen: 300, tag: 'soup', allergens: ['乳制品'] }],
  ],
  午餐: [
    [{ name: '红烧肉', priceFen: 1200, tag: 'meat', portionsLimit: 80 }, { name: '清蒸鲈鱼', priceFen: 1500, tag: 'meat', portionsLimit: 40, allergens: ['鱼类'] }, { name: '蒜蓉西兰花', priceFen: 500, tag: 'veg' }, { name: '番茄炒蛋', priceFen: 600, tag: 'veg', allergens: ['蛋类'] }, { name: '米饭', priceFen: 100, tag: 'staple' }, { name: '紫菜蛋花汤', priceFen: 200, tag: 'soup', allergens: ['蛋类'] }],
    [{ name: '宫保鸡丁', priceFen: 1000, tag: 'meat', portionsLimit: 80, allergens: ['花生'] }, { name: '油焖大虾', priceFen: 1800, tag: 'meat', portionsLimit: 30, allergens: ['甲壳类'] }, { name: '麻婆豆腐', priceFen: 500, tag: 'veg', allergens: ['大豆'] }, { name: '清炒时蔬', priceFen: 400, tag: 'veg' }, { name: '米饭', priceFen: 100, tag: 'staple' }, { name: '冬瓜排骨汤', priceFen: 300, tag: 'soup' }],
  ],
  晚餐: [
    [{ name: '糖醋里脊', priceFen: 1000, tag: 'meat', portionsLimit: 50 }, { name: '干煸四季豆', priceFen: 500, tag: 'veg' }, { name: '米饭', priceFen: 100, tag: 'staple' }, { name: '酸辣汤', priceFen: 200, tag: 'soup', allergens: ['蛋类'] }],
    [{ name: '土豆烧牛肉', priceFen: 1400, tag: 'meat', portionsLimit: 50 }, { name: '手撕包菜', priceFen: 400, tag: 'veg' }, { name: '馒头', priceFen: 100, tag: 'staple', allergens: ['含麸质谷物'] }, { name: '罗宋汤', priceFen: 300, tag: 'soup' }],
  ],
}

/** Idempotent: 市级机关食堂's menus for this week and next (Monday to Friday), published by 许梅 (shitang1). */
export async function seedMenuDemo(db: Db, now = new Date()): Promise<void> {
  const [canteen] = await db.select({ id: merchants.id }).from(merchants).where(eq(merchants.name, '市级机关食堂'))
  const [manager] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'shitang1'))
  if (!canteen || !manager) return
  const periods = await db.select().from(mealPeriods).where(eq(mealPeriods.merchantId, canteen.id))
  const today = dayjs(shanghaiDate(now))
  const monday = today.subtract((today.day() + 6) % 7, 'day')
  await withTransaction(db, async (tx) => {
    for (let i = 0; i < 14; i++) {
      const day = monday.add(i, 'day')
      if (day.day() === 0 || day.day() === 6) continue
      const date = day.format('YYYY-MM-DD')
      for (const period of periods) {
        const lists = MENUS[period.name]
        if (!lists) continue
        const [existing] = await tx.select({ date: mealMenus.date }).from(mealMenus).where(and(eq(mealMenus.merchantId, canteen.id), eq(mealMenus.date, date), eq(mealMenus.periodId, period.id)))
        if (existing) continue
        await tx.insert(mealMenus).values({ merchantId: canteen.id, date, periodId: period.id, cutoffAt: cutoffFor(period, date), publishedBy: manager.id })
        const dishes = lists[i % lists.length]
        await tx.insert(mealMenuDishes).values(dishes.map((dish, sort) => ({ merchantId: canteen.id, date, periodId: period.id, name: dish.name, priceFen: dish.priceFen, tag: dish.tag, portionsLimit: dish.portionsLimit ?? null, allergens: dish.allergens ?? [], sort })))
      }
    }
  })
}
