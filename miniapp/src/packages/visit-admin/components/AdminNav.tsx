import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { VISIT_ADMIN_PAGE, VISIT_PII_AUDIT_PAGE, VISIT_STATS_PAGE } from '../../../utils/visits'
import '../../../components/Form.scss'
import './AdminNav.scss'

const LINKS = [
  { key: 'blocklist', text: '黑名单', url: VISIT_ADMIN_PAGE },
  { key: 'stats', text: '访客统计', url: VISIT_STATS_PAGE },
  { key: 'pii', text: '查看记录', url: VISIT_PII_AUDIT_PAGE },
]

export function AdminNav({ current }: { current: string }) {
  return (
    <View className='va-nav'>
      {LINKS.map((link) => (
        <View key={link.key} className={`va-nav__item ${link.key === current ? 'va-nav__item--on' : ''}`} onClick={() => link.key !== current && void Taro.redirectTo({ url: link.url })}>
          <Text>{link.text}</Text>
        </View>
      ))}
    </View>
  )
}
