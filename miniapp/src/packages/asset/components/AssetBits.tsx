import type { ReactNode } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Image as ImageIcon } from '@nutui/icons-react-taro'
import { ASSET_CATEGORY_LABELS, ASSET_CONDITION_LABELS, ASSET_STATUS_LABELS, formatMoney, type AssetListItem, type Role } from '@egj/shared'
import { GREY_ICON } from '../../../components/PageGate'
import { Pill } from '../../../components/Pill'
import { useMe } from '../../../store/session'
import { ASSET_STATUS_TONES, assetLoansPage, assetTransfersPage, WAREHOUSE_PAGE } from '../lib/assets'
import '../../../components/Form.scss'
import './asset.scss'

/** An asset's first photo, or a grey picture when it has none. */
export function AssetThumb({ url, className }: { url?: string; className?: string }) {
  return (
    <View className={`asset-thumb ${className ?? ''}`}>
      {url ? <Image className='asset-thumb__img' src={url} mode='aspectFill' lazyLoad /> : <ImageIcon size={28} color={GREY_ICON} />}
    </View>
  )
}

/** One asset in a list: photo, name, category · condition, unit, 原值. */
export function AssetRow({ asset, extra, onClick }: { asset: AssetListItem; extra?: ReactNode; onClick?: () => void }) {
  return (
    <View className='asset-row' onClick={onClick}>
      <AssetThumb url={asset.photoUrls[0]} />
      <View className='asset-row__body'>
        <View className='asset-row__top'>
          <Text className='asset-row__name'>{asset.name}</Text>
          {extra}
        </View>
        <View className='asset-row__line'>
          {ASSET_CATEGORY_LABELS[asset.category]} · {ASSET_CONDITION_LABELS[asset.condition]}
        </View>
        <View className='asset-row__line asset-row__muted'>{asset.unitName}</View>
        <View className='asset-row__line asset-row__muted'>原值 {formatMoney(asset.originalValueFen)}</View>
      </View>
    </View>
  )
}

export const AssetStatusPill = ({ asset }: { asset: Pick<AssetListItem, 'status'> }) => <Pill tone={ASSET_STATUS_TONES[asset.status]}>{ASSET_STATUS_LABELS[asset.status]}</Pill>

/** Under a paged list: 加载更多 (reaching the bottom does it too), or why the next page failed. */
export function ListFooter({ hasMore, busy, problem, onMore }: { hasMore: boolean; busy: boolean; problem: string | null; onMore: () => void }) {
  if (!hasMore && !problem) return <View className='vf-empty-line'>没有更多了</View>
  return (
    <View className='vf-actions asset-footer'>
      {problem && <View className='asset-footer__problem'>{problem}</View>}
      {hasMore && (
        <Button block fill='outline' type='primary' loading={busy} onClick={onMore}>
          {problem ? '重新加载' : '加载更多'}
        </Button>
      )}
    </View>
  )
}

export type AssetSection = 'warehouse' | 'loans' | 'transfers'

const LINKS: { key: AssetSection; text: string; url: string; roles?: Role[] }[] = [
  { key: 'warehouse', text: '公物仓', url: WAREHOUSE_PAGE },
  { key: 'loans', text: '借用', url: assetLoansPage() },
  { key: 'transfers', text: '调剂', url: assetTransfersPage(), roles: ['asset_keeper', 'admin'] },
]

/** The warehouse, the loans and (for keepers and the centre) the transfers, one tap apart. */
export function AssetNav({ current }: { current: AssetSection }) {
  const { me } = useMe()
  const links = LINKS.filter((link) => !link.roles || (me && link.roles.some((role) => me.roles.includes(role))))
  return (
    <View className='asset-nav'>
      {links.map((link) => (
        <View key={link.key} className={`asset-nav__item ${link.key === current ? 'asset-nav__item--on' : ''}`} onClick={() => link.key !== current && void Taro.redirectTo({ url: link.url })}>
          <Text>{link.text}</Text>
        </View>
      ))}
    </View>
  )
}

/** A list's tabs: shown only when there is more than one. */
export function useKeeper(): { keeper: boolean; centre: boolean } {
  const { me } = useMe()
  const roles = me?.roles ?? []
  return { keeper: roles.includes('asset_keeper') || roles.includes('admin'), centre: roles.includes('admin') }
}
