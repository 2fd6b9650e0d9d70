import { Tips } from '@nutui/icons-react-taro'
import { EmptyState } from '../../../../components/EmptyState'
import { Page } from '../../../../components/Page'

// Placeholder while 驾驶舱 (issue 20) is built.
export default function Placeholder() {
  return (
    <Page>
      <EmptyState icon={<Tips size={40} />} title='指标明细' description='即将上线' />
    </Page>
  )
}
