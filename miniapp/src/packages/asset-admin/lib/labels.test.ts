/// <reference types="jest" />
import { whenText } from './labels'

describe('whenText', () => {
  const now = new Date('2026-12-07T03:00:00Z')
  it('writes a day of this year without the year, another year’s with it', () => {
    expect(whenText('2026-12-02', now)).toBe('12月2日')
    expect(whenText('2023-03-15', now)).toBe('2023年3月15日')
  })
  it('writes an instant in Shanghai time, the year only when it is another', () => {
    expect(whenText('2026-12-07T02:30:00Z', now)).toBe('12月7日 10:30')
    expect(whenText('2027-01-06T03:15:00Z', now)).toBe('2027年1月6日 11:15')
  })
})
