import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { FailureF, Scan, SuccessF } from '@nutui/icons-react-taro'
import { ASSET_CATEGORY_LABELS, ASSET_CONDITION_LABELS, assetLoansApi, assetsApi, assetStocktakesApi, formatMoney, PAGES, pageUrl, type AssetLoan } from '@egj/shared'
import { ApiError, asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { decodeParam } from '../../../../utils/nav'
import { startScan } from '../../../../utils/scan'
import { AssetStatusPill, AssetThumb } from '../../components/AssetBits'
import { ReturnSheet, type ReturnAnswer } from '../../components/ReturnSheet'
import { assetBorrowPage, assetDetailPage, assetLoanPage } from '../../lib/assets'
import '../../components/asset.scss'

type Act = { kind: 'handOver'; loanId: number } | { kind: 'return'; loanId: number; answer: ReturnAnswer } | { kind: 'count'; stocktakeId: number }
type Counted = { accepted: number; scanned: number; expected: number }

/**
 * 资产码 (/q/a/<token>): the asset, and what scanning it does for me now — 交付给借用人, 收回, 计入盘点
 * (the keeper's) — or else 查看详情 / 申请借用.
 */
export default function AssetCodePage() {
  const token = decodeParam(useRouter().params.token)
  // the path form: the BFF reads a signed token and a typed 编号 alike
  const code = token ? `/q/a/${token}` : ''
  const { state, reload } = useResource(
    () => (code ? request(assetsApi.scan, { query: { code } }) : Promise.reject(new ApiError(404, 'NOT_FOUND', '请扫描资产上的二维码'))),
    { key: [code] },
  )
  const actions = useActionDialog()
  const [returning, setReturning] = useState<number | null>(null)
  const [counted, setCounted] = useState<Counted | null>(null)
  const [returnProblem, setReturnProblem] = useState<string | null>(null)

  // one tap at a time; not keyed: the BFF records each once by the loan's (or the stocktake's) state
  const act = useSubmit((a: Act): Promise<AssetLoan | Counted> => {
    if (a.kind === 'handOver') return request(assetLoansApi.handOver, { params: { id: a.loanId }, body: { code } })
    if (a.kind === 'return') return request(assetLoansApi.return, { params: { id: a.loanId }, body: { code, condition: a.answer.condition, note: a.answer.note } })
    return request(assetStocktakesApi.scans, { params: { id: a.stocktakeId }, body: { codes: [code] } })
  })

  const run = async (a: Act) => {
    try {
      const result = await act.submit(a)
      setReturning(null)
      if (a.kind === 'count') {
        setCounted(result as Counted)
        return
      }
      toast(a.kind === 'handOver' ? '已交付借用人' : '已收回', 'success')
      void Taro.redirectTo({ url: assetLoanPage((result as AssetLoan).id) })
    } catch (e) {
      const error = asApiError(e)
      // the note itself was refused: said under it, in the sheet that stays open
      if (a.kind === 'return' && error.status === 400) return setReturnProblem(error.message)
      setReturning(null)
      if (error.code === 'ASSET_CODE_MISMATCH') {
        actions.show({ title: '扫到的不是这次借用的资产', message: error.message, choices: [{ text: '知道了', primary: true, onClick: () => undefined }] })
      } else {
        const title = a.kind === 'handOver' ? '交付未完成' : a.kind === 'return' ? '收回未完成' : '未能计入盘点'
        actions.fail(error, { title, retry: () => void run(a) })
      }
      if (!isUnknownOutcome(error)) void reload()
    }
  }

  return (
    <Page className='asset-code'>
      <PageGate
        state={state}
        loading='正在识别资产码…'
        guest='登录后查看资产'
        icon={<FailureF size={48} color='var(--egj-danger)' />}
        errorTitle={(error) => (error.code === 'NOT_FOUND' || error.code.startsWith('QR_') ? '资产码无效' : undefined)}
        errorAction={() => ({ text: '重新扫码', onClick: () => void startScan('redirect') })}
        onRetry={() => void reload()}
      >
        {(scan) => {
          const { asset } = scan
          const offers = scan.handOverLoanId !== null || scan.returnLoanId !== null || scan.stocktakeId !== null
          return (
            <>
              <View className='asset-scanned'>
                <AssetThumb url={asset.photoUrls[0]} className='asset-thumb--big' />
                <View className='asset-scanned__body'>
                  <View className='asset-scanned__top'>
                    <Text className='asset-scanned__name'>{asset.name}</Text>
                    <AssetStatusPill asset={asset} />
                  </View>
                  <View className='asset-scanned__line'>
                    {ASSET_CATEGORY_LABELS[asset.category]} · {ASSET_CONDITION_LABELS[asset.condition]}
                  </View>
                  <View className='asset-scanned__line asset-scanned__muted'>
                    {asset.unitName} · {asset.location}
                  </View>
                  <View className='asset-scanned__line asset-scanned__muted'>
                    编号 {asset.shortCode} · 原值 {formatMoney(asset.originalValueFen)}
                  </View>
                </View>
              </View>

              {counted && (
                <View className='asset-counted'>
                  <SuccessF size={40} color='var(--egj-success)' />
                  <View className='asset-counted__title'>{counted.accepted > 0 ? '已计入盘点' : '此前已计入盘点'}</View>
                  <View className='asset-counted__figure'>
                    已盘 {counted.scanned}/{counted.expected}
                  </View>
                </View>
              )}

              <View className='asset-offers'>
                {scan.handOverLoanId !== null && (
                  <Button type='primary' size='xlarge' block loading={act.busy} onClick={() => void run({ kind: 'handOver', loanId: scan.handOverLoanId! })}>
                    交付给借用人
                  </Button>
                )}
                {scan.returnLoanId !== null && (
                  <Button type='primary' size='xlarge' block disabled={act.busy} onClick={() => {
                      setReturnProblem(null)
                      setReturning(scan.returnLoanId)
                    }}>
                    收回
                  </Button>
                )}
                {scan.stocktakeId !== null && !counted && (
                  <Button type='primary' size='xlarge' block loading={act.busy} onClick={() => void run({ kind: 'count', stocktakeId: scan.stocktakeId! })}>
                    计入盘点
                  </Button>
                )}
                {counted && (
                  <Button type='primary' size='xlarge' block icon={<Scan size={24} color='#ffffff' />} onClick={() => void startScan('redirect')}>
                    扫下一件
                  </Button>
                )}
                {offers && <View className='asset-caption asset-caption--center'>扫码即确认资产在场，办理记录计入资产履历</View>}
                <Button type={offers ? 'default' : 'primary'} fill='outline' size='large' block onClick={() => void Taro.navigateTo({ url: assetDetailPage(asset.id) })}>
                  查看详情
                </Button>
                {!offers && asset.status === 'idle' && (
                  <Button type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: assetBorrowPage(asset.id) })}>
                    申请借用
                  </Button>
                )}
                {/* broken: 报修 with the asset (and where it stands) known from its code */}
                <Button type='default' fill='outline' size='large' block onClick={() => void Taro.navigateTo({ url: pageUrl(PAGES.repairReport, { code }) })}>
                  报修
                </Button>
              </View>

              <ReturnSheet
                visible={returning !== null}
                assetName={asset.name}
                confirmText='确认收回'
                busy={act.busy}
                problem={returnProblem}
                onClose={() => setReturning(null)}
                onConfirm={(answer) => returning !== null && void run({ kind: 'return', loanId: returning, answer })}
              />
            </>
          )
        }}
      </PageGate>
      {actions.node}
    </Page>
  )
}
