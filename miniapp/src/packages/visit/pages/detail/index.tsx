import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { UserAdd } from '@nutui/icons-react-taro'
import { ID_TYPE_LABELS, VISIT_SOURCE_LABELS, VISIT_STATUS_LABELS, visitsApi, type Visit } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, InfoLine } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { formatTime } from '../../../../utils/time'
import { STATUS_TONES, visitPassPage, windowText } from '../../../../utils/visits'
import './index.scss'

type Pii = Awaited<ReturnType<typeof loadPii>>
const loadPii = (id: number, reason: string) => request(visitsApi.pii, { params: { id }, query: { reason } })

/** Who decides, in words the visitor understands. */
function deciderText(visit: Visit): string | null {
  if (visit.status === 'pending' && visit.decider) return visit.decider.escalated ? `被访人未及时处理，已转 ${visit.decider.name}（单位审批人）处理` : `等待 ${visit.decider.name} 审批`
  if (visit.decidedBy && (visit.status === 'rejected' || visit.status === 'approved' || visit.status === 'checked_in' || visit.status === 'checked_out')) {
    return `由 ${visit.decidedBy} ${visit.status === 'rejected' ? '拒绝' : '审批通过'}${visit.decidedAt ? ` · ${formatTime(visit.decidedAt)}` : ''}`
  }
  return null
}

/** 来访详情: status, window, host, who decides; 同意 / 不同意 / 取消 / 通行码 / 完整信息 as `can` allows. */
export default function VisitDetailPage() {
  const id = Number(useRouter().params.id)
  const visit = useResource(() => request(visitsApi.get, { params: { id } }), { key: [id] })
  const actions = useActionDialog()
  const [ask, setAsk] = useState<ReasonAsk | null>(null)
  const [busy, setBusy] = useState<'approve' | 'cancel' | null>(null)
  const [pii, setPii] = useState<Pii | null>(null)

  const approve = async () => {
    setBusy('approve')
    try {
      visit.set(await request(visitsApi.approve, { params: { id } }))
      toast('已同意来访', 'success')
    } catch (e) {
      actions.fail(e, { title: '未能同意' })
      void visit.reload()
    } finally {
      setBusy(null)
    }
  }

  const reject = () =>
    setAsk({
      title: '不同意来访',
      message: '原因会告知访客',
      placeholder: '如 当天外出开会，请改约其他时间',
      confirmText: '不同意',
      danger: true,
      onConfirm: async (reason) => {
        try {
          visit.set(await request(visitsApi.reject, { params: { id }, body: { reason } }))
          toast('已回复访客', 'success')
        } catch (e) {
          throw asApiError(e).message
        }
      },
    })

  const cancel = () =>
    actions.show({
      title: '取消这次来访？',
      message: '取消后通行码立即失效，被访人会收到通知',
      choices: [
        {
          text: '取消来访',
          danger: true,
          onClick: () => {
            setBusy('cancel')
            request(visitsApi.cancel, { params: { id } })
              .then((next) => {
                visit.set(next)
                toast('已取消来访', 'success')
              })
              .catch((e: unknown) => actions.fail(e, { title: '未能取消' }))
              .finally(() => setBusy(null))
          },
        },
      ],
      cancelText: '不取消',
    })

  const viewPii = () =>
    setAsk({
      title: '查看完整信息',
      message: '查看证件号和手机号会留下记录（谁、何时、原因），请如实填写',
      placeholder: '如 核对访客身份',
      confirmText: '查看',
      onConfirm: async (reason) => {
        try {
          setPii(await loadPii(id, reason))
        } catch (e) {
          throw asApiError(e).message
        }
      },
    })

  return (
    <Page className='visit-detail'>
      <PageGate state={visit.state} guest='登录后查看来访' icon={<UserAdd size={48} color={GREY_ICON} />} errorTitle={(e) => (e.code === 'NOT_FOUND' ? '没有找到这次来访' : undefined)} onRetry={() => void visit.reload()}>
        {(v) => {
          const decider = deciderText(v)
          return (
            <>
              <View className={`visit-detail__head visit-detail__head--${STATUS_TONES[v.status]}`}>
                <View className='visit-detail__status'>
                  <Pill tone={STATUS_TONES[v.status]} solid>
                    {VISIT_STATUS_LABELS[v.status]}
                  </Pill>
                  <Text className='visit-detail__source'>{VISIT_SOURCE_LABELS[v.source]}</Text>
                </View>
                <View className='visit-detail__name'>{v.visitorName}</View>
                <View className='visit-detail__window'>{windowText(v.startAt, v.endAt)}</View>
                {decider && <View className='visit-detail__decider'>{decider}</View>}
                {v.status === 'rejected' && v.rejectReason && <View className='visit-detail__reason'>原因：{v.rejectReason}</View>}
              </View>

              <Card title='来访信息'>
                <InfoLine label='被访人' strong>
                  {v.host.name}
                  {v.host.unitName ? ` · ${v.host.unitName}` : ''}
                </InfoLine>
                <InfoLine label='来访事由'>{v.purpose}</InfoLine>
                {v.company && <InfoLine label='工作单位'>{v.company}</InfoLine>}
                <InfoLine label='手机号'>{pii?.mobile ?? v.mobileMasked ?? '—'}</InfoLine>
                <InfoLine label='证件'>{v.idType ? `${ID_TYPE_LABELS[v.idType]} ${pii?.idNumber ?? v.idNumberMasked ?? ''}` : '待访客填写'}</InfoLine>
                <InfoLine label='车牌号'>{v.plateNo ?? '无车辆'}</InfoLine>
                {v.checkedInAt && <InfoLine label='入园时间'>{formatTime(v.checkedInAt)}</InfoLine>}
                {v.checkedOutAt && (
                  <InfoLine label='离开时间'>
                    {formatTime(v.checkedOutAt)}
                    {v.autoCheckedOut ? '（系统自动登记离开）' : ''}
                  </InfoLine>
                )}
              </Card>

              {v.companions.length > 0 && (
                <Card title={`同行人 ${v.companions.length} 位`}>
                  {v.companions.map((c, i) => (
                    <InfoLine key={i} label={c.name}>
                      {ID_TYPE_LABELS[c.idType]} {pii?.companions[i]?.idNumber ?? c.idNumberMasked}
                    </InfoLine>
                  ))}
                </Card>
              )}
              {pii && <View className='visit-detail__pii-note'>完整信息仅在本页显示，查看已记录</View>}

              <View className='vf-actions'>
                {v.can.viewPass && (
                  <Button type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: visitPassPage(v.id) })}>
                    查看通行码
                  </Button>
                )}
                {v.can.approve && (
                  <View className='visit-detail__decide'>
                    <Button className='visit-detail__decide-btn' type='danger' fill='outline' size='large' disabled={!!busy} onClick={reject}>
                      不同意
                    </Button>
                    <Button className='visit-detail__decide-btn' type='primary' size='large' loading={busy === 'approve'} disabled={!!busy} onClick={() => void approve()}>
                      同意
                    </Button>
                  </View>
                )}
                {v.can.viewPii && !pii && (
                  <Button block fill='outline' type='primary' onClick={viewPii}>
                    查看完整信息
                  </Button>
                )}
                {v.can.cancel && (
                  <Button block fill='none' type='danger' loading={busy === 'cancel'} onClick={cancel}>
                    取消来访
                  </Button>
                )}
              </View>
            </>
          )
        }}
      </PageGate>
      <ReasonDialog ask={ask} onClose={() => setAsk(null)} />
      {actions.node}
    </Page>
  )
}
