import { View } from '@tarojs/components'
import type { PadKey } from '../lib/money'
import './Keypad.scss'

const ROWS: PadKey[][] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['.', '0', 'del'],
]

/** Big numeric keys for the amount: no system keyboard pops up over the page. */
export function Keypad({ onPress, disabled }: { onPress: (key: PadKey) => void; disabled?: boolean }) {
  return (
    <View className={`meal-keypad ${disabled ? 'meal-keypad--disabled' : ''}`}>
      {ROWS.map((row) => (
        <View key={row.join('')} className='meal-keypad__row'>
          {row.map((key) => (
            <View
              key={key}
              className={`meal-keypad__key ${key === 'del' ? 'meal-keypad__key--del' : ''}`}
              hoverClass='meal-keypad__key--pressed'
              hoverStayTime={60}
              aria-label={key === 'del' ? '删除' : key === '.' ? '小数点' : key}
              onClick={() => !disabled && onPress(key)}
            >
              {key === 'del' ? <View className='meal-keypad__backspace'><View className='meal-keypad__backspace-x'>×</View></View> : key}
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
