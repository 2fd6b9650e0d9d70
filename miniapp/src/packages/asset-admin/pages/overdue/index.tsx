import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { ArrowRight, Clock } from '@nutui/icons-react-taro'
import { assetLoansApi } from '@egj/shared'
import { request } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { useResource } from '../../../../hooks/useResource'
import { AssetNav } from '../../components/AssetNav'
import { whenText } from '../../lib/labels'
import { assetLoanPage } from '../../lib/nav'
import '../../components/ui.scss'
import './index.scss'

/** 有借不还 (the centre): loans out past their due date, most overdue first. */
export default function AssetOverduePage() {
  const overdue = useResource(() => request(assetLoansApi.overdue).then(({ items }) => [...items].sort((a, b) => b.daysOverdue - a.daysOverdue || a.endDate.localeCompare(b.endDate))))

  usePullDownRefresh(() => {
    void overdue.reload().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <Page className='aov'>
      <AssetNav current='overdue' />
      <PageGate
        state={overdue.state}
        needs={['admin']}
        icon={<Clock size={48} color={GREY_ICON} />}
        onRetry={() => void overdue.reload()}
        isEmpty={(items) => items.length === 0}
        empty={{ title: '没有逾期未还的借用', description: '借用到期未归还的会列在这里，并按天数逐级提醒' }}
      >
        {(items) => (
          <>
            <View className='aa-head'>
              <Text className='aa-head__title'>逾期未还 · {items.length}</Text>
              <Text className='aa-head__side'>逾期最久的在前</Text>
            </View>
            {items.map((loan) => (
              <View key={loan.id} className='aa-item aov__item' onClick={() => void Taro.navigateTo({ url: assetLoanPage(loan.id) })}>
                <View className='aov__main'>
                  <View className='aa-item__top'>
                    <Text className='aa-item__title'>{loan.borrowerName}</Text>
                    <Text className='aov__days'>逾期 {loan.daysOverdue} 天</Text>
                  </View>
                  {loan.borrowerUnitName && <View className='aa-item__muted aov__unit'>{loan.borrowerUnitName}</View>}
                  <View className='aa-item__line'>
                    {loan.assetName}
                    <Text className='aov__code'>{loan.assetShortCode}</Text>
                  </View>
                  <View className='aa-item__line'>
                    {loan.ownerUnitName}的资产 · 借用 {whenText(loan.startDate)} 至 {whenText(loan.endDate)}
                  </View>
                  <View className='aa-item__muted'>事由：{loan.purpose}</View>
                </View>
                <ArrowRight size={12} color='#c0c4cc' className='aov__arrow' />
              </View>
            ))}
            <View className='aa-bottom-space' />
          </>
        )}
      </PageGate>
    </Page>
  )
}
