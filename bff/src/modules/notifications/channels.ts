import { h5Url } from '@egj/shared'
import type { DingtalkClient } from '../../adapters/dingtalk'
import type { ZzdClient } from '../../adapters/zzd'
import type { SmsClient } from '../../adapters/sms'
import type { PiiVault } from '../../lib/pii'
import type { WechatMiniProgramClient } from '../../adapters/wechat'
import type { WechatSubscriptionService } from '../wechat/subscriptions/subscriptions.service'
import { Undeliverable, type OutgoingMessage, type PushChannel } from './notifications.service'

/**
 * WeChat one-time subscribe message (thing1 事项, thing2 内容, each ≤ 20 characters). Sent only
 * while the user has an allowed message left for the template: without one, or when WeChat answers
 * 43101, the delivery ends (the inbox has the message) — no retries that WeChat would refuse.
 */
export function wechatChannel(client: WechatMiniProgramClient, subscriptions: WechatSubscriptionService): PushChannel {
  return {
    name: 'wechat',
    async send(openid, message, attempt) {
      const templateId = subscriptions.templateFor(message)
      // one 允许 pays for one message: spent on the first attempt; a retry after an unknown outcome (timeout) reuses it
      if (attempt.first && !(await subscriptions.spend(openid, templateId))) throw new Undeliverable('用户未订阅该消息')
      const outcome = await client.sendSubscribeMessage({
        openid,
        templateId,
        page: message.link,
        data: { thing1: message.title.slice(0, 20), thing2: message.body.slice(0, 20) },
      })
      if (outcome === 'refused') {
        await subscriptions.forget(openid, templateId)
        throw new Undeliverable('微信答复用户未订阅该消息 (43101)')
      }
    },
  }
}

/**
 * A 工作通知 as DingTalk and 浙政钉 both take it: with a link, an action card whose button opens
 * the notification's page in the H5 app (`https://host/#/packages/…`, inside the client's own
 * browser); without one, markdown. (工作通知消息类型: action_card {title, markdown, single_title,
 * single_url}; markdown {title, text}.)
 */
export function workNotice(message: OutgoingMessage, publicBaseUrl: string) {
  const markdown = `### ${message.title}\n${message.body}`
  return message.link
    ? { msgtype: 'action_card', action_card: { title: message.title, markdown, single_title: '查看详情', single_url: h5Url(publicBaseUrl, message.link) } }
    : { msgtype: 'markdown', markdown: { title: message.title, text: markdown } }
}

export function dingtalkChannel(client: DingtalkClient, publicBaseUrl: string): PushChannel {
  return {
    name: 'dingtalk',
    send: (userId, message) => client.sendWorkNotice({ userId, msg: workNotice(message, publicBaseUrl) }),
  }
}

/**
 * 钉消息: a 浙政钉 工作通知 to the person's accountId. The delivery's id is the bizMsgId, so a
 * retry after an unanswered send is the same message, not a second one.
 */
export function zzdChannel(client: ZzdClient, publicBaseUrl: string): PushChannel {
  return {
    name: 'zzd',
    send: (accountId, message, attempt) => client.sendWorkNotification({ receiverIds: [accountId], bizMsgId: `egj-${attempt.deliveryId}`, msg: workNotice(message, publicBaseUrl) }),
  }
}

/**
 * SMS (阿里云短信) to a sealed mobile: opened with the PiiVault only now, at send time. The text
 * is the message's body (it carries its own link: the phone has no app to open a page in).
 */
export function smsChannel(client: SmsClient, pii: PiiVault): PushChannel {
  return {
    name: 'sms',
    async send(sealedMobile, message) {
      await client.send(pii.open(sealedMobile), message.body)
    },
  }
}
