import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Tips } from '@nutui/icons-react-taro'
import { EmptyState } from '../../../../components/EmptyState'
import { Page } from '../../../../components/Page'
import { GREY_ICON } from '../../../../components/PageGate'
import { decodeParam, HOME_PAGE } from '../../../../utils/nav'
import './index.scss'

/** Where a link to a page we do not have lands (an old bookmark, a mistyped or truncated link). */
export default function NotFoundPage() {
  const path = decodeParam(useRouter().params.path)
  return (
    <Page className='not-found'>
      <EmptyState
        icon={<Tips size={48} color={GREY_ICON} />}
        title='页面不存在'
        description='链接可能已失效或不完整，请返回首页重新进入'
        actionText='返回首页'
        onAction={() => void Taro.switchTab({ url: HOME_PAGE })}
      />
      {path && <View className='not-found__path'>{path}</View>}
    </Page>
  )
}
