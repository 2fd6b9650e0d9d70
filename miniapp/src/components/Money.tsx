import { Text } from '@tarojs/components'
import { formatMoney } from '@egj/shared'

/**
 * A big amount (a receipt, a balance, a voucher): `formatMoney`'s text with the ¥ drawn smaller.
 * Small amounts in a line of text use `formatMoney` directly.
 */
export function Money({ fen, className, signClassName }: { fen: number; className?: string; signClassName?: string }) {
  const text = formatMoney(fen)
  const at = text.indexOf('¥')
  return (
    <Text className={className}>
      {text.slice(0, at)}
      <Text className={signClassName}>¥</Text>
      {text.slice(at + 1)}
    </Text>
  )
}
