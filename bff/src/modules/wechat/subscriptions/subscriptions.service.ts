import type { Parsed, WechatSubscribeTemplates, WechatSubscriptionsRecord } from '@egj/shared'
import type { Db } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import * as repo from './subscriptions.repo'

/** A subscribe-message template chosen in the WeChat console (公众平台 → 订阅消息), and what it is for. */
export interface WechatTemplate {
  templateId: string
  /** its title in WeChat's library: the sheet asking the user shows it */
  title: string
  /** the messages it carries, by their title (WeChat holds a template to its declared use); null: everything no other template carries */
  carries: RegExp | null
}

export interface WechatSubscriptionServiceDeps {
  db: Db
  /** at most 3 (WeChat's sheet asks for no more at once): a message goes out under the first whose `carries` matches its title, else under the one for everything else */
  templates: WechatTemplate[]
  now?: () => Date
}

/**
 * WeChat one-time subscribe messages: the mini-app asks at the moment a user books or requests
 * (`wx.requestSubscribeMessage`), reports which templates the user allowed, and each 允许 pays for
 * one message of that template. The push channel spends them; without one it does not send.
 */
export class WechatSubscriptionService {
  private readonly now: () => Date
  constructor(private readonly deps: WechatSubscriptionServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  templates(): WechatSubscribeTemplates {
    return { items: this.deps.templates.map(({ templateId, title }) => ({ templateId, title })) }
  }

  /** Adds one allowed message per accepted template of ours; anything else the client sends is ignored. */
  async record(user: AuthUser, input: Parsed<typeof WechatSubscriptionsRecord>): Promise<void> {
    const ours = new Set(this.deps.templates.map((t) => t.templateId))
    await repo.addOne(this.deps.db, user.id, [...new Set(input.accepted)].filter((id) => ours.has(id)), this.now())
  }

  /** The template a message goes out under. */
  templateFor(message: { title: string }): string {
    const { templates } = this.deps
    const chosen = templates.find((t) => t.carries?.test(message.title)) ?? templates.find((t) => !t.carries) ?? templates[0]
    return chosen.templateId
  }

  /** Spends one allowed message of `templateId` for the user with this openid; false when none is left. */
  spend(openid: string, templateId: string): Promise<boolean> {
    return repo.spendOne(this.deps.db, openid, templateId, this.now())
  }

  /** WeChat answered 43101 (nothing subscribed): stop counting on what we had. */
  forget(openid: string, templateId: string): Promise<void> {
    return repo.clear(this.deps.db, openid, templateId, this.now())
  }
}

/**
 * Our three templates (WeChat's sheet asks for at most 3 at once), most specific first. Titles
 * are those of WeChat's public template library; the console's choice must match them.
 */
export function wechatTemplates(ids: { approval: string; trip: string; notice: string }): WechatTemplate[] {
  return [
    // 来访已通过 / 用车申请被驳回 / 会议室预订未通过 …, and requests waiting for an approver
    { templateId: ids.approval, title: '审批结果通知', carries: /通过|同意|驳回|审批/ },
    // 已为您派车 / 用车已改派 / 新的出车任务 / 访客已到达 …
    { templateId: ids.trip, title: '出行提醒', carries: /派车|出车|改派|车辆|通行|来访|访客/ },
    { templateId: ids.notice, title: '办理进度通知', carries: null },
  ]
}
