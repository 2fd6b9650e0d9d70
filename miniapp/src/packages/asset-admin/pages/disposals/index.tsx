import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Del } from '@nutui/icons-react-taro'
import { ASSET_DISPOSAL_STATUS_LABELS, assetDisposalsApi, formatMoney, type AssetDisposal } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { AssetNav } from '../../components/AssetNav'
import { DISPOSAL_TONES, whenText } from '../../lib/labels'
import { assetDetailPage } from '../../lib/nav'
import '../../components/ui.scss'
import './index.scss'

type Tab = 'pending' | 'history'

/** 报废审批 (the centre): the units' 报废 requests to agree or refuse (with a reason), and those decided. */
export default function AssetDisposalsPage() {
  const [tab, setTab] = useState<Tab>('pending')
  const list = useResource(
    () => request(assetDisposalsApi.list, { query: tab === 'pending' ? { status: 'pending' } : {} }).then(({ items }) => (tab === 'pending' ? items : items.filter((d) => d.status !== 'pending'))),
    { key: [tab] },
  )
  const actions = useActionDialog()
  const [ask, setAsk] = useState<ReasonAsk | null>(null)
  const approve = useSubmit((id: number) => request(assetDisposalsApi.approve, { params: { id } }))

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  /** The request was decided meanwhile (by another admin): say so and show the list as it is now. */
  const failed = (e: unknown, title: string) => {
    actions.fail(e, { title })
    if (asApiError(e).code === 'ASSET_DISPOSAL_STATE') void list.reload()
  }

  const askApprove = (d: AssetDisposal) =>
    actions.show({
      title: `同意报废「${d.assetName}」？`,
      message: `${d.unitName} · 原值 ${formatMoney(d.originalValueFen)}。同意后该资产移出公物仓，不能再调剂或借用，履历保留。`,
      choices: [
        {
          text: '同意报废',
          danger: true,
          onClick: () =>
            void approve.submit(d.id).then(
              () => {
                toast('已同意报废', 'success')
                void list.reload()
              },
              (e: unknown) => failed(e, '未能同意报废'),
            ),
        },
      ],
      cancelText: '取消',
    })

  const askReject = (d: AssetDisposal) =>
    setAsk({
      title: `不同意报废「${d.assetName}」`,
      message: `${d.unitName} 的报废申请将退回，资产保持原状态。`,
      placeholder: '不同意的原因，如 尚可维修使用',
      confirmText: '不同意',
      onConfirm: async (reason) => {
        try {
          await request(assetDisposalsApi.reject, { params: { id: d.id }, body: { reason } })
        } catch (e) {
          const error = asApiError(e)
          if (error.code === 'ASSET_DISPOSAL_STATE') void list.reload()
          throw error.message
        }
        toast('已退回', 'success')
        void list.reload()
      },
    })

  return (
    <Page className='ads'>
      <AssetNav current='disposals' />
      <View className='ads__tabs'>
        <Segmented
          options={[
            { value: 'pending', label: '待审批' },
            { value: 'history', label: '已处理' },
          ]}
          value={tab}
          onChange={setTab}
        />
      </View>
      <PageGate
        state={list.state}
        needs={['admin']}
        icon={<Del size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(items) => items.length === 0}
        empty={tab === 'pending' ? { title: '没有待审批的报废申请' } : { title: '还没有处理过的报废申请' }}
      >
        {(items) => (
          <>
            {items.map((d) => (
              <View key={d.id} className='aa-item'>
                <View className='aa-item__top' onClick={() => void Taro.navigateTo({ url: assetDetailPage(d.assetId) })}>
                  <Text className='aa-item__title'>{d.assetName}</Text>
                  <Pill tone={DISPOSAL_TONES[d.status]} className='aa-item__pill'>
                    {ASSET_DISPOSAL_STATUS_LABELS[d.status]}
                  </Pill>
                </View>
                <View className='aa-item__line'>
                  {d.unitName} · 原值 {formatMoney(d.originalValueFen)}
                </View>
                <View className='aa-item__line'>报废原因：{d.reason}</View>
                <View className='aa-item__muted'>
                  {d.requestedBy} 于 {whenText(d.requestedAt)} 申请
                </View>
                {d.decidedAt && (
                  <View className='aa-item__muted'>
                    {d.decidedBy ?? '管理中心'} 于 {whenText(d.decidedAt)} {d.status === 'approved' ? '同意' : '不同意'}
                  </View>
                )}
                {d.rejectReason && <View className='aa-item__line ads__reject'>不同意原因：{d.rejectReason}</View>}
                {d.status === 'pending' && (
                  <View className='aa-actions'>
                    <View className='aa-action' onClick={() => void Taro.navigateTo({ url: assetDetailPage(d.assetId) })}>
                      查看资产
                    </View>
                    <View className='aa-action aa-action--red' onClick={() => askReject(d)}>
                      不同意
                    </View>
                    <View className='aa-action aa-action--blue' onClick={() => askApprove(d)}>
                      同意
                    </View>
                  </View>
                )}
              </View>
            ))}
            <View className='aa-bottom-space' />
          </>
        )}
      </PageGate>
      <ReasonDialog ask={ask} onClose={() => setAsk(null)} />
      {actions.node}
    </Page>
  )
}
