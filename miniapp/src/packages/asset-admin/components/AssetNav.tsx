import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Role } from '@egj/shared'
import { useMe } from '../../../store/session'
import { ASSETS_PAGE, BUY_CHECK_PAGE, DISPOSALS_PAGE, OVERDUE_PAGE, STATS_PAGE, stocktakePage } from '../lib/nav'
import './ui.scss'

export type AssetSection = 'assets' | 'stocktake' | 'buy' | 'stats' | 'overdue' | 'disposals'

const KEEPER: Role[] = ['asset_keeper', 'admin']
const CENTRE: Role[] = ['admin']

const LINKS: { key: AssetSection; text: string; url: string; roles: Role[] }[] = [
  { key: 'assets', text: '资产', url: ASSETS_PAGE, roles: KEEPER },
  { key: 'stocktake', text: '盘点', url: stocktakePage(), roles: KEEPER },
  { key: 'buy', text: '购置查询', url: BUY_CHECK_PAGE, roles: KEEPER },
  { key: 'stats', text: '统计', url: STATS_PAGE, roles: CENTRE },
  { key: 'overdue', text: '有借不还', url: OVERDUE_PAGE, roles: CENTRE },
  { key: 'disposals', text: '报废审批', url: DISPOSALS_PAGE, roles: CENTRE },
]

/** The 资产管理 pages side by side (the ones this user may open); each replaces the current page. */
export function AssetNav({ current }: { current: AssetSection }) {
  const { me } = useMe()
  const links = LINKS.filter((link) => !me || link.roles.some((role) => me.roles.includes(role)))
  if (links.length < 2) return null
  return (
    <View className='aa-nav'>
      {links.map((link) => (
        <View key={link.key} className={`aa-nav__item ${link.key === current ? 'aa-nav__item--on' : ''}`} onClick={() => link.key !== current && void Taro.redirectTo({ url: link.url })}>
          <Text>{link.text}</Text>
        </View>
      ))}
    </View>
  )
}
