import { Tips } from '@nutui/icons-react-taro'
import { EmptyState } from '../../../../components/EmptyState'
import { Page } from '../../../../components/Page'
import { GREY_ICON } from '../../../../components/PageGate'

// placeholder while issue 18's pages are built
export default function AssetLoanPage() {
  return (
    <Page className='asset-loan'>
      <EmptyState icon={<Tips size={48} color={GREY_ICON} />} title='借用详情' description='即将上线' />
    </Page>
  )
}
