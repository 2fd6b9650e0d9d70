import { Processing } from '@nutui/icons-react-taro'
import { QrLanding } from '../../../../components/QrLanding'

export default function RoomDoorPage() {
  return (
    <QrLanding
      kind='r'
      title='会议室'
      moduleName='会议室预订'
      intro='扫会议室门牌码，查看占用并预订'
      icon={<Processing size={28} />}
    />
  )
}
