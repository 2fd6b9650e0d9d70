import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ASSET_LOAN_STATUS_LABELS, ASSET_TRANSFER_STATUS_LABELS, type AssetLoan, type AssetTransfer } from '@egj/shared'
import { Pill } from '../../../components/Pill'
import { assetLoanPage, assetTransferPage, LOAN_STATUS_TONES, momentText, rangeText, TRANSFER_STATUS_TONES } from '../lib/assets'
import './asset.scss'

/** One loan in a list: the asset, the days, who borrows (for the keeper) or whose it is (for the borrower), overdue in red. */
export function LoanCard({ loan, as }: { loan: AssetLoan; as: 'borrower' | 'keeper' }) {
  const waiting = loan.can.approve || loan.can.handOver || loan.can.return
  return (
    <View className='asset-card' onClick={() => void Taro.navigateTo({ url: assetLoanPage(loan.id) })}>
      <View className='asset-card__top'>
        <Text className='asset-card__title'>{loan.assetName}</Text>
        <Pill tone={LOAN_STATUS_TONES[loan.status]}>{ASSET_LOAN_STATUS_LABELS[loan.status]}</Pill>
      </View>
      <View className='asset-card__line'>{rangeText(loan.startDate, loan.endDate)}</View>
      <View className='asset-card__line asset-card__muted'>
        {as === 'keeper' ? `借用人 ${loan.borrowerName}${loan.borrowerUnitName ? ` · ${loan.borrowerUnitName}` : ''}` : `${loan.ownerUnitName} · 编号 ${loan.assetShortCode}`}
      </View>
      <View className='asset-card__line asset-card__muted'>事由 {loan.purpose}</View>
      {loan.daysOverdue > 0 && <View className='asset-card__overdue'>已逾期 {loan.daysOverdue} 天未还</View>}
      {waiting && <View className='asset-card__todo'>{loan.can.approve ? '等待您审批' : loan.can.handOver ? '待您交付' : '待您收回'}</View>}
    </View>
  )
}

/** One transfer in a list: the asset, from → to, where it stands and who decides now. */
export function TransferCard({ transfer }: { transfer: AssetTransfer }) {
  const waiting = transfer.can.agree || transfer.can.approve || transfer.can.receive
  return (
    <View className='asset-card' onClick={() => void Taro.navigateTo({ url: assetTransferPage(transfer.id) })}>
      <View className='asset-card__top'>
        <Text className='asset-card__title'>{transfer.assetName}</Text>
        <Pill tone={TRANSFER_STATUS_TONES[transfer.status]}>{ASSET_TRANSFER_STATUS_LABELS[transfer.status]}</Pill>
      </View>
      <View className='asset-card__line'>
        {transfer.fromUnitName} → {transfer.toUnitName}
      </View>
      <View className='asset-card__line asset-card__muted'>
        {transfer.requestedBy} 申请于 {momentText(transfer.requestedAt)}
      </View>
      {transfer.slipNo && <View className='asset-card__line asset-card__muted'>调拨单号 {transfer.slipNo}</View>}
      {waiting ? <View className='asset-card__todo'>等待您处理</View> : transfer.waitingFor && <View className='asset-card__line asset-card__muted'>当前处理：{transfer.waitingFor}</View>}
    </View>
  )
}
