import { useEffect, useRef, useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Category } from '@nutui/icons-react-taro'
import { cockpitApi, orgApi, PAGES, type Cockpit, type Indicator } from '@egj/shared'
import { request } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { useResource } from '../../../../hooks/useResource'
import { useMe } from '../../../../store/session'
import { clockText, dayText, todayInShanghai } from '../../../../utils/time'
import { LightTag } from '../../components/LightTag'
import { formatValue, groupIndicators, lightSummary } from '../../lib/cockpit-view'
import { indicatorPage, readParam, supervisionListPage } from '../../lib/links'
import '../../components/cockpit.scss'

const AUTO_REFRESH_MS = 60_000

/**
 * 驾驶舱: a day's figures (today by default) as tiles with their lights, grouped by module, the
 * 红灯/黄灯 count and open 督办. 管理员 and 领导 see 全市 or any unit; a unit's approver sees
 * their own unit (the server holds them to it).
 */
export default function CockpitPage() {
  const params = useRouter().params
  const [date, setDate] = useState(() => readParam(PAGES.cockpit.query.date, params.date) ?? todayInShanghai())
  const [unitId, setUnitId] = useState(() => readParam(PAGES.cockpit.query.unitId, params.unitId))
  const { me } = useMe()
  const seesEveryUnit = !!me?.roles.some((role) => role === 'admin' || role === 'leader')
  const units = useResource(() => request(orgApi.units).then((list) => list.items), { enabled: seesEveryUnit, refreshOnShow: false })
  const cockpit = useResource(() => request(cockpitApi.today, { query: { date, unitId } }), { key: [date, unitId] })
  usePullDownRefresh(() => void cockpit.reload().finally(() => Taro.stopPullDownRefresh()))
  useAutoRefresh(cockpit.reload)

  const unitNames = ['全市', ...(units.data ?? []).map((u) => u.name)]
  const unitIndex = unitId === undefined ? 0 : Math.max(0, (units.data ?? []).findIndex((u) => u.id === unitId) + 1)
  const today = todayInShanghai()

  return (
    <Page className='ck'>
      <View className='ck-bar'>
        {seesEveryUnit ? (
          <Picker className='ck-bar__picker' mode='selector' range={unitNames} value={unitIndex} onChange={(e) => setUnitId(Number(e.detail.value) === 0 ? undefined : units.data?.[Number(e.detail.value) - 1]?.id)}>
            <View className='ck-bar__pick'>
              <Text className='ck-bar__pick-text'>{unitId === undefined ? '全市' : (units.data?.find((u) => u.id === unitId)?.name ?? cockpit.data?.scopeName ?? '单位')}</Text>
              <Text className='ck-bar__caret'>▾</Text>
            </View>
          </Picker>
        ) : (
          <View className='ck-bar__pick'>
            <Text className='ck-bar__pick-text'>仅看本单位</Text>
          </View>
        )}
        <Picker mode='date' value={date} end={today} onChange={(e) => setDate(String(e.detail.value))}>
          <View className='ck-bar__pick ck-bar__pick--date'>
            <Text className='ck-bar__pick-text'>{date === today ? `今天 ${dayText(date).split(' ')[0]}` : dayText(date)}</Text>
            <Text className='ck-bar__caret'>▾</Text>
          </View>
        </Picker>
      </View>
      <PageGate state={cockpit.state} needs={['leader', 'approver']} icon={<Category size={48} color={GREY_ICON} />} onRetry={() => void cockpit.reload()}>
        {(data) => <CockpitBody data={data} />}
      </PageGate>
    </Page>
  )
}

/** Counts again every minute while the page is on screen (not while another page covers it). */
function useAutoRefresh(reload: () => Promise<void>) {
  const [visible, setVisible] = useState(true)
  useDidShow(() => setVisible(true))
  useDidHide(() => setVisible(false))
  const latest = useRef(reload)
  latest.current = reload
  useEffect(() => {
    if (!visible) return undefined
    const timer = setInterval(() => void latest.current(), AUTO_REFRESH_MS)
    return () => clearInterval(timer)
  }, [visible])
}

function CockpitBody({ data }: { data: Cockpit }) {
  const summary = lightSummary(data.indicators)
  const open = (url: string) => void Taro.navigateTo({ url })
  return (
    <>
      <View className='ck-head'>
        <Text className='ck-head__scope'>{data.scopeName}</Text>
        <Text className='ck-head__time'>{data.refreshedAt ? `数据更新于 ${clockText(data.refreshedAt)}` : '当日尚未统计'}</Text>
      </View>
      <View className='ck-summary'>
        {summary.red > 0 && (
          <View className='ck-summary__item'>
            <Text className='ck-dot ck-dot--red' />
            <Text>红灯 {summary.red}</Text>
          </View>
        )}
        {summary.yellow > 0 && (
          <View className='ck-summary__item'>
            <Text className='ck-dot ck-dot--yellow' />
            <Text>黄灯 {summary.yellow}</Text>
          </View>
        )}
        {summary.red + summary.yellow === 0 && (
          <View className='ck-summary__item'>
            <Text className='ck-dot ck-dot--green' />
            <Text>全部绿灯</Text>
          </View>
        )}
        <Text className='ck-head__time'>共 {data.indicators.length} 项指标</Text>
      </View>
      <View className='ck-sup'>
        <View className='ck-sup__head' onClick={() => open(supervisionListPage())}>
          <Text>督办</Text>
          <Text className='ck-sup__all'>全部督办 ›</Text>
        </View>
        <View className='ck-sup__row'>
          <View className='ck-sup__cell' onClick={() => open(supervisionListPage('open'))}>
            <Text className={`ck-sup__value ${data.supervision.open ? 'ck-sup__value--red' : ''}`}>{data.supervision.open}</Text>
            <Text className='ck-sup__label'>待整改</Text>
          </View>
          <View className='ck-sup__cell' onClick={() => open(supervisionListPage('replied'))}>
            <Text className='ck-sup__value'>{data.supervision.replied}</Text>
            <Text className='ck-sup__label'>待销号</Text>
          </View>
          <View className='ck-sup__cell' onClick={() => open(supervisionListPage('open'))}>
            <Text className={`ck-sup__value ${data.supervision.overdue ? 'ck-sup__value--red' : ''}`}>{data.supervision.overdue}</Text>
            <Text className='ck-sup__label'>已逾期</Text>
          </View>
        </View>
      </View>
      {groupIndicators(data.indicators).map((group) => (
        <View key={group.group} className='ck-group'>
          <View className='ck-group__title'>{group.label}</View>
          <View className='ck-grid'>
            {group.items.map((indicator) => (
              <Tile key={indicator.key} indicator={indicator} onOpen={() => open(indicatorPage(indicator.key, data.unitId ?? undefined, data.date))} />
            ))}
          </View>
        </View>
      ))}
      <View className='ck-bottom-space' />
    </>
  )
}

function Tile({ indicator, onOpen }: { indicator: Indicator; onOpen: () => void }) {
  const text = formatValue(indicator.value, indicator.unit)
  return (
    <View className={`ck-tile ck-tile--${indicator.light}`} onClick={onOpen}>
      <Text className='ck-tile__name'>{indicator.name}</Text>
      <View className='ck-tile__value'>
        <Text>{text}</Text>
        {text !== '—' && <Text className='ck-tile__unit'>{indicator.unit}</Text>}
      </View>
      {indicator.value === null ? <View className='ck-light ck-light--none'>暂无数据</View> : <LightTag light={indicator.light} />}
    </View>
  )
}
