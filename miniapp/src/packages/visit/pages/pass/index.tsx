import { UserAdd } from '@nutui/icons-react-taro'
import { QrLanding } from '../../../../components/QrLanding'

export default function VisitPassPage() {
  return (
    <QrLanding
      kind='p'
      title='访客预约'
      moduleName='访客预约'
      intro='来访预约与访客通行码核验'
      icon={<UserAdd size={28} />}
    />
  )
}
