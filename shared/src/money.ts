/** Money is integer 分 everywhere; it becomes 元 only on screen. */
export type Fen = number

/**
 * 1500 → "15.00": the digits of an amount for an input field the user edits (no currency sign).
 * Every amount SHOWN to a user goes through `formatMoney` instead.
 */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * The one way an amount is shown on every screen: 1500 → "¥15.00", -300 → "-¥3.00", 0 → "¥0.00".
 * No space after ¥, no "元" suffix, the minus before the sign.
 */
export function formatMoney(fen: Fen): string {
  return fen < 0 ? `-¥${formatYuan(-fen)}` : `¥${formatYuan(fen)}`
}

/** "15", "15.5", "15.50" → 1550; anything else → null. Never goes through floats. */
export function parseYuan(text: string): Fen | null {
  const match = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text.trim())
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}
