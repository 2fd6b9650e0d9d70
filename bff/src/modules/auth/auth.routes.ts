import { authApi } from '@egj/shared'
import { presentMe } from '../../lib/auth'
import { AppError } from '../../lib/errors'
import { implement } from '../../lib/http'

export function authRoutes(options: { devLogin: boolean }) {
  const requireDevLogin = () => {
    // In production config the dev routes do not exist at all.
    if (!options.devLogin) throw new AppError('NOT_FOUND')
  }
  return [
    implement(authApi.devLogin, {
      auth: 'none',
      handler: async ({ body, services }) => {
        requireDevLogin()
        return services.auth.devLogin(body.username)
      },
    }),
    implement(authApi.devAccounts, {
      auth: 'none',
      handler: async ({ services }) => {
        requireDevLogin()
        return { items: await services.auth.devAccounts() }
      },
    }),
    implement(authApi.wechatLogin, { auth: 'none', handler: ({ body, services }) => services.auth.wechatLogin(body.code) }),
    implement(authApi.wechatBind, { handler: ({ body, user, services }) => services.auth.wechatBind(user, body.phoneCode) }),
    implement(authApi.dingtalkLogin, { auth: 'none', handler: ({ body, services }) => services.auth.dingtalkLogin(body.authCode) }),
    implement(authApi.zzdLogin, { auth: 'none', handler: ({ body, services }) => services.auth.zzdLogin(body.authCode) }),
    implement(authApi.logout, {
      handler: async ({ user, services }) => {
        await services.auth.logout(user)
        return { ok: true as const }
      },
    }),
    implement(authApi.me, { handler: async ({ user }) => presentMe(user) }),
  ]
}
