import { useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Category } from '@nutui/icons-react-taro'
import { cockpitApi, INDICATOR_KEYS, indicatorOf, inShanghai, PAGES, type IndicatorKey, type Trend } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Segmented } from '../../../../components/Form'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { useMe } from '../../../../store/session'
import { fieldErrorsFrom } from '../../../../utils/field-errors'
import { clockText, dayText, momentText, todayInShanghai } from '../../../../utils/time'
import { LightTag } from '../../components/LightTag'
import { ThresholdSheet, type ThresholdAnswer } from '../../components/ThresholdSheet'
import { TrendChart } from '../../components/TrendChart'
import { canBreakDownByMerchant, formatValue, thresholdText, trendOption, valueWithUnit } from '../../lib/cockpit-view'
import { readParam, recordsPage } from '../../lib/links'
import '../../components/cockpit.scss'

/** When the light changed: the clock time on the figure's own day, else the day too (a past day counted again). */
const changedAtText = (date: string, at: string) => (inShanghai(at).format('YYYY-MM-DD') === date ? clockText(at) : momentText(at))

const isKey = (text: string | undefined): text is IndicatorKey => !!text && (INDICATOR_KEYS as readonly string[]).includes(text)

/** 指标详情: 30 days of one indicator with its lights, the thresholds, the breakdown, the light history. */
export default function IndicatorPage() {
  const params = useRouter().params
  const key = isKey(params.key) ? params.key : 'meal_payments'
  const unitId = readParam(PAGES.cockpitIndicator.query.unitId, params.unitId)
  const date = readParam(PAGES.cockpitIndicator.query.date, params.date) ?? todayInShanghai()
  const { me } = useMe()
  const [by, setBy] = useState<'unit' | 'merchant'>('unit')
  const [editing, setEditing] = useState(false)
  const [problem, setProblem] = useState<{ fields: Record<string, string>; message: string | null } | null>(null)

  const trend = useResource(() => request(cockpitApi.trend, { params: { key }, query: { days: 30, to: date, unitId } }), { key: [key, date, unitId] })
  const breakdown = useResource(() => request(cockpitApi.breakdown, { params: { key }, query: { date, unitId, by } }), { key: [key, date, unitId, by] })
  const lights = useResource(() => request(cockpitApi.lights, { params: { key }, query: { unitId } }), { key: [key, unitId] })
  usePullDownRefresh(() => void Promise.all([trend.reload(), breakdown.reload(), lights.reload()]).finally(() => Taro.stopPullDownRefresh()))

  const save = useSubmit((answer: ThresholdAnswer) => request(cockpitApi.setThresholds, { params: { key }, body: answer }))
  const saveThresholds = async (answer: ThresholdAnswer) => {
    setProblem(null)
    try {
      await save.submit(answer)
      setEditing(false)
      toast('阈值已修改', 'success')
      // the lights may have changed with the thresholds
      void trend.reload()
      void breakdown.reload()
      void lights.reload()
    } catch (e) {
      const error = asApiError(e)
      const fields = fieldErrorsFrom(error, {}, { topLevel: true })
      setProblem({ fields, message: Object.keys(fields).length ? null : error.message })
    }
  }

  const definition = indicatorOf(key)
  const isAdmin = !!me?.roles.includes('admin')
  return (
    <Page className='ck'>
      <PageGate state={trend.state} needs={['leader', 'approver']} icon={<Category size={48} color={GREY_ICON} />} onRetry={() => void trend.reload()}>
        {(data) => (
          <>
            <Today data={data} date={date} />
            <TrendCard data={data} />
            <View className='ck-actions'>
              <Button type='primary' onClick={() => void Taro.navigateTo({ url: recordsPage(key, date, unitId) })}>
                查看明细
              </Button>
              {isAdmin && (
                <Button type='primary' fill='outline' onClick={() => setEditing(true)}>
                  修改阈值
                </Button>
              )}
            </View>
            <View className='ck-card'>
              <View className='ck-card__title'>
                <Text>{by === 'unit' ? '按单位' : '按食堂'}</Text>
              </View>
              {canBreakDownByMerchant(key) && (
                <Segmented
                  options={[
                    { value: 'unit', label: '按单位' },
                    { value: 'merchant', label: '按食堂' },
                  ]}
                  value={by}
                  onChange={setBy}
                />
              )}
              {breakdown.state.status === 'ready' ? (
                breakdown.state.data.groups.length ? (
                  breakdown.state.data.groups.map((group) => (
                    <View key={group.id ?? 'none'} className='ck-row'>
                      <Text className='ck-row__name'>{group.name}</Text>
                      <Text className='ck-row__value'>{valueWithUnit(group.value, definition.unit)}</Text>
                      <LightTag light={group.light} className='ck-row__light' />
                    </View>
                  ))
                ) : (
                  <View className='ck-none'>当日没有记录</View>
                )
              ) : (
                <View className='ck-none'>{breakdown.state.status === 'loading' ? '加载中…' : breakdown.state.status === 'error' || breakdown.state.status === 'forbidden' ? breakdown.state.error.message : ''}</View>
              )}
            </View>
            <View className='ck-card'>
              <View className='ck-card__title'>亮灯记录</View>
              {lights.state.status === 'ready' ? (
                lights.state.data.items.length ? (
                  lights.state.data.items.map((change) => (
                    <View key={`${change.at}-${change.to}`} className='ck-row'>
                      <View className='ck-row__name'>
                        <View>{change.value === null ? '—' : valueWithUnit(change.value, definition.unit)}</View>
                        <View className='ck-row__sub'>
                          {dayText(change.date)} · {changedAtText(change.date, change.at)}
                        </View>
                      </View>
                      <LightTag light={change.from} />
                      <Text className='ck-row__arrow'>→</Text>
                      <LightTag light={change.to} />
                    </View>
                  ))
                ) : (
                  <View className='ck-none'>灯色还没有变过</View>
                )
              ) : (
                <View className='ck-none'>{lights.state.status === 'loading' ? '加载中…' : '亮灯记录加载失败，下拉重试'}</View>
              )}
            </View>
            <View className='ck-bottom-space' />
            <ThresholdSheet
              visible={editing}
              name={data.name}
              unit={data.unit}
              thresholds={data.thresholds}
              busy={save.busy}
              problem={problem}
              onConfirm={(answer) => void saveThresholds(answer)}
              onClose={() => {
                setEditing(false)
                setProblem(null)
              }}
            />
          </>
        )}
      </PageGate>
    </Page>
  )
}

function Today({ data, date }: { data: Trend; date: string }) {
  const last = data.points[data.points.length - 1]
  const text = formatValue(last?.value ?? null, data.unit)
  return (
    <View className='ck-card'>
      <View className='ck-card__title'>
        <Text>{data.name}</Text>
        <Text className='ck-head__time'>{date === todayInShanghai() ? '今天' : dayText(date)}</Text>
      </View>
      <View className='ck-today'>
        <View>
          <Text className='ck-today__value'>{text}</Text>
          {text !== '—' && <Text className='ck-tile__unit'>{data.unit}</Text>}
        </View>
        {last && <LightTag light={last.light} />}
      </View>
      <View className='ck-thresholds'>{thresholdText(data.thresholds, data.unit)}</View>
    </View>
  )
}

function TrendCard({ data }: { data: Trend }) {
  const option = useMemo(() => trendOption(data), [data])
  return (
    <View className='ck-chart-card'>
      <View className='ck-chart-card__title'>近 {data.points.length} 天走势</View>
      <TrendChart option={option} height={220} />
    </View>
  )
}
