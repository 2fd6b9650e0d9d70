import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { GATE_EXPECTED_PAGE, GATE_ON_SITE_PAGE, GATE_SCAN_PAGE, GATE_WALK_IN_PAGE } from '../../../utils/visits'
import '../../../components/Form.scss'
import './GateNav.scss'

const LINKS = [
  { key: 'scan', text: '扫码核验', url: GATE_SCAN_PAGE },
  { key: 'expected', text: '今日预约', url: GATE_EXPECTED_PAGE },
  { key: 'on-site', text: '在园名单', url: GATE_ON_SITE_PAGE },
  { key: 'walk-in', text: '现场登记', url: GATE_WALK_IN_PAGE },
]

/** The guard's four screens, one tap apart (each replaces the current one: no deep stack at the gate). */
export function GateNav({ current }: { current: string }) {
  return (
    <View className='gate-nav'>
      {LINKS.map((link) => (
        <View key={link.key} className={`gate-nav__item ${link.key === current ? 'gate-nav__item--on' : ''}`} onClick={() => link.key !== current && void Taro.redirectTo({ url: link.url })}>
          <Text>{link.text}</Text>
        </View>
      ))}
    </View>
  )
}
