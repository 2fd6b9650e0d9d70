import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { ArrowRight, Order, Store, User } from '@nutui/icons-react-taro'
import { formatMoney, inShanghai, mealSettlementApi, type Reconciliation } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { toast } from '../../../../components/Toaster'
import { SAVES_TO_DEVICE } from '../../../../utils/platform'
import { Card, FormRow, PickerValue } from '../../../../components/Form'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { useResource, type ResourceState } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import '../../components/ui.scss'
import { downloadSettlement } from '../../lib/files'
import { dayLabel, DIFFERENCE_LABELS, monthLabel, thisMonth, today } from '../../lib/format'
import { ORDER_STATS_PAGE, statementPage } from '../../lib/nav'
import './index.scss'

const DIFFERENCE_TONES = { missing_in_ours: 'red', missing_in_wechat: 'orange', amount_mismatch: 'red', status_mismatch: 'orange' } as const

const yesterday = () => inShanghai(new Date()).subtract(1, 'day').format('YYYY-MM-DD')
const amountOrDash = (fen: number | null) => (fen === null ? '—' : formatMoney(fen))

/** 结算对账 (settlement, admin): the monthly Excel exports and the WeChat Pay bill reconciliation. */
export default function SettlementPage() {
  const gate = useRoleGate(['settlement', 'admin'], { needs: ['settlement', 'admin'], icon: <Store size={48} color={GREY_ICON} /> })
  const [month, setMonth] = useState(thisMonth)
  // one download at a time; which one is the pending attempt's
  const exporting = useSubmit((by: 'merchant' | 'unit') => downloadSettlement(month, by))
  const exportingBy = exporting.busy ? exporting.pending()?.body : undefined
  // WeChat's trade bill for a day is ready the next morning: yesterday is the usual day to check
  const [date, setDate] = useState(yesterday)
  // the day asked for with 开始对账 (null: not yet); its answer is a resource like any page's
  const [asked, setAsked] = useState<string | null>(null)
  const reconciliation = useResource(() => request(mealSettlementApi.reconciliation, { query: { date: asked ?? date } }), { key: [asked], enabled: asked !== null, refreshOnShow: false })
  // another day's answer still on screen while this day's loads is not this day's
  const shown: ResourceState<Reconciliation> = reconciliation.data && reconciliation.data.date !== asked ? { status: 'loading' } : reconciliation.state
  const checking = asked !== null && shown.status === 'loading'
  const actions = useActionDialog()

  const exportBy = async (by: 'merchant' | 'unit') => {
    if (exporting.busy) return
    try {
      await exporting.submit(by)
      if (SAVES_TO_DEVICE) toast('已开始下载', 'success')
    } catch (e) {
      actions.fail(e, { title: '导出失败' })
    }
  }

  const reconcile = () => (asked === date ? void reconciliation.reload() : setAsked(date))

  const changeDate = (next: string) => {
    setDate(next)
    setAsked(null)
  }

  if (gate) {
    return (
      <Page className='settlement'>{gate}</Page>
    )
  }

  return (
    <Page className='settlement'>
      <Card title='月度结算'>
        <FormRow label='结算月份' last>
          <PickerValue mode='date' fields='month' value={month} end={thisMonth()} text={monthLabel(month)} onChange={setMonth} />
        </FormRow>
        <View className='settlement__exports'>
          <Button className='settlement__export' type='primary' icon={<Store size={14} />} loading={exportingBy === 'merchant'} disabled={exportingBy === 'unit'} onClick={() => void exportBy('merchant')}>
            按商户导出 Excel
          </Button>
          <Button className='settlement__export' type='primary' fill='outline' icon={<User size={14} />} loading={exportingBy === 'unit'} disabled={exportingBy === 'merchant'} onClick={() => void exportBy('unit')}>
            按单位导出 Excel
          </Button>
        </View>
        <View className='settlement__hint egj-muted'>{SAVES_TO_DEVICE ? '表格下载到本机，可用 Excel 或 WPS 打开' : '表格打开后可通过右上角菜单转发或保存'}</View>
      </Card>

      <View className='settlement__link' onClick={() => void Taro.navigateTo({ url: statementPage(undefined, today()) })}>
        <Order size={18} color='var(--egj-primary)' />
        <Text className='settlement__link-text'>商户日结单</Text>
        <Text className='settlement__link-extra'>逐笔确认情况</Text>
        <ArrowRight size={12} color='#c0c4cc' />
      </View>
      <View className='settlement__link' onClick={() => void Taro.navigateTo({ url: ORDER_STATS_PAGE })}>
        <Order size={18} color='var(--egj-primary)' />
        <Text className='settlement__link-text'>月度报餐统计</Text>
        <Text className='settlement__link-extra'>预订、就餐、厨余</Text>
        <ArrowRight size={12} color='#c0c4cc' />
      </View>

      <Card title='微信支付对账'>
        <FormRow label='对账日期' last hint='微信账单次日生成，一般核对前一天'>
          <PickerValue mode='date' value={date} end={today()} text={dayLabel(date)} onChange={changeDate} />
        </FormRow>
        <View className='ma-actions'>
          <Button type='primary' block loading={checking} onClick={reconcile}>
            开始对账
          </Button>
        </View>
      </Card>
      {asked !== null && (
        <PageGate
          state={shown}
          loading='正在与微信支付对账单核对…'
          icon={<Order size={48} color={GREY_ICON} />}
          errorTitle={() => '对账未完成'}
          errorAction={() => ({ text: '换一天', onClick: () => setAsked(null) })}
          onRetry={reconcile}
        >
          {(result) => (
            <Card title={`${dayLabel(result.date)} 对账结果`}>
              <View className='settlement__sides'>
                <View className='settlement__side'>
                  <Text className='settlement__side-label'>我方</Text>
                  <Text className='settlement__side-value'>{formatMoney(result.ours.amountFen)}</Text>
                  <Text className='settlement__side-count'>{result.ours.count} 笔</Text>
                </View>
                <View className='settlement__vs'>vs</View>
                <View className='settlement__side'>
                  <Text className='settlement__side-label'>微信</Text>
                  <Text className='settlement__side-value'>{formatMoney(result.wechat.amountFen)}</Text>
                  <Text className='settlement__side-count'>{result.wechat.count} 笔</Text>
                </View>
              </View>
              {result.ours.amountFen !== result.wechat.amountFen && (
                <View className='settlement__summary'>
                  金额相差 {formatMoney(Math.abs(result.ours.amountFen - result.wechat.amountFen))}
                  {result.ours.count !== result.wechat.count ? `，笔数相差 ${Math.abs(result.ours.count - result.wechat.count)} 笔` : ''}
                </View>
              )}
              {!result.differences.length ? (
                <View className='settlement__clean'>
                  <Text className='settlement__clean-text'>无差异 ✓</Text>
                </View>
              ) : (
                <>
                  <View className='settlement__diff-head'>发现 {result.differences.length} 处差异</View>
                  {result.differences.map((d, i) => (
                    <View key={`${d.outTradeNo}-${i}`} className='settlement__diff'>
                      <View className='settlement__diff-top'>
                        <Pill tone={DIFFERENCE_TONES[d.kind]}>{DIFFERENCE_LABELS[d.kind]}</Pill>
                        <Text className='settlement__diff-no'>{d.outTradeNo}</Text>
                      </View>
                      <View className='settlement__diff-amounts'>
                        <Text>我方 {amountOrDash(d.oursFen)}</Text>
                        <Text className='settlement__diff-sep'>·</Text>
                        <Text>微信 {amountOrDash(d.wechatFen)}</Text>
                      </View>
                      <View className='settlement__diff-note'>{d.note}</View>
                    </View>
                  ))}
                </>
              )}
            </Card>
          )}
        </PageGate>
      )}
      {actions.node}
    </Page>
  )
}
