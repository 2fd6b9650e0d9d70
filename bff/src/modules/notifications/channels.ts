import type { DingtalkClient } from '../../adapters/dingtalk'
import type { SmsClient } from '../../adapters/sms'
import type { PiiVault } from '../../lib/pii'
import type { WechatMiniProgramClient } from '../../adapters/wechat'
import type { PushChannel } from './notifications.service'

/** WeChat subscribe message with the 通用通知 template (thing1 title, thing2 content). */
export function wechatChannel(client: WechatMiniProgramClient, templateId: string): PushChannel {
  return {
    name: 'wechat',
    async send(openid, message) {
      const outcome = await client.sendSubscribeMessage({
        openid,
        templateId,
        page: message.link,
        data: { thing1: message.title.slice(0, 20), thing2: message.body.slice(0, 20) },
      })
      // Not subscribed (yet): retry later with backoff; the inbox has the message meanwhile.
      if (outcome === 'refused') throw new Error('用户未订阅该消息 (43101)')
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
