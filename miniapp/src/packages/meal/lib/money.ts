import { formatYuan, parseYuan } from '@egj/shared'

/** 1500 → "15", 1550 → "15.5", 1505 → "15.05": how a cashier's speaker says it ("收款15元"). */
export function spokenYuan(fen: number): string {
  return formatYuan(fen).replace(/\.?0+$/, '')
}

export type PadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | 'del'

/** Why a key press was refused: shown under the amount for a moment. */
export type PadRefusal = 'max' | 'decimals' | null

/**
 * The amount being typed on our keypad (text such as "15", "15.", "15.5"), after one key:
 * at most two decimals, no leading zeros, never above `maxFen`. Integers only: the text is
 * checked with shared's `parseYuan`, never a float.
 */
export function pressKey(text: string, key: PadKey, maxFen: number): { text: string; refused: PadRefusal } {
  if (key === 'del') return { text: text.slice(0, -1), refused: null }
  if (key === '.') {
    if (text.includes('.')) return { text, refused: null }
    return { text: text === '' ? '0.' : `${text}.`, refused: null }
  }
  const decimals = text.split('.')[1]
  if (decimals !== undefined && decimals.length >= 2) return { text, refused: 'decimals' }
  const next = text === '0' ? key : `${text}${key}`
  const fen = parseYuan(next)
  if (fen === null || fen > maxFen) return { text, refused: 'max' }
  return { text: next, refused: null }
}
