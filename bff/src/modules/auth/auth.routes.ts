import { DevAccountList, DevLoginRequest, DingtalkLoginRequest, LoginResponse, Me, WechatBindRequest, WechatLoginRequest, WechatLoginResponse } from '@egj/shared'
import { z } from 'zod'
import { presentMe } from '../../lib/auth'
import { AppError } from '../../lib/errors'
import { defineRoute } from '../../lib/http'

const Ok = z.object({ ok: z.literal(true) })

export function authRoutes(options: { devLogin: boolean }) {
  const requireDevLogin = () => {
    // In production config the dev routes do not exist at all.
    if (!options.devLogin) throw new AppError('NOT_FOUND')
  }
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/dev-login',
      summary: '开发登录（仅演示与测试环境，DEV_LOGIN=true）',
      tag: 'auth',
      auth: 'none',
      body: DevLoginRequest,
      response: LoginResponse,
      handler: async ({ body, services }) => {
        requireDevLogin()
        return services.auth.devLogin(body.username)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/dev-accounts',
      summary: '演示账号列表（仅 DEV_LOGIN=true）',
      tag: 'auth',
      auth: 'none',
      response: DevAccountList,
      handler: async ({ services }) => {
        requireDevLogin()
        return { items: await services.auth.devAccounts() }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/wechat',
      summary: '微信登录：wx.login 的 code → 已绑定的工作人员，或访客身份（needsBinding）',
      tag: 'auth',
      auth: 'none',
      body: WechatLoginRequest,
      response: WechatLoginResponse,
      handler: ({ body, services }) => services.auth.wechatLogin(body.code),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/wechat/bind',
      summary: '用微信验证的手机号绑定工作人员身份',
      tag: 'auth',
      body: WechatBindRequest,
      response: LoginResponse,
      handler: ({ body, user, services }) => services.auth.wechatBind(user!, body.phoneCode),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/dingtalk',
      summary: '钉钉 / 浙政钉免登：authCode → 已关联的工作人员',
      tag: 'auth',
      auth: 'none',
      body: DingtalkLoginRequest,
      response: LoginResponse,
      handler: ({ body, services }) => services.auth.dingtalkLogin(body.authCode),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/logout',
      summary: '退出登录（令牌立即失效）',
      tag: 'auth',
      response: Ok,
      handler: async ({ user, services }) => {
        await services.auth.logout(user!)
        return { ok: true as const }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/me',
      summary: '当前用户：姓名、单位、角色',
      tag: 'auth',
      response: Me,
      handler: async ({ user }) => presentMe(user!),
    }),
  ]
}
