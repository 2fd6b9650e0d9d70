import { useState } from 'react'
import { Image, ScrollView, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Image as ImageIcon, Store } from '@nutui/icons-react-taro'
import {
  ASSET_CATEGORY_LABELS,
  ASSET_CONDITION_LABELS,
  ASSET_LIFE_YEARS,
  ASSET_LOAN_STATUS_LABELS,
  assetsApi,
  assetTransfersApi,
  formatMoney,
  type AssetDetail,
  type AssetTransferCreate,
} from '@egj/shared'
import { ApiError, asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, InfoLine } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { AssetStatusPill, useKeeper } from '../../components/AssetBits'
import { assetBorrowPage, assetEditPage, assetTransferPage, LOAN_STATUS_TONES, momentText, rangeText } from '../../lib/assets'
import '../../components/asset.scss'

/** 资产详情: photos, what it is, its 编号, residual value, the days already booked, its 履历, and what I may do. */
export default function AssetDetailPage() {
  const id = Number(useRouter().params.id)
  const { state, reload } = useResource(
    () => (Number.isInteger(id) && id > 0 ? request(assetsApi.get, { params: { id } }) : Promise.reject(new ApiError(404, 'NOT_FOUND', '资产不存在'))),
    { key: [id] },
  )
  const { keeper } = useKeeper()
  const actions = useActionDialog()
  const [ask, setAsk] = useState<ReasonAsk | null>(null)

  // 调剂 moves ownership: keyed, so a retry after no answer never files two requests
  const transfer = useSubmit((body: AssetTransferCreate, idempotencyKey) => request(assetTransfersApi.create, { body, idempotencyKey }))
  const sendTransfer = async (body: AssetTransferCreate | null): Promise<void> => {
    try {
      const created = body ? await transfer.submit(body) : await transfer.retry()
      toast('已提交调剂申请', 'success')
      void Taro.redirectTo({ url: assetTransferPage(created.id) })
    } catch (e) {
      const error = asApiError(e)
      // the reason itself was refused: said under the box, which stays open
      if (body && error.status === 400) throw error.message
      actions.fail(error, { title: '调剂申请未提交', retry: () => void sendTransfer(null).catch(() => undefined), safeRetry: '提交申请' })
      void reload()
    }
  }
  const askTransfer = (asset: AssetDetail) =>
    setAsk({
      title: '申请调剂到本单位',
      message: `「${asset.name}」现属${asset.unitName}。经对方单位同意、管理中心审批，本单位确认接收后归属变更。`,
      placeholder: '请填写调剂理由，如 新设科室办公急需',
      confirmText: '提交申请',
      onConfirm: (reason) => sendTransfer({ assetId: asset.id, reason }),
    })

  const preview = (urls: string[], current: string) => void Taro.previewImage({ urls, current }).catch(() => undefined)

  return (
    <Page className='asset-detail'>
      <PageGate
        state={state}
        guest='登录后查看资产'
        icon={<Store size={48} color={GREY_ICON} />}
        errorTitle={(error) => (error.code === 'NOT_FOUND' ? '资产不存在' : undefined)}
        onRetry={() => void reload()}
      >
        {(asset) => {
          const urls = asset.photos.map((p) => p.url)
          const hasActions = asset.can.borrow || asset.can.requestTransfer || asset.can.edit
          return (
            <>
              {/* a row, not a <Swiper>: swiper's templates would cost the weapp main package ~7 KB (base.wxml) */}
              {urls.length ? (
                <ScrollView className={`asset-photos ${urls.length === 1 ? 'asset-photos--one' : ''}`} scrollX enhanced showScrollbar={false}>
                  {urls.map((url, i) => (
                    <View key={url} className='asset-photos__item'>
                      <Image className='asset-photos__img' src={url} mode='aspectFill' onClick={() => preview(urls, url)} />
                      {urls.length > 1 && (
                        <Text className='asset-photos__count'>
                          {i + 1}/{urls.length}
                        </Text>
                      )}
                    </View>
                  ))}
                </ScrollView>
              ) : (
                <View className='asset-photos asset-photos--none'>
                  <ImageIcon size={40} color={GREY_ICON} />
                  <Text className='asset-photos__none'>暂无照片</Text>
                </View>
              )}

              <View className='asset-head'>
                <View className='asset-head__top'>
                  <Text className='asset-head__name'>{asset.name}</Text>
                  <AssetStatusPill asset={asset} />
                </View>
                <View className='asset-head__meta'>
                  {ASSET_CATEGORY_LABELS[asset.category]} · {ASSET_CONDITION_LABELS[asset.condition]} · {asset.unitName}
                </View>
                <View className='asset-head__code'>
                  编号 <Text className='asset-head__short'>{asset.shortCode}</Text>
                </View>
              </View>

              {asset.openTransferId !== null && (
                <View className='asset-notice'>
                  该资产正在调剂中
                  {keeper && (
                    <Text className='asset-notice__link' onClick={() => void Taro.navigateTo({ url: assetTransferPage(asset.openTransferId!) })}>
                      查看调剂单
                    </Text>
                  )}
                </View>
              )}

              <Card title='资产信息'>
                {(asset.brand || asset.model) && <InfoLine label='品牌型号'>{[asset.brand, asset.model].filter(Boolean).join(' ')}</InfoLine>}
                <InfoLine label='存放地点'>{asset.location}</InfoLine>
                <InfoLine label='取得日期'>{asset.acquiredOn}</InfoLine>
                <InfoLine label='原值'>{formatMoney(asset.originalValueFen)}</InfoLine>
                <InfoLine label='残值' strong>
                  {formatMoney(asset.residualValueFen)}
                </InfoLine>
                <View className='asset-caption'>残值按{ASSET_CATEGORY_LABELS[asset.category]}折旧年限 {ASSET_LIFE_YEARS[asset.category]} 年直线估算</View>
              </Card>

              <Card title='已被预约'>
                {!asset.takenRanges.length && <View className='vf-empty-line'>近期没有借用预约，可选任意日期</View>}
                {asset.takenRanges.map((r) => (
                  <View key={`${r.startDate}-${r.endDate}`} className='asset-taken'>
                    <Text className='asset-taken__range'>{rangeText(r.startDate, r.endDate, true)}</Text>
                    <Pill tone={LOAN_STATUS_TONES[r.status]}>{ASSET_LOAN_STATUS_LABELS[r.status]}</Pill>
                  </View>
                ))}
              </Card>

              <Card title='履历'>
                {!asset.history.length && <View className='vf-empty-line'>暂无记录</View>}
                <View className='asset-timeline'>
                  {asset.history.map((h, i) => (
                    <View key={`${h.at}-${i}`} className='asset-timeline__item'>
                      <View className='asset-timeline__dot' />
                      <View className='asset-timeline__body'>
                        <View className='asset-timeline__text'>{h.text}</View>
                        <View className='asset-timeline__at'>{momentText(h.at)}</View>
                      </View>
                    </View>
                  ))}
                </View>
              </Card>

              {hasActions && <View className={`asset-bar-space asset-bar-space--${[asset.can.borrow, asset.can.requestTransfer, asset.can.edit].filter(Boolean).length}`} />}
              {hasActions && (
                <View className='asset-bar'>
                  {asset.can.borrow && (
                    <Button type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: assetBorrowPage(asset.id) })}>
                      申请借用
                    </Button>
                  )}
                  {asset.can.requestTransfer && (
                    <Button type='primary' fill='outline' size='large' block loading={transfer.busy} onClick={() => askTransfer(asset)}>
                      申请调剂
                    </Button>
                  )}
                  {asset.can.edit && (
                    <Button fill='outline' size='large' block onClick={() => void Taro.navigateTo({ url: assetEditPage(asset.id) })}>
                      编辑资产
                    </Button>
                  )}
                </View>
              )}
            </>
          )
        }}
      </PageGate>
      <ReasonDialog ask={ask} onClose={() => setAsk(null)} />
      {actions.node}
    </Page>
  )
}
