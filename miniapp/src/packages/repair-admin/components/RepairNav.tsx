import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Role } from '@egj/shared'
import { useMe } from '../../../store/session'
import { FIRMS_PAGE, LOCATIONS_PAGE, queuePage, SLA_PAGE, STATS_PAGE, WORK_PAGE } from '../lib/nav'
import './ui.scss'

export type RepairSection = 'queue' | 'work' | 'locations' | 'firms' | 'sla' | 'stats'

const LINKS: { key: RepairSection; text: string; url: string; roles: Role[] }[] = [
  { key: 'queue', text: '派单', url: queuePage(), roles: ['repair_dispatcher', 'admin'] },
  { key: 'work', text: '维修任务', url: WORK_PAGE, roles: ['repair_worker'] },
  { key: 'locations', text: '地点', url: LOCATIONS_PAGE, roles: ['repair_dispatcher', 'admin'] },
  { key: 'firms', text: '维修单位', url: FIRMS_PAGE, roles: ['repair_dispatcher', 'admin'] },
  { key: 'sla', text: '日历时限', url: SLA_PAGE, roles: ['admin', 'repair_dispatcher'] },
  { key: 'stats', text: '统计', url: STATS_PAGE, roles: ['admin'] },
]

/** The 报修管理 pages side by side (those this user may open); each replaces the current page. */
export function RepairNav({ current }: { current: RepairSection }) {
  const { me } = useMe()
  const links = LINKS.filter((link) => !me || link.roles.some((role) => me.roles.includes(role)))
  if (links.length < 2) return null
  return (
    <View className='ra-nav'>
      {links.map((link) => (
        <View key={link.key} className={`ra-nav__item ${link.key === current ? 'ra-nav__item--on' : ''}`} onClick={() => link.key !== current && void Taro.redirectTo({ url: link.url })}>
          <Text>{link.text}</Text>
        </View>
      ))}
    </View>
  )
}

/** Whether the signed-in user has the role (the server checks again on every write). */
export function useHasRole(role: Role): boolean {
  const { me } = useMe()
  return !!me?.roles.includes(role)
}
