import { inShanghai } from '@egj/shared'

/** Seven colours, one per day: a screenshot from yesterday shows the wrong one. */
export const DAILY_COLOURS = [
  { name: '湖蓝', value: '#1677ff' },
  { name: '翠绿', value: '#12a150' },
  { name: '橙黄', value: '#e8790c' },
  { name: '玫红', value: '#d6336c' },
  { name: '靛紫', value: '#6741d9' },
  { name: '青碧', value: '#0b9394' },
  { name: '赭石', value: '#a4582a' },
] as const

export type DailyColour = (typeof DAILY_COLOURS)[number]

/** Today's colour by the Asia/Shanghai calendar date: days since 1970-01-01 (Shanghai) mod 7. */
export function dailyColour(now: Date): DailyColour {
  const day = inShanghai(now).format('YYYY-MM-DD')
  const days = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000)
  return DAILY_COLOURS[((days % 7) + 7) % 7]
}
