/** Money is integer 分 everywhere; it becomes 元 only on screen. */
export type Fen = number

/** 1500 → "15.00" */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** "15", "15.5", "15.50" → 1550; anything else → null. Never goes through floats. */
export function parseYuan(text: string): Fen | null {
  const match = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text.trim())
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}
