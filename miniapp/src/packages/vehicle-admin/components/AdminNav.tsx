import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { VEHICLE_ADMIN_PAGE, VEHICLE_DRIVERS_PAGE, VEHICLE_REPORTS_PAGE, VEHICLE_STATS_PAGE } from '../../../utils/vehicles'
import './AdminNav.scss'

const TABS = [
  { key: 'vehicles', text: '车辆', url: VEHICLE_ADMIN_PAGE },
  { key: 'drivers', text: '驾驶员', url: VEHICLE_DRIVERS_PAGE },
  { key: 'reports', text: '私用反映', url: VEHICLE_REPORTS_PAGE },
  { key: 'stats', text: '月度统计', url: VEHICLE_STATS_PAGE },
] as const

/** The four 车辆管理 pages, one tap apart (each replaces the current page: no deep back stack). */
export function AdminNav({ current }: { current: (typeof TABS)[number]['key'] }) {
  return (
    <View className='va-nav'>
      {TABS.map((tab) => (
        <View key={tab.key} className={`va-nav__item ${tab.key === current ? 'va-nav__item--on' : ''}`} onClick={() => tab.key !== current && void Taro.redirectTo({ url: tab.url })}>
          <Text>{tab.text}</Text>
        </View>
      ))}
    </View>
  )
}
