import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Role } from '@egj/shared'
import { useMe } from '../../../store/session'
import { auditPage, DIRECTORY_PAGE, IMPORT_PAGE, peoplePage, UNITS_PAGE } from '../lib/nav'
import './ui.scss'

export type OrgSection = 'people' | 'units' | 'import' | 'audit' | 'directory'

const LINKS: { key: OrgSection; text: string; url: string; roles: Role[] }[] = [
  { key: 'people', text: '人员', url: peoplePage(), roles: ['admin', 'unit_admin'] },
  { key: 'units', text: '单位', url: UNITS_PAGE, roles: ['admin'] },
  { key: 'import', text: '导入', url: IMPORT_PAGE, roles: ['admin', 'unit_admin'] },
  { key: 'audit', text: '留痕', url: auditPage(), roles: ['admin'] },
  { key: 'directory', text: '同步', url: DIRECTORY_PAGE, roles: ['admin'] },
]

/** The 人员与权限 pages side by side (the ones this user may open). */
export function OrgNav({ current }: { current: OrgSection }) {
  const { me } = useMe()
  const links = LINKS.filter((link) => !me || link.roles.some((role) => me.roles.includes(role)))
  if (links.length < 2) return null
  return (
    <View className='oa-nav'>
      {links.map((link) => (
        <View key={link.key} className={`oa-nav__item ${link.key === current ? 'oa-nav__item--on' : ''}`} onClick={() => link.key !== current && void Taro.redirectTo({ url: link.url })}>
          <Text>{link.text}</Text>
        </View>
      ))}
    </View>
  )
}
