import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import { ArrowRight, Order } from '@nutui/icons-react-taro'
import { SUPERVISION_EVENT_LABELS, SUPERVISION_STATUS_LABELS, supervisionApi, type SupervisionDetail } from '@egj/shared'
import { ApiError, asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, InfoLine } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { momentText, todayInShanghai } from '../../../../utils/time'
import { dayLabel, dueLine, indicatorPageOf, redText, returnedText, STATUS_TONES } from '../../lib/supervision'
import '../../components/supervision.scss'

/** The longest 整改情况 the server takes (SupervisionReply). */
const REPLY_MAX = 500

type Act = { kind: 'reply'; text: string } | { kind: 'close' } | { kind: 'return'; reason: string }

function send(id: number, act: Act): Promise<SupervisionDetail> {
  const params = { id }
  if (act.kind === 'reply') return request(supervisionApi.reply, { params, body: { text: act.text } })
  if (act.kind === 'return') return request(supervisionApi.return, { params, body: { reason: act.reason } })
  return request(supervisionApi.close, { params })
}

const DONE: Record<Act['kind'], string> = { reply: '已提交整改情况', close: '已销号', return: '已退回单位重新整改' }
const FAILED: Record<Act['kind'], string> = { reply: '未能提交', close: '未能销号', return: '未能退回' }

/**
 * 督办详情: what went red (and a way to the indicator that day), the due day, the unit's reply,
 * the centre's return reason and every step so far. What it offers follows `can`: the unit's
 * approver replies; the centre closes (销号) or returns it. Each answer is the item again.
 */
export default function SupervisionDetailPage() {
  const id = Number(useRouter().params.id)
  const detail = useResource(
    () => (Number.isInteger(id) && id > 0 ? request(supervisionApi.get, { params: { id } }) : Promise.reject(new ApiError(404, 'NOT_FOUND', '督办不存在'))),
    { key: [id] },
  )
  const actions = useActionDialog()
  const [ask, setAsk] = useState<ReasonAsk | null>(null)
  const [reply, setReply] = useState('')
  const [replyProblem, setReplyProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState<Act['kind'] | null>(null)
  const today = todayInShanghai()

  /** Sends one action; a refusal of a state that changed meanwhile (409) is said in the server's words and the page reloads. */
  const run = async (act: Act): Promise<void> => {
    if (busy) return
    setBusy(act.kind)
    try {
      detail.set(await send(id, act))
      toast(DONE[act.kind], 'success')
      if (act.kind === 'reply') setReply('')
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    } catch (e) {
      const error = asApiError(e)
      if (act.kind === 'reply' && error.status === 400) {
        setReplyProblem(error.message)
        return
      }
      // the return reason's own problem goes under its box (ReasonDialog shows a thrown string)
      if (act.kind === 'return' && error.status === 400) throw error.message
      actions.fail(error, { title: FAILED[act.kind], retry: isUnknownOutcome(error) ? () => void run(act) : undefined })
      if (!isUnknownOutcome(error)) void detail.reload()
    } finally {
      setBusy(null)
    }
  }

  const submitReply = () => {
    const text = reply.trim()
    if (!text) return setReplyProblem('请填写整改情况')
    if (text.length > REPLY_MAX) return setReplyProblem(`整改情况最多 ${REPLY_MAX} 字`)
    void run({ kind: 'reply', text })
  }

  const askClose = (d: SupervisionDetail) =>
    actions.show({
      title: '销号',
      message: `确认「${d.unitName}」的整改已到位？销号后这条督办结束。`,
      choices: [{ text: '销号', primary: true, onClick: () => void run({ kind: 'close' }) }],
      cancelText: '取消',
    })
  const askReturn = () =>
    setAsk({
      title: '退回重新整改',
      message: '单位审批人会收到退回原因，督办回到待整改',
      placeholder: '请填写退回原因，如 未说明超标就餐的处理结果',
      confirmText: '退回',
      danger: true,
      maxLength: 200,
      onConfirm: (reason) => run({ kind: 'return', reason }),
    })

  return (
    <Page className='sv-detail'>
      <PageGate
        state={detail.state}
        guest='登录后查看督办'
        needs={['leader', 'approver']}
        icon={<Order size={48} color={GREY_ICON} />}
        errorTitle={(error) => (error.code === 'NOT_FOUND' ? '督办不存在或无权查看' : undefined)}
        onRetry={() => void detail.reload()}
      >
        {(d) => {
          const due = dueLine(d, today)
          const returned = returnedText(d.returnedCount)
          return (
            <>
              <View className='sv-head'>
                <View className='sv-head__top'>
                  <Text className='sv-head__what'>{d.indicatorName}</Text>
                  {due.late && (
                    <Pill tone='red' solid>
                      已逾期
                    </Pill>
                  )}
                  {returned && <Pill tone='orange'>{returned}</Pill>}
                  <View className='sv-head__status'>
                    <Pill tone={STATUS_TONES[d.status]}>{SUPERVISION_STATUS_LABELS[d.status]}</Pill>
                  </View>
                </View>
                <View className='sv-head__unit'>{d.unitName}</View>
                <View className='sv-head__red'>{redText(d, today)}</View>
                <View className={`sv-head__due ${due.late ? 'sv-head__due--late' : ''}`}>{due.text}</View>
              </View>

              {d.status === 'open' && d.returnReason && <View className='sv-notice'>管理中心已退回：{d.returnReason}。请重新整改后回复。</View>}

              {/* the indicator, unit, day and figure are in the head: here the times, and the way to the figures */}
              <Card title='督办信息'>
                <InfoLine label='发起时间'>{momentText(d.openedAt)}</InfoLine>
                <InfoLine label='回复期限'>{dayLabel(d.dueOn, today)}</InfoLine>
                {d.closedAt && <InfoLine label='销号时间'>{momentText(d.closedAt)}</InfoLine>}
                <View className='sv-link' onClick={() => void Taro.navigateTo({ url: indicatorPageOf(d) })}>
                  <Text>查看该单位当日指标与走势</Text>
                  <ArrowRight size={12} />
                </View>
              </Card>

              {d.reply && (
                <Card title={d.status === 'open' && d.returnReason ? '上次回复（已退回）' : '整改情况'}>
                  <View className='sv-text'>{d.reply}</View>
                  {d.repliedAt && <View className='sv-caption'>{momentText(d.repliedAt)} 回复</View>}
                </Card>
              )}

              {d.can.reply && (
                <Card title={d.returnReason ? '重新回复整改情况' : '回复整改情况'}>
                  <TextArea
                    className='sv-reply__input'
                    value={reply}
                    maxLength={REPLY_MAX}
                    showCount
                    autoSize
                    placeholder='说明原因和已采取的整改措施，如 已约谈相关人员，今后按标准安排公务接待'
                    onChange={(text) => {
                      setReply(text)
                      setReplyProblem(null)
                    }}
                  />
                  {replyProblem && <View className='vf-row__error'>{replyProblem}</View>}
                  <Button className='sv-reply__button' type='primary' size='large' block loading={busy === 'reply'} disabled={!!busy && busy !== 'reply'} onClick={submitReply}>
                    提交整改情况
                  </Button>
                </Card>
              )}

              {/* the centre decides on the reply just read: its buttons before the history */}
              {(d.can.close || d.can.return) && (
                <View className='sv-actions'>
                  {d.can.close && (
                    <Button block size='large' type='primary' loading={busy === 'close'} disabled={!!busy && busy !== 'close'} onClick={() => askClose(d)}>
                      销号
                    </Button>
                  )}
                  {d.can.return && (
                    <Button block size='large' type='danger' fill='outline' disabled={!!busy} onClick={askReturn}>
                      退回
                    </Button>
                  )}
                </View>
              )}
              <Timeline d={d} />
              <View className='sv-bottom' />
            </>
          )
        }}
      </PageGate>
      <ReasonDialog ask={ask} onClose={() => setAsk(null)} />
      {actions.node}
    </Page>
  )
}

/** 处理记录: every step, newest first. */
function Timeline({ d }: { d: SupervisionDetail }) {
  const lines = [...d.events].reverse()
  if (!lines.length) return null
  return (
    <Card title='处理记录'>
      {lines.map((event, i) => (
        <View key={`${event.at}-${event.kind}-${i}`} className={`sv-event ${i === 0 ? 'sv-event--latest' : ''}`}>
          <View className='sv-event__dot' />
          <View className='sv-event__body'>
            <View className='sv-event__head'>
              <Text className='sv-event__kind'>{SUPERVISION_EVENT_LABELS[event.kind]}</Text>
              <Text className='sv-event__at'>{momentText(event.at)}</Text>
            </View>
            <View className='sv-event__who'>{event.actorName ?? '系统'}</View>
            {event.text && <View className='sv-event__text'>{event.text}</View>}
          </View>
        </View>
      ))}
    </Card>
  )
}
