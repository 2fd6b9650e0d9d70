import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { wechatApi } from '@egj/shared'
import { request } from '../api/client'
import { IS_WEAPP } from './platform'

/*
 * WeChat one-time subscribe messages (审批结果, 出行提醒, 办理进度): asked at the moment a user books
 * or requests. WeChat opens its sheet only straight from a tap, so the template ids are fetched
 * when the form opens, and the ask starts inside the tap's handler, before anything awaits.
 */

let templateIds: string[] = []
let loading = false

/** The form's part: fetch our template ids when it opens (weapp only; elsewhere nothing to ask). */
export function useSubscribeTemplates(): void {
  useEffect(() => {
    if (!IS_WEAPP || templateIds.length || loading) return
    loading = true
    request(wechatApi.subscribeTemplates)
      .then(({ items }) => {
        // WeChat's sheet takes at most 3 at once (the BFF has 3)
        templateIds = items.map((item) => item.templateId).slice(0, 3)
      })
      .catch(() => undefined) // no ask this time; the booking itself is unaffected
      .finally(() => {
        loading = false
      })
  }, [])
}

/**
 * First thing in the 提交 tap (after the form's own checks): WeChat asks the user, and what they
 * allow is recorded so our pushes reach them. Never waits, never throws: a refusal, or no answer,
 * never blocks the booking.
 */
export function askToSubscribe(): void {
  if (!IS_WEAPP || !templateIds.length) return
  const asked = templateIds
  // Taro's Option type asks for Alipay's entityIds as well: WeChat takes tmplIds alone
  Taro.requestSubscribeMessage({ tmplIds: asked } as Taro.requestSubscribeMessage.Option)
    .then((answer) => {
      // per template: 'accept', 'reject', 'ban' or 'filter'; each 'accept' allows one message
      const accepted = asked.filter((id) => (answer as unknown as Record<string, unknown>)[id] === 'accept')
      if (accepted.length) return request(wechatApi.recordSubscriptions, { body: { accepted } })
    })
    .catch(() => undefined) // closed, refused or failed: the booking goes on regardless
}
