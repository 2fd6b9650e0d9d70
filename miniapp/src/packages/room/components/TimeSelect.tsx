import { Picker, Text, View } from '@tarojs/components'
import { ArrowRight } from '@nutui/icons-react-taro'

/** A time on the 5-minute grid, picked from a list (the platform's time picker has 1-minute steps). */
export function TimeSelect({ options, value, onChange, placeholder }: { options: string[]; value: string; onChange: (value: string) => void; placeholder?: string }) {
  const index = Math.max(options.indexOf(value), 0)
  return (
    <Picker mode='selector' range={options} value={index} onChange={(e) => onChange(options[Number(e.detail.value)] ?? value)}>
      <View className='vf-picker'>
        <Text className={value ? 'vf-picker__text' : 'vf-picker__text vf-picker__text--empty'}>{value || placeholder || '请选择'}</Text>
        <ArrowRight size={12} color='#c0c4cc' />
      </View>
    </Picker>
  )
}
