import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { ArrowTransfer } from '@nutui/icons-react-taro'
import { ASSET_CATEGORY_LABELS, ASSET_TRANSFER_STATUS_LABELS, assetTransfersApi, formatMoney, type AssetTransfer } from '@egj/shared'
import { ApiError, asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, InfoLine } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { Steps, type Step } from '../../components/Steps'
import { assetDetailPage, momentText, openTransferSlip, TRANSFER_STATUS_TONES } from '../../lib/assets'
import '../../components/asset.scss'

/** The transfer's steps as the BFF lists them; the first open one is waiting now, or is where it stopped. */
function stepsOf(t: AssetTransfer): Step[] {
  const open = t.steps.findIndex((s) => !s.done)
  const stopped = t.status === 'rejected' || t.status === 'cancelled'
  return t.steps.map((s, i) => {
    if (i !== open) return { label: s.label, by: s.by, at: s.at, done: s.done }
    if (stopped) {
      return {
        label: t.status === 'rejected' ? `${s.label}：未通过` : '申请单位已撤回',
        by: t.status === 'rejected' ? t.rejectedBy : null,
        done: false,
        failed: true,
        note: t.status === 'rejected' && t.rejectReason ? `原因：${t.rejectReason}` : null,
      }
    }
    return { label: s.label, by: t.waitingFor ?? s.by, at: s.at, done: false, current: true }
  })
}

/** 调剂详情: the steps and who decides now, the reason; 同意调出 / 审批通过 / 确认接收 / 不同意 / 撤回, and the 调拨单 once done. */
export default function AssetTransferPage() {
  const id = Number(useRouter().params.id)
  const { state, reload, set } = useResource(
    () => (Number.isInteger(id) && id > 0 ? request(assetTransfersApi.get, { params: { id } }) : Promise.reject(new ApiError(404, 'NOT_FOUND', '调剂单不存在'))),
    { key: [id] },
  )
  const actions = useActionDialog()
  const [ask, setAsk] = useState<ReasonAsk | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const run = async (what: string, call: () => Promise<AssetTransfer>, done: string) => {
    if (busy) return
    setBusy(what)
    try {
      set(await call())
      toast(done, 'success')
    } catch (e) {
      actions.fail(e)
      void reload()
    } finally {
      setBusy(null)
    }
  }
  const confirm = (what: 'agree' | 'approve' | 'receive', title: string, message: string, text: string, done: string) =>
    actions.show({ title, message, choices: [{ text, primary: true, onClick: () => void run(what, () => request(assetTransfersApi[what], { params: { id } }), done) }], cancelText: '取消' })

  const agree = (t: AssetTransfer) => confirm('agree', '同意调出', `同意将「${t.assetName}」调剂给${t.toUnitName}？同意后交管理中心审批。`, '同意调出', '已同意调出')
  const approve = (t: AssetTransfer) => confirm('approve', '审批通过', `同意「${t.assetName}」由${t.fromUnitName}调剂至${t.toUnitName}？通过后由接收单位确认收到。`, '审批通过', '已审批通过')
  const receive = (t: AssetTransfer) => confirm('receive', '确认接收', `确认已收到「${t.assetName}」？确认后资产归属变更为${t.toUnitName}，并生成调拨单。`, '确认接收', '已接收，资产已归属本单位')
  const reject = () =>
    setAsk({
      title: '不同意调剂',
      message: '申请单位会收到原因',
      placeholder: '请填写原因，如 该资产近期本单位仍需使用',
      confirmText: '不同意',
      danger: true,
      onConfirm: async (reason) => {
        try {
          set(await request(assetTransfersApi.reject, { params: { id }, body: { reason } }))
          toast('已告知申请单位', 'success')
        } catch (e) {
          const error = asApiError(e)
          if (error.status === 400) throw error.message
          actions.fail(error)
          void reload()
        }
      },
    })
  const cancel = () =>
    actions.show({
      title: '撤回调剂申请',
      message: '撤回后这次调剂结束，资产仍留在公物仓。确定撤回吗？',
      choices: [{ text: '撤回申请', danger: true, onClick: () => void run('cancel', () => request(assetTransfersApi.cancel, { params: { id } }), '已撤回') }],
      cancelText: '不撤回',
    })
  const printSlip = async () => {
    try {
      const result = await openTransferSlip(id)
      if (result === 'use-computer') toast('请在电脑浏览器中打开 e管家打印调拨单')
      else if (result === 'blocked') actions.show({ title: '浏览器拦截了新窗口', message: '请允许本站弹出窗口后再点「打印调拨单」。', choices: [{ text: '知道了', primary: true, onClick: () => undefined }] })
    } catch (e) {
      actions.fail(e, { title: '调拨单生成失败' })
    }
  }

  return (
    <Page className='asset-transfer'>
      <PageGate
        state={state}
        guest='登录后查看调剂单'
        icon={<ArrowTransfer size={48} color={GREY_ICON} />}
        errorTitle={(error) => (error.code === 'NOT_FOUND' ? '调剂单不存在' : undefined)}
        onRetry={() => void reload()}
      >
        {(t) => {
          const decide = t.can.agree || t.can.approve || t.can.receive
          const buttons = [decide, t.can.reject, t.can.cancel, t.status === 'done'].filter(Boolean).length
          return (
            <>
              <View className='asset-hero'>
                <View className='asset-hero__top'>
                  <Text className='asset-hero__title'>{t.assetName}</Text>
                  <Pill tone={TRANSFER_STATUS_TONES[t.status]}>{ASSET_TRANSFER_STATUS_LABELS[t.status]}</Pill>
                </View>
                <View className='asset-hero__line'>
                  {t.fromUnitName} → {t.toUnitName}
                </View>
                {t.slipNo && <View className='asset-hero__sub'>调拨单号 {t.slipNo}</View>}
              </View>

              {t.waitingFor && <View className='asset-notice'>当前由 {t.waitingFor} 处理</View>}
              {t.status === 'rejected' && (
                <View className='asset-notice asset-notice--red'>
                  不同意原因：{t.rejectReason ?? '未说明'}
                  {t.rejectedBy ? `（${t.rejectedBy}）` : ''}
                </View>
              )}

              <Card title='进度'>
                <Steps steps={stepsOf(t)} />
              </Card>

              <Card title='调剂信息'>
                <InfoLine label='调剂理由'>{t.reason}</InfoLine>
                <InfoLine label='申请人'>{t.requestedBy}</InfoLine>
                <InfoLine label='申请时间'>{momentText(t.requestedAt)}</InfoLine>
                <InfoLine label='资产类别'>{ASSET_CATEGORY_LABELS[t.category]}</InfoLine>
                <InfoLine label='原值'>{formatMoney(t.originalValueFen)}</InfoLine>
                <InfoLine label='残值' strong>
                  {formatMoney(t.residualValueFen)}
                </InfoLine>
                <View className='asset-link' onClick={() => void Taro.navigateTo({ url: assetDetailPage(t.assetId) })}>
                  查看资产详情 ›
                </View>
              </Card>

              {buttons > 0 && <View className={`asset-bar-space asset-bar-space--${Math.min(buttons, 3)}`} />}
              {buttons > 0 && (
                <View className='asset-bar'>
                  {(decide || t.can.reject) && (
                    <View className='asset-bar__row'>
                      {t.can.reject && (
                        <Button className='asset-bar__btn' type='danger' fill='outline' size='large' disabled={!!busy} onClick={reject}>
                          不同意
                        </Button>
                      )}
                      {t.can.agree && (
                        <Button className='asset-bar__btn' type='primary' size='large' loading={busy === 'agree'} onClick={() => agree(t)}>
                          同意调出
                        </Button>
                      )}
                      {t.can.approve && (
                        <Button className='asset-bar__btn' type='primary' size='large' loading={busy === 'approve'} onClick={() => approve(t)}>
                          审批通过
                        </Button>
                      )}
                      {t.can.receive && (
                        <Button className='asset-bar__btn' type='primary' size='large' loading={busy === 'receive'} onClick={() => receive(t)}>
                          确认接收
                        </Button>
                      )}
                    </View>
                  )}
                  {t.status === 'done' && (
                    <Button type='primary' size='large' block onClick={() => void printSlip()}>
                      打印调拨单
                    </Button>
                  )}
                  {t.can.cancel && (
                    <View className='asset-bar__quiet' onClick={() => !busy && cancel()}>
                      撤回申请
                    </View>
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
