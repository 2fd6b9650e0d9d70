import { DevAccountList, DevLoginRequest, DingtalkLoginRequest, LoginResponse, WechatBindRequest, WechatLoginRequest, WechatLoginResponse, WechatSubscribeTemplates, WechatSubscriptionsRecord, ZzdLoginRequest } from '../auth'
import { Me } from '../org'
import { Ok } from './common'
import { endpoint } from './define'

export const authApi = {
  devLogin: endpoint({ method: 'POST', path: '/api/v1/auth/dev-login', tag: 'auth', summary: '开发登录（仅演示与测试环境，DEV_LOGIN=true）', body: DevLoginRequest, response: LoginResponse }),
  devAccounts: endpoint({ method: 'GET', path: '/api/v1/auth/dev-accounts', tag: 'auth', summary: '演示账号列表（仅 DEV_LOGIN=true）', response: DevAccountList }),
  wechatLogin: endpoint({ method: 'POST', path: '/api/v1/auth/wechat', tag: 'auth', summary: '微信登录：wx.login 的 code → 已绑定的工作人员，或访客身份（needsBinding）', body: WechatLoginRequest, response: WechatLoginResponse }),
  wechatBind: endpoint({ method: 'POST', path: '/api/v1/auth/wechat/bind', tag: 'auth', summary: '用微信验证的手机号绑定工作人员身份', body: WechatBindRequest, response: LoginResponse }),
  dingtalkLogin: endpoint({ method: 'POST', path: '/api/v1/auth/dingtalk', tag: 'auth', summary: '钉钉（企业内部应用）免登：requestAuthCode 的 authCode → 已关联的工作人员', body: DingtalkLoginRequest, response: LoginResponse }),
  zzdLogin: endpoint({ method: 'POST', path: '/api/v1/auth/zzd', tag: 'auth', summary: '浙政钉免登：gdt-jsapi getAuthCode 的 authCode → 按浙政钉 accountId / employeeCode 关联的工作人员', body: ZzdLoginRequest, response: LoginResponse }),
  logout: endpoint({ method: 'POST', path: '/api/v1/auth/logout', tag: 'auth', summary: '退出登录（令牌立即失效）', response: Ok }),
  me: endpoint({ method: 'GET', path: '/api/v1/me', tag: 'auth', summary: '当前用户：姓名、单位、角色', response: Me }),
}

/** WeChat subscribe messages: which templates to ask for, and what the user allowed. */
export const wechatApi = {
  subscribeTemplates: endpoint({ method: 'GET', path: '/api/v1/wechat/subscribe-templates', tag: 'auth', summary: '小程序订阅消息模板（预约、申请时请求用户授权）', response: WechatSubscribeTemplates }),
  recordSubscriptions: endpoint({ method: 'POST', path: '/api/v1/wechat/subscriptions', tag: 'auth', summary: '记录用户在订阅消息弹窗中允许的模板（每次允许可收一条）', body: WechatSubscriptionsRecord, response: Ok }),
}
