import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Order as OrderIcon } from '@nutui/icons-react-taro'
import { formatMoney, mealOrdersApi, ORDER_STATUS_LABELS, type Order } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill, type PillTone } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { BOOK_PAGE, bookChangePage, cutoffText, dayText, isClosed } from '../../lib/booking'
import { useNow } from '../../lib/hooks'
import './index.scss'

const STATUS_TONES: Record<Order['status'], PillTone> = { booked: 'blue', picked_up: 'green', cancelled: 'gray', no_show: 'orange' }
const PAY_LABELS: Record<Order['pay'], string> = { hold: '饭卡预扣', on_pickup: '取餐时付款', voucher: '餐券支付' }

/** 我的报餐: the diner's bookings, newest first; 修改 / 取消 until the cut-off. */
export default function MealBookingsPage() {
  const now = useNow(30_000)
  const { state, reload } = useResource(() => request(mealOrdersApi.list, { query: { as: 'mine' } }))
  const cancelling = useSubmit((id: number) => request(mealOrdersApi.cancel, { params: { id } }))
  const actions = useActionDialog()

  const cancel = (order: Order) =>
    actions.show({
      title: '取消这份报餐？',
      message: `取消${order.guestName ? `来宾 ${order.guestName} ` : ' '}${dayText(order.date)} ${order.periodName}的报餐？${order.pay === 'hold' ? `预扣的 ${formatMoney(order.amountFen)} 将立即退回饭卡。` : order.pay === 'voucher' ? '餐券将释放，可再次使用。' : ''}`,
      choices: [
        {
          text: '确认取消',
          danger: true,
          onClick: () =>
            void cancelling
              .submit(order.id)
              .then(() => {
                toast('已取消报餐', 'success')
                return reload()
              })
              .catch((e) => actions.fail(e, { title: '取消未完成' })),
        },
      ],
      cancelText: '不取消',
    })

  return (
    <Page className='meal-bookings'>
      <PageGate
        state={state}
        guest='登录后查看我的报餐'
        icon={<OrderIcon size={48} color={GREY_ICON} />}
        onRetry={() => void reload()}
        isEmpty={(list) => list.items.length === 0}
        empty={{ title: '还没有报餐', action: { text: '去报餐', onClick: () => void Taro.redirectTo({ url: BOOK_PAGE }) } }}
      >
        {(list) => (
          <View className='meal-bookings__list'>
            {list.items.map((order) => {
              const open = order.status === 'booked' && !isClosed(order.cutoffAt, now)
              return (
                <View key={order.id} className='egj-card meal-bookings__item'>
                  <View className='meal-bookings__top'>
                    <Text className='meal-bookings__when'>
                      {dayText(order.date)} · {order.periodName}
                    </Text>
                    <Pill tone={STATUS_TONES[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Pill>
                  </View>
                  <View className='meal-bookings__where'>
                    {order.guestName && <Pill tone='orange'>来宾</Pill>}
                    <Text>
                      {order.merchantName}
                      {order.guestName ? ` · ${order.guestName}` : ''}
                    </Text>
                  </View>
                  {order.items.length > 0 && <View className='meal-bookings__dishes'>{order.items.map((item) => `${item.name}×${item.qty}`).join('、')}</View>}
                  <View className='meal-bookings__foot'>
                    <View className='meal-bookings__amount'>
                      <Text className='meal-bookings__money'>{formatMoney(order.amountFen)}</Text>
                      <Text className='meal-bookings__pay'>{PAY_LABELS[order.pay]}</Text>
                    </View>
                    {open && (
                      <View className='meal-bookings__actions'>
                        <Button size='small' fill='outline' onClick={() => cancel(order)}>取消</Button>
                        <Button size='small' type='primary' onClick={() => void Taro.navigateTo({ url: bookChangePage(order.id) })}>修改</Button>
                      </View>
                    )}
                  </View>
                  {open && order.cutoffAt && <View className='meal-bookings__hint'>{cutoffText(order.cutoffAt, order.date)}，截止前可修改或取消</View>}
                </View>
              )
            })}
          </View>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
