import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Category, Plus, QrCode, Search } from '@nutui/icons-react-taro'
import { ASSET_CATEGORY_LABELS, ASSET_CONDITION_LABELS, ASSET_STATUS_LABELS, assetsApi, formatMoney, type AssetListItem, type AssetStatus } from '@egj/shared'
import { errorMessage, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Chips } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { AssetNav } from '../../components/AssetNav'
import { openAssetQrSheet } from '../../lib/files'
import { STATUS_TONES } from '../../lib/labels'
import { assetDetailPage, assetEditPage } from '../../lib/nav'
import '../../components/ui.scss'
import './index.scss'

type Filter = 'all' | AssetStatus
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'idle', label: '闲置' },
  { value: 'in_use', label: '在用' },
  { value: 'on_loan', label: '借出中' },
  { value: 'disposed', label: '已报废' },
]
const EMPTY_TEXT: Record<Filter, string> = {
  all: '本单位还没有登记资产',
  idle: '没有闲置资产',
  in_use: '没有在用资产',
  on_loan: '没有借出中的资产',
  disposed: '没有已报废的资产',
}

interface More {
  items: AssetListItem[]
  cursor: string | null
  busy: boolean
  problem: string | null
}

/** 资产管理 (a unit's 资产管理员; the centre for its own unit): the unit's assets, idle or in use at a tap, codes to print. */
export default function AssetAdminAssetsPage() {
  const gate = useRoleGate(['asset_keeper', 'admin'])
  const actions = useActionDialog()
  const [filter, setFilter] = useState<Filter>('all')
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  const query = { mine: '1' as const, status: filter === 'all' ? undefined : filter, q: q || undefined }

  const [more, setMore] = useState<More>({ items: [], cursor: null, busy: false, problem: null })
  const list = useResource(
    () =>
      request(assetsApi.list, { query }).then((page) => {
        setMore({ items: [], cursor: page.nextCursor, busy: false, problem: null })
        return page
      }),
    { key: [query], enabled: !gate },
  )
  const loadMore = () => {
    if (!more.cursor || more.busy) return
    setMore((m) => ({ ...m, busy: true }))
    request(assetsApi.list, { query: { ...query, cursor: more.cursor } }).then(
      (page) => setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, busy: false, problem: null })),
      (e: unknown) => setMore((m) => ({ ...m, busy: false, problem: errorMessage(e) })),
    )
  }

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  // 设为闲置 / 设为在用: a conditional update (the same status twice changes nothing); the hook keeps it to one at a time
  const setStatus = useSubmit(({ id, status }: { id: number; status: 'idle' | 'in_use' }) => request(assetsApi.update, { params: { id }, body: { status } }))
  const switchStatus = async (asset: AssetListItem) => {
    if (setStatus.busy) return
    const status = asset.status === 'idle' ? 'in_use' : 'idle'
    try {
      await setStatus.submit({ id: asset.id, status })
      toast(status === 'idle' ? '已放入公物仓' : '已设为在用', 'success')
      void list.reload()
    } catch (e) {
      actions.fail(e, { title: status === 'idle' ? '未能设为闲置' : '未能设为在用' })
    }
  }

  const print = async () => {
    try {
      const result = await openAssetQrSheet()
      if (result === 'use-computer') toast('请在电脑浏览器中打开本页打印')
      else if (result === 'blocked') toast('浏览器拦截了新窗口，请允许弹出窗口后重试', 'warn')
    } catch (e) {
      actions.fail(e, { title: '未能生成资产码' })
    }
  }

  const open = (url: string) => void Taro.navigateTo({ url })

  if (gate) return <Page className='aa-assets'>{gate}</Page>

  return (
    <Page className='aa-assets'>
      <AssetNav current='assets' />
      <View className='aa-tools'>
        <Button type='primary' icon={<Plus size={14} color='#ffffff' />} onClick={() => open(assetEditPage())}>
          登记资产
        </Button>
        <Button type='primary' fill='outline' icon={<QrCode size={14} />} onClick={() => void print()}>
          打印资产码
        </Button>
      </View>
      <View className='aa-search'>
        <Search size={16} color='var(--egj-text-3)' className='aa-search__icon' />
        <Input value={typed} maxLength={50} placeholder='名称、品牌、型号或编号' confirmType='search' clearable onChange={setTyped} onClear={() => setQ('')} onConfirm={() => setQ(typed.trim())} />
        <View className='aa-search__go' onClick={() => setQ(typed.trim())}>
          搜索
        </View>
      </View>
      <View className='aa-assets__filters'>
        <Chips options={FILTERS} value={filter} onChange={setFilter} />
      </View>
      <PageGate
        state={list.state}
        needs={['asset_keeper']}
        icon={<Category size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(page) => page.items.length === 0}
        empty={q ? { title: '没有找到相符的资产', description: `没有与「${q}」相符的资产` } : { title: EMPTY_TEXT[filter], description: filter === 'all' ? '点「登记资产」登记第一件，登记后即生成终身资产码' : undefined }}
      >
        {(page) => (
          <>
            {[...page.items, ...more.items].map((asset) => (
              <View key={asset.id} className={`aa-item ${asset.status === 'disposed' ? 'aa-assets__item--off' : ''}`}>
                <View className='aa-item__top' onClick={() => open(assetEditPage(asset.id))}>
                  <Text className='aa-item__title'>{asset.name}</Text>
                  <Pill tone={STATUS_TONES[asset.status]} className='aa-item__pill'>
                    {ASSET_STATUS_LABELS[asset.status]}
                  </Pill>
                </View>
                <View className='aa-item__line' onClick={() => open(assetEditPage(asset.id))}>
                  {[ASSET_CATEGORY_LABELS[asset.category], [asset.brand, asset.model].filter(Boolean).join(' '), ASSET_CONDITION_LABELS[asset.condition]].filter(Boolean).join(' · ')}
                </View>
                <View className='aa-item__muted'>
                  编号 {asset.shortCode} · {asset.location} · 原值 {formatMoney(asset.originalValueFen)}
                </View>
                <View className='aa-actions'>
                  <View className='aa-action' onClick={() => open(assetDetailPage(asset.id))}>
                    详情与履历
                  </View>
                  <View className='aa-action' onClick={() => open(assetEditPage(asset.id))}>
                    {asset.status === 'disposed' ? '资产码' : '编辑'}
                  </View>
                  {(asset.status === 'idle' || asset.status === 'in_use') && (
                    <View className='aa-action aa-action--blue' onClick={() => void switchStatus(asset)}>
                      {asset.status === 'idle' ? '设为在用' : '设为闲置'}
                    </View>
                  )}
                </View>
              </View>
            ))}
            {more.cursor ? (
              <View className='aa-more' onClick={loadMore}>
                {more.busy ? '加载中…' : more.problem ? `${more.problem}，点此重试` : '加载更多'}
              </View>
            ) : (
              <View className='aa-more aa-more--muted'>没有更多了</View>
            )}
            <View className='aa-bottom-space' />
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
