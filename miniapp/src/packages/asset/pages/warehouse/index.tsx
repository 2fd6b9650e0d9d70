import { useState } from 'react'
import { ScrollView, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Search, Store } from '@nutui/icons-react-taro'
import { ASSET_CATEGORIES, ASSET_CATEGORY_LABELS, assetsApi, type AssetCategory } from '@egj/shared'
import { request } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { decodeParam } from '../../../../utils/nav'
import { AssetNav, AssetRow, ListFooter } from '../../components/AssetBits'
import { assetDetailPage } from '../../lib/assets'
import { useCursorList } from '../../../../hooks/useCursorList'
import '../../components/asset.scss'

const CHIPS: { value: AssetCategory | null; label: string }[] = [{ value: null, label: '全部' }, ...ASSET_CATEGORIES.map((value) => ({ value, label: ASSET_CATEGORY_LABELS[value] }))]

/** 公物仓: every unit's idle assets, by category and keyword, page by page. */
export default function AssetWarehousePage() {
  const params = useRouter().params
  const [category, setCategory] = useState<AssetCategory | null>(() => ASSET_CATEGORIES.find((c) => c === params.category) ?? null)
  const [typed, setTyped] = useState(() => decodeParam(params.q).slice(0, 50))
  const [q, setQ] = useState(typed.trim())

  const list = useCursorList(
    (cursor) => request(assetsApi.list, { query: { status: 'idle', category: category ?? undefined, q: q || undefined, cursor } }),
    [category, q],
  )
  const search = () => setQ(typed.trim())
  const filtered = !!category || !!q
  const showAll = () => {
    setCategory(null)
    setTyped('')
    setQ('')
  }

  return (
    <Page className='asset-warehouse'>
      <AssetNav current='warehouse' />
      <View className='asset-search'>
        <Search size={18} color={GREY_ICON} />
        <Input
          className='asset-search__input'
          value={typed}
          maxLength={50}
          placeholder='搜索名称、品牌、型号或编号'
          confirmType='search'
          clearable
          onChange={(text) => {
            setTyped(text)
            if (!text.trim()) setQ('')
          }}
          onConfirm={search}
        />
        <Button className='asset-search__go' type='primary' size='small' onClick={search}>
          搜索
        </Button>
      </View>
      <ScrollView className='asset-chips' scrollX enhanced showScrollbar={false}>
        {CHIPS.map((chip) => (
          <View key={chip.label} className={`asset-chip ${chip.value === category ? 'asset-chip--on' : ''}`} onClick={() => setCategory(chip.value)}>
            {chip.label}
          </View>
        ))}
      </ScrollView>

      <PageGate
        state={list.state}
        guest='登录后查看公物仓'
        icon={<Store size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(page) => !page.items.length}
        empty={
          filtered
            ? { title: '没有找到符合条件的闲置资产', description: '换个关键词或类别试试', action: { text: '查看全部', onClick: showAll } }
            : { title: '公物仓暂无闲置资产', description: '各单位把闲置资产登记入仓后会在这里展示，可申请借用或调剂' }
        }
      >
        {(page) => (
          <>
            {page.items.map((asset) => (
              <AssetRow key={asset.id} asset={asset} onClick={() => void Taro.navigateTo({ url: assetDetailPage(asset.id) })} />
            ))}
            <ListFooter hasMore={!!page.nextCursor} busy={list.more.busy} problem={list.more.problem} onMore={() => void list.loadMore()} />
          </>
        )}
      </PageGate>
    </Page>
  )
}
