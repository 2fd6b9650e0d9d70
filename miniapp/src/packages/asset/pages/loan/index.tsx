import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Order, Scan } from '@nutui/icons-react-taro'
import { ASSET_CONDITION_LABELS, ASSET_LOAN_STATUS_LABELS, assetLoansApi, type AssetLoan } from '@egj/shared'
import { ApiError, asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, InfoLine } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { ReturnSheet, type ReturnAnswer } from '../../components/ReturnSheet'
import { ScanPanel } from '../../components/ScanPanel'
import { Steps, type Step } from '../../components/Steps'
import { assetDetailPage, LOAN_STATUS_TONES, momentText, rangeText } from '../../lib/assets'
import '../../components/asset.scss'

type ScanFor = { kind: 'handOver' } | { kind: 'return'; answer: ReturnAnswer }

/** The loan's way so far: asked → decided → handed over → returned (or where it stopped). */
function stepsOf(loan: AssetLoan): Step[] {
  const decided = loan.status !== 'pending' && loan.status !== 'cancelled' && loan.status !== 'rejected'
  const steps: Step[] = [{ label: '提交申请', by: `${loan.borrowerName}${loan.borrowerUnitName ? ` · ${loan.borrowerUnitName}` : ''}`, at: loan.requestedAt, done: true }]
  if (loan.status === 'rejected') return [...steps, { label: '未同意', by: loan.decidedBy, done: false, failed: true, note: loan.rejectReason ? `原因：${loan.rejectReason}` : null }]
  if (loan.status === 'cancelled') return [...steps, { label: '借用人已取消', done: false, failed: true }]
  steps.push({ label: decided ? '同意借用' : '审批', by: decided ? loan.decidedBy : `${loan.ownerUnitName} 资产管理员`, done: decided, current: loan.status === 'pending' })
  steps.push({ label: '扫码交付', at: loan.handedOverAt, done: !!loan.handedOverAt, current: loan.status === 'approved' })
  steps.push({
    label: '扫码归还',
    at: loan.returnedAt,
    done: !!loan.returnedAt,
    current: loan.status === 'on_loan',
    note: loan.returnCondition ? `归还时状况：${ASSET_CONDITION_LABELS[loan.returnCondition]}${loan.returnNote ? `，${loan.returnNote}` : ''}` : null,
  })
  return steps
}

/** 借用详情: where it stands, the days, what for and who; 同意 / 不同意 / 取消, and 交付 / 收回 by scanning the asset's code. */
export default function AssetLoanPage() {
  const id = Number(useRouter().params.id)
  const { state, reload, set } = useResource(
    () => (Number.isInteger(id) && id > 0 ? request(assetLoansApi.get, { params: { id } }) : Promise.reject(new ApiError(404, 'NOT_FOUND', '借用单不存在'))),
    { key: [id] },
  )
  const actions = useActionDialog()
  const [ask, setAsk] = useState<ReasonAsk | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [returning, setReturning] = useState(false)
  const [scanFor, setScanFor] = useState<ScanFor | null>(null)

  const run = async (what: string, call: () => Promise<AssetLoan>, done: string) => {
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

  const approve = (loan: AssetLoan) =>
    actions.show({
      title: '同意借用',
      message: `同意${loan.borrowerName}借用「${loan.assetName}」，${rangeText(loan.startDate, loan.endDate)}？同意后凭资产码交付。`,
      choices: [{ text: '同意', primary: true, onClick: () => void run('approve', () => request(assetLoansApi.approve, { params: { id } }), '已同意') }],
      cancelText: '取消',
    })
  const reject = () =>
    setAsk({
      title: '不同意借用',
      message: '借用人会收到原因，所选日期随即释放',
      placeholder: '请填写原因，如 该时段本单位自用',
      confirmText: '不同意',
      danger: true,
      onConfirm: async (reason) => {
        try {
          set(await request(assetLoansApi.reject, { params: { id }, body: { reason } }))
          toast('已告知借用人', 'success')
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
      title: '取消借用',
      message: '取消后所选日期释放给他人，确定取消吗？',
      choices: [{ text: '取消借用', danger: true, onClick: () => void run('cancel', () => request(assetLoansApi.cancel, { params: { id } }), '已取消') }],
      cancelText: '不取消',
    })

  // one scan at a time (not keyed: the BFF records a hand-over or return once, by the loan's state)
  const scan = useSubmit((input: { code: string; target: ScanFor }) =>
    input.target.kind === 'handOver'
      ? request(assetLoansApi.handOver, { params: { id }, body: { code: input.code } })
      : request(assetLoansApi.return, { params: { id }, body: { code: input.code, condition: input.target.answer.condition, note: input.target.answer.note } }),
  )
  const sendScan = async (code: string, target: ScanFor, loan: AssetLoan) => {
    try {
      set(await scan.submit({ code, target }))
      setScanFor(null)
      toast(target.kind === 'handOver' ? '已交付借用人' : '已收回', 'success')
    } catch (e) {
      const error = asApiError(e)
      setScanFor(null)
      if (error.code === 'ASSET_CODE_MISMATCH') {
        actions.show({
          title: '扫到的不是这次借用的资产',
          message: `本次借用的是「${loan.assetName}」，请核对资产上的码后重扫。`,
          choices: [{ text: '重新扫码', primary: true, onClick: () => setScanFor(target) }],
          cancelText: '取消',
        })
        return
      }
      actions.fail(error, { title: target.kind === 'handOver' ? '交付未完成' : '收回未完成', retry: () => void sendScan(code, target, loan) })
      if (!isUnknownOutcome(error)) void reload()
    }
  }

  return (
    <Page className='asset-loan'>
      <PageGate
        state={state}
        guest='登录后查看借用'
        icon={<Order size={48} color={GREY_ICON} />}
        errorTitle={(error) => (error.code === 'NOT_FOUND' ? '借用单不存在' : undefined)}
        onRetry={() => void reload()}
      >
        {(loan) => {
          const buttons = [loan.can.approve, loan.can.reject, loan.can.handOver, loan.can.return, loan.can.cancel].filter(Boolean).length
          return (
            <>
              <View className='asset-hero'>
                <View className='asset-hero__top'>
                  <Text className='asset-hero__title'>{loan.assetName}</Text>
                  <Pill tone={LOAN_STATUS_TONES[loan.status]}>{ASSET_LOAN_STATUS_LABELS[loan.status]}</Pill>
                </View>
                <View className='asset-hero__line'>{rangeText(loan.startDate, loan.endDate)}</View>
                <View className='asset-hero__sub'>
                  {loan.ownerUnitName} · 编号 {loan.assetShortCode}
                </View>
              </View>

              {loan.daysOverdue > 0 && <View className='asset-notice asset-notice--red'>已逾期 {loan.daysOverdue} 天未还，请尽快归还</View>}

              <Card title='借用信息'>
                <InfoLine label='借用人'>
                  {loan.borrowerName}
                  {loan.borrowerUnitName ? ` · ${loan.borrowerUnitName}` : ''}
                </InfoLine>
                <InfoLine label='事由'>{loan.purpose}</InfoLine>
                <InfoLine label='资产所属'>{loan.ownerUnitName}</InfoLine>
                <InfoLine label='申请时间'>{momentText(loan.requestedAt)}</InfoLine>
                {loan.decidedBy && <InfoLine label={loan.status === 'rejected' ? '审批人' : '同意人'}>{loan.decidedBy}</InfoLine>}
                {loan.rejectReason && <InfoLine label='不同意原因'>{loan.rejectReason}</InfoLine>}
                {loan.returnCondition && <InfoLine label='归还状况'>{ASSET_CONDITION_LABELS[loan.returnCondition]}</InfoLine>}
                {loan.returnNote && <InfoLine label='归还说明'>{loan.returnNote}</InfoLine>}
                <View className='asset-link' onClick={() => void Taro.navigateTo({ url: assetDetailPage(loan.assetId) })}>
                  查看资产详情 ›
                </View>
              </Card>

              <Card title='进度'>
                <Steps steps={stepsOf(loan)} />
              </Card>

              {buttons > 0 && <View className={`asset-bar-space asset-bar-space--${Math.min(buttons, 3)}`} />}
              {buttons > 0 && (
                <View className='asset-bar'>
                  {loan.can.approve && (
                    <View className='asset-bar__row'>
                      {loan.can.reject && (
                        <Button className='asset-bar__btn' type='danger' fill='outline' size='large' disabled={!!busy} onClick={reject}>
                          不同意
                        </Button>
                      )}
                      <Button className='asset-bar__btn' type='primary' size='large' loading={busy === 'approve'} onClick={() => approve(loan)}>
                        同意
                      </Button>
                    </View>
                  )}
                  {!loan.can.approve && loan.can.reject && (
                    <Button type='danger' fill='outline' size='large' block disabled={!!busy} onClick={reject}>
                      不同意
                    </Button>
                  )}
                  {loan.can.handOver && (
                    <Button type='primary' size='large' block icon={<Scan size={20} color='#ffffff' />} loading={scan.busy} onClick={() => setScanFor({ kind: 'handOver' })}>
                      扫码交付
                    </Button>
                  )}
                  {loan.can.return && (
                    <Button type='primary' size='large' block icon={<Scan size={20} color='#ffffff' />} loading={scan.busy} onClick={() => setReturning(true)}>
                      扫码收回
                    </Button>
                  )}
                  {loan.can.cancel && (
                    <View className='asset-bar__quiet' onClick={() => !busy && cancel()}>
                      取消借用
                    </View>
                  )}
                </View>
              )}

              <ReturnSheet
                visible={returning}
                assetName={loan.assetName}
                confirmText='下一步：扫码收回'
                onClose={() => setReturning(false)}
                onConfirm={(answer) => {
                  setReturning(false)
                  setScanFor({ kind: 'return', answer })
                }}
              />
              {scanFor && (
                <ScanPanel
                  title={scanFor.kind === 'handOver' ? '扫码交付' : '扫码收回'}
                  hint={`请扫描「${loan.assetName}」上贴的资产码`}
                  busy={scan.busy}
                  onCode={(code) => void sendScan(code, scanFor, loan)}
                  onCancel={() => setScanFor(null)}
                />
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
