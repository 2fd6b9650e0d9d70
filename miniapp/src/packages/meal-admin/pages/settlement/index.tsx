import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { ArrowRight, Order, Store, User } from '@nutui/icons-react-taro'
import { formatMoney, inShanghai, mealSettlementApi, type Reconciliation } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { toast } from '../../../../components/Toaster'
import { SAVES_TO_DEVICE } from '../../../../utils/platform'
import { Card, FormRow, Pill, PickerValue, useRoleGate } from '../../components/ui'
import { downloadSettlement } from '../../lib/files'
import { dayLabel, DIFFERENCE_LABELS, monthLabel, thisMonth, today } from '../../lib/format'
import { statementPage } from '../../lib/nav'
import './index.scss'

const DIFFERENCE_TONES = { missing_in_ours: 'red', missing_in_wechat: 'orange', amount_mismatch: 'red', status_mismatch: 'orange' } as const

const yesterday = () => inShanghai(new Date()).subtract(1, 'day').format('YYYY-MM-DD')
const amountOrDash = (fen: number | null) => (fen === null ? '—' : formatMoney(fen))

/** 结算对账 (settlement, admin): the monthly Excel exports and the WeChat Pay bill reconciliation. */
export default function SettlementPage() {
  const gate = useRoleGate(['settlement', 'admin'], '仅结算员和管理员可以查看结算与对账')
  const [month, setMonth] = useState(thisMonth)
  const [exporting, setExporting] = useState<'merchant' | 'unit' | null>(null)
  // WeChat's trade bill for a day is ready the next morning: yesterday is the usual day to check
  const [date, setDate] = useState(yesterday)
  const [checking, setChecking] = useState(false)
  const [result, setResult] = useState<Reconciliation | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const actions = useActionDialog()

  const exportBy = async (by: 'merchant' | 'unit') => {
    if (exporting) return
    setExporting(by)
    try {
      await downloadSettlement(month, by)
      if (SAVES_TO_DEVICE) toast('已开始下载', 'success')
    } catch (e) {
      actions.fail(e, { title: '导出失败' })
    } finally {
      setExporting(null)
    }
  }

  const reconcile = async () => {
    if (checking) return
    setChecking(true)
    setProblem(null)
    try {
      setResult(await request(mealSettlementApi.reconciliation, { query: { date } }))
    } catch (e) {
      setResult(null)
      setProblem(asApiError(e).message)
    } finally {
      setChecking(false)
    }
  }

  const changeDate = (next: string) => {
    setDate(next)
    setResult(null)
    setProblem(null)
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
          <Button className='settlement__export' type='primary' icon={<Store size={14} />} loading={exporting === 'merchant'} disabled={exporting === 'unit'} onClick={() => void exportBy('merchant')}>
            按商户导出 Excel
          </Button>
          <Button className='settlement__export' type='primary' fill='outline' icon={<User size={14} />} loading={exporting === 'unit'} disabled={exporting === 'merchant'} onClick={() => void exportBy('unit')}>
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

      <Card title='微信支付对账'>
        <FormRow label='对账日期' last hint='微信账单次日生成，一般核对前一天'>
          <PickerValue mode='date' value={date} end={today()} text={dayLabel(date)} onChange={changeDate} />
        </FormRow>
        <View className='ma-actions'>
          <Button type='primary' block loading={checking} onClick={() => void reconcile()}>
            开始对账
          </Button>
        </View>
        {problem && <View className='ma-error'>{problem}</View>}
        {result && (
          <View className='settlement__result'>
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
          </View>
        )}
      </Card>
      {actions.node}
    </Page>
  )
}
