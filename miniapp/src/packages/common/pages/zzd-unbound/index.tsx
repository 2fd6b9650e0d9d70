import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { UserAdd } from '@nutui/icons-react-taro'
import { PAGES, pageUrl } from '@egj/shared'
import { Page } from '../../../../components/Page'
import { browseAsGuest, decodeParam, HOME_PAGE, isAppPage } from '../../../../utils/nav'
import './index.scss'

const STEPS = ['联系本单位管理员（负责本单位人员信息的同事）', '请其在e管家中为您登记浙政钉账号或工号', '登记完成后，回到本页点「重新登录」']

/**
 * 浙政钉 knows this person, e管家 does not (no staff record carries their accountId or
 * employeeCode): who can fix it (their 单位管理员) and what to do then, with a way on as a
 * visitor — never a dead end. Its own page in a subpackage: weapp never opens it, and the main
 * package stays small.
 */
export default function ZzdUnboundPage() {
  const redirect = decodeParam(useRouter().params.redirect)
  // the login page signs in by itself again, and goes on to where the person was headed
  const retry = () => void Taro.redirectTo({ url: pageUrl(PAGES.login, { redirect: redirect && isAppPage(redirect) ? redirect : undefined }) })
  return (
    <Page className='zzd-unbound' backBar={false}>
      <View className='zzd-unbound__icon'>
        <UserAdd size={40} color='#ffffff' />
      </View>
      <View className='zzd-unbound__title'>您的浙政钉账号尚未关联工作人员信息</View>
      <View className='zzd-unbound__text'>e管家按浙政钉账号识别机关工作人员，目前还没有与您的账号对应的人员信息。</View>
      <View className='egj-card zzd-unbound__steps'>
        <View className='zzd-unbound__steps-title'>请按以下步骤开通</View>
        {STEPS.map((step, index) => (
          <View key={step} className='zzd-unbound__step'>
            <View className='zzd-unbound__step-no'>{index + 1}</View>
            <View className='zzd-unbound__step-text'>{step}</View>
          </View>
        ))}
      </View>
      <Button type='primary' size='large' block onClick={retry}>
        重新登录
      </Button>
      <View
        className='zzd-unbound__skip'
        onClick={() => {
          browseAsGuest()
          void Taro.switchTab({ url: HOME_PAGE })
        }}
      >
        暂以访客身份浏览首页
      </View>
    </Page>
  )
}
