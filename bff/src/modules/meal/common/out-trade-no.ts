import { randomInt } from 'node:crypto'
import { inShanghai } from '@egj/shared'

/** "MP" + Shanghai time + random digits: WeChat's out_trade_no / out_refund_no, unique by index. */
export const outTradeNo = (prefix: 'MP' | 'MT' | 'MR', now: Date) => `${prefix}${inShanghai(now).format('YYYYMMDDHHmmss')}${String(randomInt(0, 1e10)).padStart(10, '0')}`
