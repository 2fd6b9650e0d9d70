import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import type { BaseEventOrig, ButtonProps } from '@tarojs/components'
import { Button, Cell, Input, Tag } from '@nutui/nutui-react-taro'
import { ArrowRight, User, Weixin } from '@nutui/icons-react-taro'
import { authApi, type LoginResponse, ROLE_LABELS } from '@egj/shared'
import { ApiError, isApiError, request } from '../../api/client'
import { useActionDialog } from '../../components/ActionDialog'
import { EmptyState } from '../../components/EmptyState'
import { PageGate } from '../../components/PageGate'
import { PrivacySheet } from '../../components/PrivacySheet'
import { toast, Toaster } from '../../components/Toaster'
import { useResource } from '../../hooks/useResource'
import { saveLogin } from '../../store/session'
import { decodeParam, isAppPage, leaveTo, MINE_PAGE } from '../../utils/nav'
import { dingtalkAuthCode, loginMethod, PlatformError, wechatLoginCode } from '../../utils/platform'
import './index.scss'

export default function LoginPage() {
  const params = useRouter().params
  const redirect = decodeParam(params.redirect)
  const method = loginMethod()
  const [busy, setBusy] = useState(false)
  const [needsBinding, setNeedsBinding] = useState(false)

  const target = redirect && isAppPage(redirect) ? redirect : MINE_PAGE

  /** After login: back to where the user came from, or 我的. */
  const finish = (res: LoginResponse) => {
    saveLogin(res.token, res.user)
    void leaveTo(target)
  }

  // a failed sign-in is an action error: the page's dialog, never a toast
  const actions = useActionDialog()
  const run = async (work: () => Promise<void>) => {
    if (busy) return
    setBusy(true)
    try {
      await work()
    } catch (e) {
      // platform SDKs reject with English errMsg objects: the dialog says something useful instead
      actions.fail(isApiError(e) || e instanceof PlatformError ? e : new ApiError(0, 'LOGIN_FAILED', '登录失败，请稍后重试'), { title: '登录未完成' })
    } finally {
      setBusy(false)
    }
  }

  // weapp: wx.login → our account; a WeChat user not yet bound may bind with the verified phone
  const loginWithWechat = () =>
    run(async () => {
      const res = await request(authApi.wechatLogin, { body: { code: await wechatLoginCode() } })
      if (res.needsBinding) {
        saveLogin(res.token, res.user) // signed in as a visitor until bound
        setNeedsBinding(true)
        return
      }
      finish(res)
    })

  const bindPhone = (e: BaseEventOrig<ButtonProps.onGetPhoneNumberEventDetail>) => {
    const phoneCode = (e.detail as { code?: string }).code
    if (!phoneCode) {
      toast('未获得手机号授权，可稍后在“我的”中绑定')
      return
    }
    void run(async () => finish(await request(authApi.wechatBind, { body: { phoneCode } })))
  }

  const loginWithDingtalk = () =>
    run(async () => {
      finish(await request(authApi.dingtalkLogin, { body: { authCode: await dingtalkAuthCode() } }))
    })

  // DingTalk signs in without a tap
  useEffect(() => {
    if (method === 'dingtalk') void loginWithDingtalk()
    // once, when the page opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  return (
    // not <Page>: its H5 back bar would be the only reason to put it in the main package; the
    // browser's back and the 首页 tab leave this page
    <View className='egj-page login'>
      <View className='login__brand'>
        <View className='login__logo'>e</View>
        <View className='login__title'>e管家</View>
        <View className='login__subtitle'>机关事务一站式服务</View>
        {params.ended === '1' && <View className='login__ended'>登录已失效，请重新登录</View>}
      </View>

      {method === 'wechat' && (
        <View className='egj-card login__card'>
          {!needsBinding ? (
            <>
              <Button type='primary' size='large' block loading={busy} icon={<Weixin size={20} color='#ffffff' />} onClick={loginWithWechat}>
                微信一键登录
              </Button>
              <View className='login__hint'>仅用于识别您的身份，不会获取其他信息</View>
            </>
          ) : (
            <>
              <View className='login__bind-title'>绑定工作人员身份</View>
              <View className='login__hint login__hint--left'>
                您当前以访客身份登录。机关工作人员请使用本人在单位登记的手机号绑定，绑定后可使用扫码支付、用车等服务。
              </View>
              <Button type='primary' size='large' block loading={busy} openType='getPhoneNumber' onGetPhoneNumber={bindPhone}>
                绑定工作人员身份
              </Button>
              <View className='login__skip' onClick={() => void leaveTo(target)}>
                暂不绑定，以访客身份继续
              </View>
            </>
          )}
        </View>
      )}

      {method === 'dingtalk' && (
        <View className='egj-card login__card'>
          <View className='login__hint'>{busy ? '正在通过钉钉登录…' : '使用钉钉 / 浙政钉账号登录'}</View>
          <Button type='primary' size='large' block loading={busy} onClick={loginWithDingtalk}>
            钉钉登录
          </Button>
        </View>
      )}

      {method === 'browser' && <DevLogin busy={busy} run={run} onLogin={finish} />}
      {actions.node}
      <Toaster />
      <PrivacySheet />
    </View>
  )
}

/**
 * Browser without WeChat or DingTalk: demo accounts, offered only when the server has dev login
 * on (GET /api/v1/auth/dev-accounts answers 404 in production).
 */
function DevLogin(props: { busy: boolean; run: (work: () => Promise<void>) => Promise<void>; onLogin: (res: LoginResponse) => void }) {
  const { busy, run, onLogin } = props
  // public: the list is what lets a signed-out browser sign in
  const accounts = useResource(() => request(authApi.devAccounts), { auth: false, refreshOnShow: false })
  const [username, setUsername] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)

  const login = (name: string) => {
    if (!name.trim()) {
      setNameError('请输入用户名')
      return
    }
    void run(async () => onLogin(await request(authApi.devLogin, { body: { username: name.trim() } })))
  }

  const { state } = accounts
  // 404: dev login is off (production): sign in through WeChat or DingTalk
  if (state.status === 'error' && state.error.status === 404) {
    return (
      <EmptyState
        icon={<User size={48} color='#c0c4cc' />}
        title='请在微信或浙政钉中打开'
        description='e管家通过微信小程序、钉钉或浙政钉登录，请在对应应用中打开本页面。'
      />
    )
  }
  if (state.status !== 'ready') {
    return <PageGate state={state} icon={<User size={48} color='#c0c4cc' />} errorTitle={() => '暂时无法登录'} errorAction={() => ({ text: '重试', onClick: () => void accounts.reload() })} onRetry={() => void accounts.reload()} />
  }
  const { items } = state.data

  return (
    <>
      <View className='egj-section-title'>
        选择演示账号 <View className='login__dev-badge'>仅测试环境</View>
      </View>
      <Cell.Group className='login__accounts'>
        {items.map((account) => (
          <Cell
            key={account.username}
            clickable
            title={<View className='login__account-name'>{account.name}</View>}
            description={
              <View className='login__account-desc'>
                <View className='login__account-unit'>{account.unitName ?? '无所属单位'}</View>
                <View className='login__account-roles'>
                  {account.roles.map((role) => (
                    <Tag key={role} background='var(--egj-primary-light)' color='var(--egj-primary)' round className='login__role'>
                      {ROLE_LABELS[role]}
                    </Tag>
                  ))}
                </View>
              </View>
            }
            extra={<ArrowRight size={14} color='#6b7079' />}
            onClick={() => login(account.username)}
          />
        ))}
      </Cell.Group>
      {items.length === 0 && <View className='login__loading egj-muted'>暂无演示账号</View>}

      <View className='egj-section-title'>输入用户名登录</View>
      <View className='egj-card login__form'>
        <Input
          className='login__input'
          placeholder='用户名'
          value={username}
          onChange={(value) => {
            setUsername(value)
            setNameError(null)
          }}
          clearable
        />
        {nameError && <View className='login__error'>{nameError}</View>}
        <Button type='primary' block loading={busy} onClick={() => login(username)}>
          登录
        </Button>
      </View>
    </>
  )
}
