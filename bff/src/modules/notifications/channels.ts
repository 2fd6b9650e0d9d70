import type { DingtalkClient } from '../../adapters/dingtalk'
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
