import { z } from './zod'
import { Me, Role } from './org'
import { singleLine } from './text'

export const DevLoginRequest = z.object({
  username: singleLine().min(1).max(64),
})
export type DevLoginRequest = z.infer<typeof DevLoginRequest>

export const LoginResponse = z.object({
  /** Bearer token for `Authorization: Bearer <token>` */
  token: z.string(),
  user: Me,
})
export type LoginResponse = z.infer<typeof LoginResponse>

export const WechatLoginRequest = z.object({
  /** the code from `wx.login()` / `Taro.login()` */
  code: z.string().trim().min(1).max(128),
})
export type WechatLoginRequest = z.infer<typeof WechatLoginRequest>

export const WechatLoginResponse = LoginResponse.extend({
  /**
   * true when this WeChat account is not bound to a staff record: the user is signed in as a
   * visitor and may bind by mobile number (`POST /api/v1/auth/wechat/bind`).
   */
  needsBinding: z.boolean(),
})
export type WechatLoginResponse = z.infer<typeof WechatLoginResponse>

export const WechatBindRequest = z.object({
  /** the code from the `getPhoneNumber` button (WeChat's verified mobile number) */
  phoneCode: z.string().trim().min(1).max(128),
})
export type WechatBindRequest = z.infer<typeof WechatBindRequest>

export const DingtalkLoginRequest = z.object({
  /** the free-login code from `dd.getAuthCode` / `requestAuthCode` */
  authCode: z.string().trim().min(1).max(128),
})
export type DingtalkLoginRequest = z.infer<typeof DingtalkLoginRequest>

export const ZzdLoginRequest = z.object({
  /** the free-login code from gdt-jsapi `getAuthCode` (浙政钉; single use, 5 minutes) */
  authCode: z.string().trim().min(1).max(128),
})
export type ZzdLoginRequest = z.infer<typeof ZzdLoginRequest>

/** The WeChat subscribe-message templates the mini-app asks for at the moment a user books or requests. */
export const WechatSubscribeTemplates = z.object({
  items: z.array(z.object({ templateId: z.string(), title: z.string() })),
})
export type WechatSubscribeTemplates = z.infer<typeof WechatSubscribeTemplates>

/** What `requestSubscribeMessage` answered: the template ids the user tapped 允许 for (each allows one message). */
export const WechatSubscriptionsRecord = z.object({
  /** template ids as WeChat writes them (letters, digits, - and _) */
  accepted: z.array(z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, '模板编号格式不正确')).max(3),
})
export type WechatSubscriptionsRecord = z.infer<typeof WechatSubscriptionsRecord>

export const DevAccount = z.object({
  username: z.string(),
  name: z.string(),
  unitName: z.string().nullable(),
  roles: z.array(Role),
})
export type DevAccount = z.infer<typeof DevAccount>
export const DevAccountList = z.object({ items: z.array(DevAccount) })
export type DevAccountList = z.infer<typeof DevAccountList>
