import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { ArrowRight, Coupon, Order, Plus, Store, Wallet } from '@nutui/icons-react-taro'
import { formatMoney, mealMerchantsApi, MERCHANT_KIND_LABELS, type MerchantAdmin } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { EmptyState } from '../../../../components/EmptyState'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { useResource } from '../../../../hooks/useResource'
import { MerchantFields, NEW_MERCHANT, draftBody, type MerchantDraft } from '../../components/MerchantFields'
import { Pill } from '../../../../components/Pill'
import '../../components/ui.scss'
import { merchantPage, SETTLEMENT_PAGE, statementPage, SUBSIDY_PAGE, VOUCHERS_PAGE } from '../../lib/nav'
import './index.scss'

const SHORTCUTS = [
  { text: '发放餐补', icon: <Wallet size={22} color='var(--egj-primary)' />, url: SUBSIDY_PAGE },
  { text: '电子餐券', icon: <Coupon size={22} color='var(--egj-primary)' />, url: VOUCHERS_PAGE },
  { text: '日结单', icon: <Order size={22} color='var(--egj-primary)' />, url: statementPage() },
  { text: '结算对账', icon: <Store size={22} color='var(--egj-primary)' />, url: SETTLEMENT_PAGE },
]

/** "早餐 06:30–09:00 · 午餐 …", or a nudge when there are none. */
function periodsSummary(m: MerchantAdmin): string {
  if (!m.periods.length) return '未设置餐次'
  return m.periods.map((p) => `${p.name} ${p.start}–${p.end}`).join(' · ')
}

/** 食堂管理 (admin): every merchant with its windows and meal periods; add one; shortcuts. */
export default function MerchantsPage() {
  const { state, reload } = useResource(() => request(mealMerchantsApi.list).then((list) => list.items))
  const actions = useActionDialog()
  const [adding, setAdding] = useState(false)
  const [draft, setDraft] = useState<MerchantDraft>(NEW_MERCHANT)
  const [busy, setBusy] = useState(false)

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  const open = (url: string) => void Taro.navigateTo({ url })

  const openAdd = () => {
    setDraft(NEW_MERCHANT)
    setAdding(true)
  }

  const body = draftBody(draft)
  const create = async () => {
    if (!body || busy) return
    setBusy(true)
    try {
      const merchant = await request(mealMerchantsApi.create, { body })
      setAdding(false)
      open(merchantPage(merchant.id))
    } catch (e) {
      actions.fail(e, { title: '新增商户失败' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page className='merchants'>
      <PageGate state={state} needs={['admin']} icon={<Store size={48} color={GREY_ICON} />} onRetry={() => void reload()}>
        {(merchants) => (
          <>
      <View className='merchants__shortcuts'>
        {SHORTCUTS.map((item) => (
          <View key={item.text} className='merchants__shortcut' onClick={() => open(item.url)}>
            <View className='merchants__shortcut-icon'>{item.icon}</View>
            <Text className='merchants__shortcut-text'>{item.text}</Text>
          </View>
        ))}
      </View>

      <View className='merchants__head'>
        <Text className='merchants__title'>商户 · {merchants.length}</Text>
        <Button size='small' type='primary' fill='outline' icon={<Plus size={12} />} onClick={openAdd}>
          新增商户
        </Button>
      </View>

      {!merchants.length && (
        <EmptyState icon={<Store size={48} color={GREY_ICON} />} title='还没有商户' description='新增机关食堂或定点用餐点，再为它添加窗口和餐次' actionText='新增商户' onAction={openAdd} />
      )}

      {merchants.map((m) => {
        const activeWindows = m.windows.filter((w) => w.status === 'active').length
        return (
          <View key={m.id} className={`merchants__item ${m.status === 'disabled' ? 'merchants__item--off' : ''}`} onClick={() => open(merchantPage(m.id))}>
            <View className='merchants__item-top'>
              <Text className='merchants__name'>{m.name}</Text>
              <Pill tone={m.kind === 'canteen' ? 'blue' : 'orange'} className='merchants__pill'>
                {MERCHANT_KIND_LABELS[m.kind]}
              </Pill>
              {m.status === 'disabled' && (
                <Pill tone='gray' className='merchants__pill'>
                  已停用
                </Pill>
              )}
              <ArrowRight size={12} color='#c0c4cc' className='merchants__arrow' />
            </View>
            <View className='merchants__line'>
              <Text className='merchants__strong'>{m.windows.length}</Text> 个窗口
              {activeWindows < m.windows.length ? `（${m.windows.length - activeWindows} 个停用）` : ''} · 超标{m.overCapPolicy === 'warn' ? '提醒' : '拒付'} · 单笔 ≤ {formatMoney(m.maxPaymentFen)}
            </View>
            <View className={`merchants__periods ${m.periods.length ? '' : 'merchants__periods--none'}`}>{periodsSummary(m)}</View>
          </View>
        )
      })}
          </>
        )}
      </PageGate>

      <Popup visible={adding} position='bottom' round closeable title='新增商户' onClose={() => !busy && setAdding(false)}>
        <View className='ma-sheet'>
          <MerchantFields draft={draft} onChange={setDraft} />
          <View className='ma-actions'>
            <Button type='primary' size='large' block disabled={!body} loading={busy} onClick={() => void create()}>
              新增
            </Button>
          </View>
        </View>
      </Popup>
      {actions.node}
    </Page>
  )
}
