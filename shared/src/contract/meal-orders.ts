import { IdParam } from '../notifications'
import { Canteens, Counts, CountsQuery, MenuCopyResult, MenuCopyWeek, MenuPathParams, MenuPeriod, MenuQuery, MenuReplace, Menus, Order, OrderCreate, OrderList, OrderListQuery, OrderPickup, OrderStats, OrderStatsQuery, OrderUpdate, Waste, WasteRecord } from '../meal-orders'
import { endpoint } from './define'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** 智慧食堂 报餐: the canteen's menus (issue 23). */
export const mealMenusApi = {
  canteens: endpoint({ method: 'GET', path: '/api/v1/meal/canteens', tag: 'meal-orders', summary: '可报餐的食堂（含我是否为其食堂管理员）', response: Canteens }),
  list: endpoint({ method: 'GET', path: '/api/v1/meal/menus', tag: 'meal-orders', summary: '食堂菜单（按日、按餐次；含截止时间与每道菜剩余份数）', query: MenuQuery, response: Menus }),
  replace: endpoint({ method: 'PUT', path: '/api/v1/meal/menus/:merchantId/:date/:periodId', tag: 'meal-orders', summary: '发布或修改某日某餐次的菜单（已有预订的菜只能下架，不能删除）', params: MenuPathParams, body: MenuReplace, response: MenuPeriod, idempotent: true }),
  copyWeek: endpoint({ method: 'POST', path: '/api/v1/meal/menus/copy-week', tag: 'meal-orders', summary: '复制上周菜单到本周（已发布的日期不覆盖）', body: MenuCopyWeek, response: MenuCopyResult, status: 201, idempotent: true }),
}

/** 智慧食堂 报餐: bookings, pick-up, the kitchen's count, waste and monthly statistics (issue 23). */
export const mealOrdersApi = {
  create: endpoint({ method: 'POST', path: '/api/v1/meal/orders', tag: 'meal-orders', summary: '报餐：预订某日某餐次（饭卡预扣或取餐时付款；可为来宾用餐券预订）', body: OrderCreate, response: Order, status: 201, idempotent: true }),
  list: endpoint({ method: 'GET', path: '/api/v1/meal/orders', tag: 'meal-orders', summary: '我的报餐（as=mine）或食堂当日订单（as=kitchen）', query: OrderListQuery, response: OrderList }),
  counts: endpoint({ method: 'GET', path: '/api/v1/meal/orders/counts', tag: 'meal-orders', summary: '备餐数：某日各餐次每道菜的预订份数（按单位）', query: CountsQuery, response: Counts }),
  prepSheet: endpoint({ method: 'GET', path: '/api/v1/meal/orders/prep-sheet', tag: 'meal-orders', summary: '备餐单（A4 打印页）', query: CountsQuery, file: 'text/html' }),
  stats: endpoint({ method: 'GET', path: '/api/v1/meal/orders/stats', tag: 'meal-orders', summary: '月度报餐统计（按食堂：预订、就餐、未取餐、备餐与预订份数、人均浪费、收入）', query: OrderStatsQuery, response: OrderStats }),
  statsXlsx: endpoint({ method: 'GET', path: '/api/v1/meal/orders/stats.xlsx', tag: 'meal-orders', summary: '月度报餐统计 Excel', query: OrderStatsQuery, file: XLSX_TYPE }),
  get: endpoint({ method: 'GET', path: '/api/v1/meal/orders/:id', tag: 'meal-orders', summary: '一份报餐', params: IdParam, response: Order }),
  update: endpoint({ method: 'PATCH', path: '/api/v1/meal/orders/:id', tag: 'meal-orders', summary: '截止前修改报餐（预扣金额随之调整）', params: IdParam, body: OrderUpdate, response: Order }),
  cancel: endpoint({ method: 'POST', path: '/api/v1/meal/orders/:id/cancel', tag: 'meal-orders', summary: '截止前取消报餐（预扣金额立即退回饭卡）', params: IdParam, response: Order }),
  pickup: endpoint({ method: 'POST', path: '/api/v1/meal/orders/:id/pickup', tag: 'meal-orders', summary: '取餐：扫窗口码，一次确认（预扣转为付款，或当场付款）', params: IdParam, body: OrderPickup, response: Order, idempotent: true }),
  waste: endpoint({ method: 'POST', path: '/api/v1/meal/waste', tag: 'meal-orders', summary: '记录某餐次的厨余重量（公斤）', body: WasteRecord, response: Waste }),
}
