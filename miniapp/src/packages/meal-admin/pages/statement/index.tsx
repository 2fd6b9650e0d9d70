import { useEffect, useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button, Popup, TextArea } from '@nutui/nutui-react-taro'
import { Order } from '@nutui/icons-react-taro'
import { type DailyStatement, formatMoney, mealMerchantsApi, mealMethodLabel, mealSettlementApi } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { EmptyState } from '../../../../components/EmptyState'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useMe } from '../../../../store/session'
import { PickerValue, Stat } from '../../../../components/Form'
import { Pill } from '../../../../components/Pill'
import '../../components/ui.scss'
import { clock, dayLabel, REVIEW_LABELS, today } from '../../lib/format'
import './index.scss'

type Line = DailyStatement['lines'][number]

/**
 * The merchant comes from the link (`?merchantId=`); without one a cashier gets their own merchant
 * (the server picks it). Admins and settlement clerks can switch merchants.
 */
const REVIEW_TONES = { pending: 'orange', confirmed: 'green', disputed: 'red' } as const
const DISPUTE_REASONS = ['金额不符', '非本店收款', '重复收款', '已线下退款']

/** 日结单: one merchant's paid orders of one day, confirmed or disputed line by line by the merchant. */
export default function StatementPage() {
  const params = useRouter().params
  const [merchantId, setMerchantId] = useState<number | undefined>(() => Number(params.merchantId) || undefined)
  const [date, setDate] = useState(() => (/^\d{4}-\d{2}-\d{2}$/.test(params.date ?? '') ? params.date! : today()))
  const { state: meState, me } = useMe()
  const roles = me?.roles ?? []
  // the merchant's cashier answers for the merchant (and admin may on its behalf); settlement reads
  const canReview = roles.includes('cashier') || roles.includes('admin')
  const isOffice = roles.includes('admin') || roles.includes('settlement')

  // the office picks a merchant first (the first one, once listed); a cashier's is found by the server
  const { state: statementState, reload, set } = useResource(() => request(mealSettlementApi.daily, { query: { merchantId, date } }), {
    key: [merchantId, date],
    enabled: merchantId !== undefined || (!!me && !isOffice),
  })
  // not signed in, or /me failed: that is what the page shows (nothing else can load)
  const state = meState.status === 'guest' || meState.status === 'error' ? meState : statementState
  // the merchant picker (office only); without it the page still works for the linked merchant
  const merchantList = useResource(() => request(mealMerchantsApi.list).then((list) => list.items), { enabled: isOffice })
  const merchants = useMemo(() => merchantList.data ?? [], [merchantList.data])
  const actions = useActionDialog()
  const [busyLine, setBusyLine] = useState<number | null>(null)
  const [disputing, setDisputing] = useState<Line | null>(null)
  const [note, setNote] = useState('')
  const [onlyPending, setOnlyPending] = useState(false)
  const [confirmingAll, setConfirmingAll] = useState(false)

  useEffect(() => {
    if (merchants.length) setMerchantId((current) => current ?? merchants[0].id)
  }, [merchants])

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  const review = async (line: Line, answer: 'confirmed' | 'disputed', text?: string): Promise<boolean> => {
    if (busyLine !== null || state.status !== 'ready') return false
    setBusyLine(line.paymentId)
    try {
      const statement = await request(mealSettlementApi.review, { body: { merchantId: state.data.merchant.id, date, paymentId: line.paymentId, review: answer, note: text } })
      set(statement)
      toast(answer === 'confirmed' ? '已确认' : '已提交异议', 'success')
      return true
    } catch (e) {
      actions.fail(e)
      return false
    } finally {
      setBusyLine(null)
    }
  }

  /** 全部确认: every line still 待确认, in one request; disputed lines stay disputed. */
  const confirmAll = async () => {
    if (state.status !== 'ready' || confirmingAll) return
    setConfirmingAll(true)
    try {
      const statement = await request(mealSettlementApi.confirmAll, { body: { merchantId: state.data.merchant.id, date } })
      set(statement)
      setOnlyPending(false)
      toast('已全部确认', 'success')
    } catch (e) {
      actions.fail(e)
    } finally {
      setConfirmingAll(false)
    }
  }
  const askConfirmAll = (pending: number) =>
    actions.show({
      title: '全部确认',
      message: `确认这一天 ${pending} 笔待确认的订单都无误？已提出异议的不受影响。`,
      choices: [{ text: `全部确认 ${pending} 笔`, primary: true, onClick: () => void confirmAll() }],
      cancelText: '取消',
    })

  const openDispute = (line: Line) => {
    setNote(line.note ?? '')
    setDisputing(line)
  }
  const submitDispute = async () => {
    if (!disputing || !note.trim()) return
    if (await review(disputing, 'disputed', note.trim())) setDisputing(null)
  }

  const statement = state.status === 'ready' ? state.data : null
  const merchantIndex = merchants.findIndex((m) => m.id === (merchantId ?? statement?.merchant.id))

  return (
    <Page className='statement'>
      <View className='statement__head'>
        <View className='statement__merchant'>
          {merchants.length > 0 ? (
            <PickerValue
              className='statement__merchant-picker'
              mode='selector'
              range={merchants.map((m) => m.name)}
              value={Math.max(merchantIndex, 0)}
              text={statement?.merchant.name ?? merchants[merchantIndex]?.name ?? ''}
              onChange={(i) => setMerchantId(merchants[i].id)}
            />
          ) : (
            <Text>{statement?.merchant.name ?? '日结单'}</Text>
          )}
        </View>
        <View className='statement__date'>
          <PickerValue className='statement__date-picker' mode='date' value={date} end={today()} text={dayLabel(date)} onChange={setDate} />
          {date !== today() && (
            <Text className='statement__today' onClick={() => setDate(today())}>
              回到今天
            </Text>
          )}
        </View>
      </View>

      {!statement ? (
        <PageGate
          state={state}
          needs={['cashier', 'settlement']}
          // another merchant's statement is answered as if that merchant did not exist
          errorTitle={(error) => (error.code === 'NOT_FOUND' ? '没有找到这家商户的日结单' : undefined)}
          icon={<Order size={48} color={GREY_ICON} />}
          onRetry={() => void reload()}
        />
      ) : (
        <>
          <View className='statement__totals'>
            <View className='statement__stats'>
              <Stat label='笔数' value={statement.totals.count} />
              <Stat label='收款' value={formatMoney(statement.totals.amountFen)} />
              <Stat label='退款' value={formatMoney(statement.totals.refundedFen)} tone={statement.totals.refundedFen ? 'orange' : undefined} />
              <Stat label='应结' value={formatMoney(statement.totals.netFen)} tone='blue' />
            </View>
            <View className='statement__progress'>
              <Text className='statement__progress-item statement__progress-item--green'>已确认 {statement.totals.confirmed}</Text>
              <Text className='statement__progress-item statement__progress-item--red'>有异议 {statement.totals.disputed}</Text>
              <Text className='statement__progress-item statement__progress-item--orange'>待确认 {statement.totals.pending}</Text>
            </View>
            {statement.totals.count > 0 && (
              <View className='statement__bar'>
                <View className='statement__bar-part statement__bar-part--green' style={{ flex: statement.totals.confirmed }} />
                <View className='statement__bar-part statement__bar-part--red' style={{ flex: statement.totals.disputed }} />
                <View className='statement__bar-part statement__bar-part--orange' style={{ flex: statement.totals.pending }} />
              </View>
            )}
            {!canReview && <View className='statement__readonly'>结算员只读：逐笔确认由商户收银员完成</View>}
            {statement.totals.count > 0 && (
              <View className='statement__filter'>
                <View className={`statement__chip ${!onlyPending ? 'statement__chip--on' : ''}`} onClick={() => setOnlyPending(false)}>
                  全部 {statement.totals.count}
                </View>
                <View className={`statement__chip ${onlyPending ? 'statement__chip--on' : ''}`} onClick={() => setOnlyPending(true)}>
                  待确认 {statement.totals.pending}
                </View>
                {canReview && statement.totals.pending > 0 && (
                  <Button className='statement__confirm-all' size='small' type='primary' loading={confirmingAll} disabled={busyLine !== null} onClick={() => askConfirmAll(statement.totals.pending)}>
                    全部确认
                  </Button>
                )}
              </View>
            )}
          </View>

          {!statement.lines.length ? (
            <EmptyState icon={<Order size={48} color={GREY_ICON} />} title='当天没有收款' description='这一天没有已支付的订单' />
          ) : (
            <View className='statement__lines'>
              {onlyPending && !statement.lines.some((line) => line.review === 'pending') && <View className='statement__all-done egj-muted'>没有待确认的订单了</View>}
              {statement.lines.filter((line) => !onlyPending || line.review === 'pending').map((line) => (
                <View key={line.paymentId} className={`statement__line statement__line--${line.review}`}>
                  <View className='statement__line-top'>
                    <Text className='statement__time'>{clock(line.paidAt)}</Text>
                    <Text className='statement__window'>{line.windowName}</Text>
                    <Text className={`statement__amount ${line.refundedFen >= line.amountFen ? 'statement__amount--void' : ''}`}>{formatMoney(line.amountFen)}</Text>
                  </View>
                  <View className='statement__line-mid'>
                    <Text className='statement__payer'>
                      {line.payerName ?? (line.method === 'wechat' ? '微信用户' : '—')}
                      {line.payerUnitName ? ` · ${line.payerUnitName}` : ''}
                      {line.method === 'voucher' && line.voucherUnitName ? ` · ${mealMethodLabel(line)}` : ''}
                    </Text>
                    {line.refundedFen > 0 && <Text className='statement__refunded'>已退 {formatMoney(line.refundedFen)}</Text>}
                  </View>
                  <View className='statement__line-tags'>
                    <Pill tone={line.method === 'wechat' ? 'green' : line.method === 'voucher' ? 'orange' : 'blue'}>{mealMethodLabel(line, true)}</Pill>
                    {line.official && (
                      <Pill tone='red' solid className='statement__tag'>
                        公务
                      </Pill>
                    )}
                    <Text className='statement__serial'>{line.serialNo}</Text>
                    <Pill tone={REVIEW_TONES[line.review]} className='statement__review'>
                      {REVIEW_LABELS[line.review]}
                    </Pill>
                  </View>
                  {line.review === 'disputed' && line.note && <View className='statement__note'>异议：{line.note}</View>}
                  {canReview && (
                    <View className='statement__actions'>
                      {line.review === 'pending' ? (
                        <>
                          <Button size='small' fill='outline' type='danger' disabled={busyLine !== null} onClick={() => openDispute(line)}>
                            异议
                          </Button>
                          <Button className='statement__confirm' size='small' type='primary' loading={busyLine === line.paymentId} disabled={busyLine !== null && busyLine !== line.paymentId} onClick={() => void review(line, 'confirmed')}>
                            确认
                          </Button>
                        </>
                      ) : line.review === 'confirmed' ? (
                        <Text className='statement__change' onClick={() => busyLine === null && openDispute(line)}>
                          改为异议
                        </Text>
                      ) : (
                        <>
                          <Text className='statement__change' onClick={() => busyLine === null && openDispute(line)}>
                            修改说明
                          </Text>
                          <Text className='statement__change' onClick={() => busyLine === null && void review(line, 'confirmed')}>
                            改为确认
                          </Text>
                        </>
                      )}
                    </View>
                  )}
                </View>
              ))}
            </View>
          )}
        </>
      )}

      <Popup visible={!!disputing} position='bottom' round closeable title='对这笔提出异议' onClose={() => busyLine === null && setDisputing(null)}>
        {disputing && (
          <View className='ma-sheet'>
            <View className='statement__sheet-line'>
              {clock(disputing.paidAt)} · {disputing.windowName} · {formatMoney(disputing.amountFen)}
              {disputing.payerName ? ` · ${disputing.payerName}` : ''}
            </View>
            <View className='statement__reasons'>
              {DISPUTE_REASONS.map((reason) => (
                <View key={reason} className={`statement__reason ${note === reason ? 'statement__reason--on' : ''}`} onClick={() => setNote(reason)}>
                  {reason}
                </View>
              ))}
            </View>
            <TextArea className='statement__note-input' value={note} placeholder='请说明异议原因（必填），结算员会据此核实' maxLength={200} showCount onChange={setNote} />
            <View className='ma-actions'>
              <Button type='danger' size='large' block disabled={!note.trim()} loading={busyLine === disputing.paymentId} onClick={() => void submitDispute()}>
                提交异议
              </Button>
            </View>
          </View>
        )}
      </Popup>
      {actions.node}
    </Page>
  )
}
