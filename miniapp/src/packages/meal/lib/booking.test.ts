import { allergensText } from '@egj/shared'
import { cutoffText } from './booking'
import { voucherCodeOf } from './voucher'

jest.mock('@tarojs/taro', () => ({ setStorageSync: jest.fn(), getStorageSync: jest.fn(), removeStorageSync: jest.fn() }))

describe('报餐 texts', () => {
  it('says which day the cut-off is on when it is not the meal’s day', () => {
    expect(cutoffText('2026-12-07T12:00:00.000Z', '2026-12-08')).toBe('前一天 20:00 截止') // breakfast: 20:00 the day before
    expect(cutoffText('2026-12-08T01:30:00.000Z', '2026-12-08')).toBe('09:30 截止') // lunch, the same day
    expect(cutoffText('2026-12-08T07:00:00.000Z', '2026-12-08')).toBe('15:00 截止') // dinner
    expect(cutoffText('2026-12-05T12:00:00.000Z', '2026-12-08')).toBe('12月5日 20:00 截止')
  })

  it('names allergens without a doubled 含', () => {
    expect(allergensText(['含麸质谷物', '花生'])).toBe('过敏原：麸质谷物、花生')
    expect(allergensText([])).toBe('')
  })

  it('reads a 餐券码 typed or from the voucher’s link', () => {
    const code = 'AbCdEfGhJkMnPqRsTu23'
    expect(voucherCodeOf(` ${code} `)).toBe(code)
    expect(voucherCodeOf(`https://egj.example.gov.cn/h5/#/packages/meal/pages/voucher/index?code=${code}`)).toBe(code)
    expect(voucherCodeOf(`https://x/?code=${code}X`)).toBeNull()
    expect(voucherCodeOf('https://egj.example.gov.cn/q/m/1.abc')).toBeNull()
  })
})
