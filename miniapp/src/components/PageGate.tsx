import { useEffect, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Order } from '@nutui/icons-react-taro'
import { ROLE_LABELS, type Role, UNIT_ADMIN_GRANTABLE } from '@egj/shared'
import type { ApiError } from '../api/client'
import type { ResourceState } from '../hooks/useResource'
import { goLogin, HOME_PAGE, signInOnOpen } from '../utils/nav'
import { EmptyState } from './EmptyState'
import './PageGate.scss'

export interface GateAction {
  text: string
  onClick: () => void
}

interface Props<T> {
  state: ResourceState<T>
  /** 重试 after a network or server failure */
  onRetry: () => void
  /** the page's content once the data is there (and not empty) */
  children?: (data: T) => ReactNode
  /** what is loading, e.g. 正在校验窗口码… */
  loading?: string
  /** the heading for a visitor who is not signed in, e.g. 登录后查看饭卡 */
  guest?: string
  /** the line under it (default 登录后查看本页) */
  guestHint?: string
  /**
   * The roles this page is for: someone refused for want of one (403 FORBIDDEN) reads
   * 需要「门岗」角色 · 请联系机关事务管理中心管理员开通 instead of a bare 没有权限.
   */
  needs?: Role[]
  /** why a signed-in user may not see this, e.g. 仅管理员可以管理商户 (when `needs` does not say it) */
  forbidden?: string
  /** a grey icon for the empty / guest / forbidden / error card */
  icon?: ReactNode
  /** the heading of an error that is not the network's, e.g. 付款记录不存在 for NOT_FOUND */
  errorTitle?: (error: ApiError) => string | undefined
  /** what to offer for an error that retrying will not fix (default: 返回首页) */
  errorAction?: (error: ApiError) => GateAction | undefined
  /** the data is there but has nothing to show */
  isEmpty?: (data: T) => boolean
  empty?: { title: string; description?: string; action?: GateAction }
}

export const GREY_ICON = '#c0c4cc'

const goHome = () => void Taro.switchTab({ url: HOME_PAGE })

/** 需要「门岗」角色, 需要「食堂收银」或「结算员」角色 */
export const needsRolesTitle = (roles: Role[]) => `需要${roles.map((role) => `「${ROLE_LABELS[role]}」`).join('或')}角色`
/** Whom to ask: a 单位管理员 grants the roles inside a unit; the centre's roles (门岗, 收银 …) only its 管理员. */
export const needsRoleHint = (roles: Role[]) => (roles.some((role) => (UNIT_ADMIN_GRANTABLE as readonly Role[]).includes(role)) ? '请联系单位管理员开通' : '请联系机关事务管理中心管理员开通')

/** Whether trying the same request again may work (no answer, or server trouble). */
export const retryable = (error: ApiError) => error.status === 0 || error.status >= 500

/**
 * THE way a page shows everything but its data: loading, not signed in, not allowed, failed
 * (with 重试 when that can help, else a way out), empty. Every state has a next step: no page
 * is a dead end. Page errors go here; action errors go to the action dialog; field errors
 * under their field (docs/adding-a-module.md).
 */
export function PageGate<T>(props: Props<T>) {
  const { state } = props
  const icon = props.icon ?? <Order size={48} color={GREY_ICON} />
  // inside 浙政钉 / DingTalk a guest is signed in by the client (a 钉消息 link opens this page)
  useEffect(() => {
    if (state.status === 'guest') signInOnOpen()
  }, [state.status])
  switch (state.status) {
    case 'loading':
      return (
        <View className='egj-card egj-gate__loading'>
          <View className='egj-gate__spinner' />
          <View className='egj-gate__loading-text'>{props.loading ?? '加载中…'}</View>
        </View>
      )
    case 'guest':
      return <EmptyState icon={icon} title={props.guest ?? '请先登录'} description={props.guestHint ?? '登录后查看本页'} actionText='去登录' onAction={() => goLogin()} />
    case 'forbidden':
      // a role the user lacks: say which, and whom to ask; any other refusal: the server's words
      if (props.needs?.length && state.error.code === 'FORBIDDEN') {
        return <EmptyState icon={icon} title={needsRolesTitle(props.needs)} description={needsRoleHint(props.needs)} actionText='返回首页' onAction={goHome} />
      }
      return <EmptyState icon={icon} title='没有权限' description={props.forbidden ?? state.error.message} actionText='返回首页' onAction={goHome} />
    case 'error': {
      const { error } = state
      const action = retryable(error) ? { text: '重试', onClick: props.onRetry } : (props.errorAction?.(error) ?? { text: '返回首页', onClick: goHome })
      return <EmptyState icon={icon} title={props.errorTitle?.(error) ?? '加载失败'} description={error.message} actionText={action.text} onAction={action.onClick} />
    }
    default: {
      const { data } = state
      if (props.isEmpty?.(data) && props.empty) {
        const { title, description, action } = props.empty
        return <EmptyState icon={icon} title={title} description={description} actionText={action?.text} onAction={action?.onClick} />
      }
      return <>{props.children?.(data)}</>
    }
  }
}
