import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Order } from '@nutui/icons-react-taro'
import { visitAdminApi } from '@egj/shared'
import { ApiError, authHeader, errorFromText, fetchBytes, fileUrl, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, PickerValue, Stat } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { deliverFile, SAVES_TO_DEVICE } from '../../../../utils/platform'
import { thisMonthInShanghai } from '../../../../utils/visits'
import { AdminNav } from '../../components/AdminNav'
import './index.scss'

const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`

/** 访客统计 (admin): a month's visits, units visited, check-ins by hour; the .xlsx export. */
export default function VisitStatsPage() {
  const [month, setMonth] = useState(thisMonthInShanghai)
  const stats = useResource(() => request(visitAdminApi.stats, { query: { month } }), { key: [month] })
  const actions = useActionDialog()
  const [exporting, setExporting] = useState(false)

  const exportXlsx = async () => {
    if (exporting) return
    setExporting(true)
    try {
      await deliverFile({
        fileName: `访客统计-${month}.xlsx`,
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        bytes: () => fetchBytes(visitAdminApi.statsXlsx, { query: { month } }).then(({ bytes }) => bytes),
        url: fileUrl(visitAdminApi.statsXlsx, { query: { month } }),
        header: authHeader(),
        failure: errorFromText,
        networkFailure: () => new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试'),
      })
      if (SAVES_TO_DEVICE) toast('已开始下载', 'success')
    } catch (e) {
      actions.fail(e, { title: '导出失败' })
    } finally {
      setExporting(false)
    }
  }

  return (
    <Page className='va-stats'>
      <AdminNav current='stats' />
      <Card>
        <FormRow label='统计月份' last>
          <PickerValue mode='date' fields='month' value={month} end={thisMonthInShanghai()} text={monthLabel(month)} onChange={(v) => setMonth(v.slice(0, 7))} />
        </FormRow>
      </Card>
      <PageGate state={stats.state} needs={['admin']} icon={<Order size={48} color={GREY_ICON} />} onRetry={() => void stats.reload()}>
        {(s) => {
          const unitMax = Math.max(1, ...s.byUnit.map((u) => u.visits))
          const hours = Array.from({ length: 24 }, (_, h) => s.byHour.find((b) => b.hour === h)?.checkIns ?? 0)
          const hourMax = Math.max(1, ...hours)
          const peak = hours.indexOf(Math.max(...hours))
          return (
            <>
              <Card title={`${monthLabel(s.month)}概况`}>
                <View className='va-stats__totals'>
                  <Stat label='来访次数' value={s.visits} tone='blue' />
                  <Stat label='访客人数' value={s.visitors} />
                  <Stat label='实际入园' value={s.checkedIn} tone='green' />
                </View>
                {/* what each figure counts: a reader should not have to guess why they differ */}
                <View className='va-stats__notes'>
                  <View>来访次数：本月开始的来访（预约、邀请、现场登记）</View>
                  <View>访客人数：来访的不同人员，含同行人员；同一人多次来访计一人</View>
                  <View>实际入园：在门岗办理了入园的来访</View>
                </View>
              </Card>
              <Card title='被访单位'>
                {s.byUnit.length === 0 && <View className='vf-empty-line'>本月没有来访</View>}
                {s.byUnit.map((u) => (
                  <View key={u.unitName} className='va-stats__unit'>
                    <Text className='va-stats__unit-name'>{u.unitName}</Text>
                    <View className='va-stats__unit-bar'>
                      <View className='va-stats__unit-fill' style={{ width: `${(u.visits / unitMax) * 100}%` }} />
                    </View>
                    <Text className='va-stats__unit-num'>{u.visits}</Text>
                  </View>
                ))}
              </Card>
              <Card title='入园时段' extra={hours[peak] > 0 ? <Text className='va-stats__peak'>高峰 {peak}:00–{peak + 1}:00</Text> : undefined}>
                <View className='va-stats__hours'>
                  {hours.map((n, h) => (
                    <View key={h} className='va-stats__hour'>
                      <View className='va-stats__hour-track'>
                        <View className={`va-stats__hour-fill ${h === peak && n > 0 ? 'va-stats__hour-fill--peak' : ''}`} style={{ height: `${(n / hourMax) * 100}%` }} />
                      </View>
                      <Text className='va-stats__hour-label'>{h % 3 === 0 ? h : ''}</Text>
                    </View>
                  ))}
                </View>
              </Card>
              <View className='vf-actions'>
                <Button type='primary' size='large' block loading={exporting} onClick={() => void exportXlsx()}>
                  导出 Excel
                </Button>
                <View className='va-stats__hint'>{SAVES_TO_DEVICE ? '表格下载到本机，可用 Excel 或 WPS 打开' : '表格打开后可通过右上角菜单转发或保存'}</View>
              </View>
            </>
          )
        }}
      </PageGate>
      {actions.node}
    </Page>
  )
}
