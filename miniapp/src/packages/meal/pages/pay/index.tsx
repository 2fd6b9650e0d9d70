import { Wallet } from '@nutui/icons-react-taro'
import { QrLanding } from '../../../../components/QrLanding'

export default function MealPayPage() {
  return (
    <QrLanding
      kind='m'
      title='扫码支付'
      moduleName='扫码支付'
      intro='扫食堂窗口码，用餐费账户付款'
      icon={<Wallet size={28} />}
    />
  )
}
