import { Text, View } from '@tarojs/components'
import type { Light } from '@egj/shared'
import { lightLabel } from '../lib/cockpit-view'
import './cockpit.scss'

/** A light as a dot and its word (绿灯 / 黄灯 / 红灯): colour is never the only signal. */
export function LightTag({ light, className }: { light: Light; className?: string }) {
  return (
    <View className={`ck-light ck-light--${light} ${className ?? ''}`}>
      <Text className={`ck-dot ck-dot--${light}`} />
      <Text>{lightLabel(light)}</Text>
    </View>
  )
}
