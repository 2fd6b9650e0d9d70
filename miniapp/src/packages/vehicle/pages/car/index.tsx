import { Transit } from '@nutui/icons-react-taro'
import { QrLanding } from '../../../../components/QrLanding'

export default function VehicleCarPage() {
  return (
    <QrLanding
      kind='v'
      title='用车申请'
      moduleName='用车申请'
      intro='一车一码：扫车辆上的码，查看车辆与用车任务'
      icon={<Transit size={28} />}
    />
  )
}
