import type { DingtalkClient } from '../../adapters/dingtalk'
import type { SmsClient } from '../../adapters/sms'
import type { PiiVault } from '../../lib/pii'
import type { WechatMiniProgramClient } from '../../adapters/wechat'
import type { WechatSubscriptionService } from '../wechat/subscriptions/subscriptions.service'
import { Undeliverable, type PushChannel } from './notifications.service'

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

export function dingtalkChannel(client: DingtalkClient): PushChannel {
  return {
    name: 'dingtalk',
    send: (userId, message) => client.sendWorkNotice({ userId, title: message.title, text: message.body }),
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
