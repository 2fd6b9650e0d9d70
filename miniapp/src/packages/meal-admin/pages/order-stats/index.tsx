import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Order } from '@nutui/icons-react-taro'
import { formatMoney, mealOrdersApi, type OrderStats } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { SAVES_TO_DEVICE } from '../../../../utils/platform'
import '../../components/ui.scss'
import { downloadOrderStats } from '../../lib/files'
import { monthLabel, thisMonth } from '../../lib/format'
import './index.scss'

const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—')

/** One canteen's figures: label, value, and what the value means when it is not obvious. */
function rowsOf(c: OrderStats['canteens'][number]): [string, string, string?][] {
  return [
    ['预订', `${c.booked} 人次`, c.open ? `含待取餐 ${c.open} 人次` : undefined],
    ['就餐', `${c.served} 人次（${percent(c.served, c.booked)}）`],
    ['未取餐', `${c.noShow} 人次`],
    ['已取消', `${c.cancelled} 人次`],
    [
      '备餐 / 预订份数',
      c.portionsCooked === null ? '未登记' : `${c.portionsCooked} / ${c.portionsBookedRecorded} 份`,
      `已登记 ${c.portionsRecordedPeriods}/${c.periods} 餐次；只比较已登记备餐份数的餐次。本月共预订 ${c.portionsBooked} 份`,
    ],
    ['厨余', `${c.wasteKg} 公斤`, `已称重 ${c.wasteRecordedPeriods}/${c.periods} 餐次`],
    [
      '人均浪费',
      c.wastePerDinerG === null ? '—' : `${c.wastePerDinerG} 克`,
      c.wastePerDinerG === null ? '还没有可计算的餐次（需要称重且有人就餐）' : `厨余克数 ÷ 称重餐次的就餐 ${c.servedInWastePeriods} 人次`,
    ],
    ['收入', formatMoney(c.revenueFen), '报餐取餐及未取餐扣款，已扣除退款'],
  ]
}

/** 月度报餐统计 (admin): per canteen booked vs served vs no-show, portions, waste per diner, revenue; and the .xlsx. */
export default function OrderStatsPage() {
  const gate = useRoleGate(['admin', 'leader'], { needs: ['admin'], icon: <Order size={48} color={GREY_ICON} /> })
  const [month, setMonth] = useState(thisMonth)
  const stats = useResource(() => request(mealOrdersApi.stats, { query: { month } }), { key: [month], enabled: !gate })
  const exporting = useSubmit((asked: string) => downloadOrderStats(asked))
  const actions = useActionDialog()

  const exportXlsx = async () => {
    try {
      await exporting.submit(month)
      if (SAVES_TO_DEVICE) toast('已开始下载', 'success')
    } catch (e) {
      actions.fail(e, { title: '导出失败' })
    }
  }

  if (gate) return <Page className='order-stats'>{gate}</Page>
  return (
    <Page className='order-stats'>
      <Card>
        <FormRow label='统计月份' last>
          <PickerValue mode='date' fields='month' value={month} end={thisMonth()} text={monthLabel(month)} onChange={setMonth} />
        </FormRow>
        <View className='ma-actions'>
          <Button type='primary' block loading={exporting.busy} onClick={() => void exportXlsx()}>
            导出 Excel
          </Button>
        </View>
      </Card>
      <PageGate state={stats.state} onRetry={() => void stats.reload()} isEmpty={(s) => s.canteens.length === 0} empty={{ title: `${monthLabel(month)}没有报餐` }}>
        {(s) => (
          <>
            {s.canteens.map((c) => (
              <Card key={c.merchantId} title={c.merchantName}>
                <View className='order-stats__table'>
                  {rowsOf(c).map(([label, value, note]) => (
                    <View key={label} className='order-stats__row'>
                      <View className='order-stats__main'>
                        <Text className='order-stats__label'>{label}</Text>
                        <Text className='order-stats__value'>{value}</Text>
                      </View>
                      {note && <Text className='order-stats__note'>{note}</Text>}
                    </View>
                  ))}
                </View>
              </Card>
            ))}
            <View className='order-stats__legend'>
              备餐份数和厨余由食堂在每餐后登记；未登记的餐次不计入「备餐 / 预订」和「人均浪费」，不做估算。
            </View>
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
