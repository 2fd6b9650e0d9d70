import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { Check } from '@nutui/icons-react-taro'
import { isValidMobile, isValidPlate, visitInvitationsApi } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { toast } from '../../../../components/Toaster'
import { useSubmit } from '../../../../hooks/useSubmit'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useMe } from '../../../../store/session'
import { IS_H5 } from '../../../../utils/platform'
import { dayText, defaultWindow, fieldErrorsOf, shanghaiInstant, todayInShanghai, VISIT_LIST_PAGE } from '../../../../utils/visits'
import VisitAcceptPage from '../accept/index'
import './index.scss'

interface Draft {
  visitorName: string
  mobile: string
  day: string
  start: string
  end: string
  purpose: string
  plateNo: string
}

const bodyOf = (d: Draft) => ({
  visitorName: d.visitorName.trim(),
  mobile: d.mobile.trim(),
  startAt: shanghaiInstant(d.day, d.start),
  endAt: shanghaiInstant(d.day, d.end),
  purpose: d.purpose.trim(),
  plateNo: d.plateNo.trim() || undefined,
})
type Body = ReturnType<typeof bodyOf>

function problemsOf(d: Draft): Record<string, string> {
  const out: Record<string, string> = {}
  if (!d.visitorName.trim()) out.visitorName = '请填写访客姓名'
  if (!isValidMobile(d.mobile.trim())) out.mobile = d.mobile.trim() ? '手机号码有误：应为 11 位中国大陆手机号' : '请填写访客手机号'
  if (!d.purpose.trim()) out.purpose = '请填写来访事由'
  if (d.end <= d.start) out.endAt = '离开时间须晚于到访时间'
  if (new Date(shanghaiInstant(d.day, d.start)).getTime() < Date.now() - 60_000) out.startAt = '到访时间已过，请重新选择'
  if (d.plateNo.trim() && !isValidPlate(d.plateNo)) out.plateNo = '车牌号有误，例如 浙A12345 或新能源 浙AD12345'
  return out
}

/**
 * 邀请访客 (staff). The invitation link the BFF hands out opens this page with ?token=: then it is
 * the visitor's side of it (来访邀请, the same as pages/accept).
 */
export default function VisitInvitePage() {
  return useRouter().params.token ? <VisitAcceptPage /> : <InviteForm />
}

/** The host's form: the visitor gets a link, completes the ID details, and the visit is approved at once. */
function InviteForm() {
  // who may invite is known before the form: a signed-out user is asked to sign in first, not after filling it in
  const gate = useRoleGate(['staff'])
  const { me } = useMe()
  const w = defaultWindow()
  const [draft, setDraft] = useState<Draft>({ visitorName: '', mobile: '', day: w.day, start: w.start, end: w.end, purpose: '', plateNo: '' })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [sent, setSent] = useState<{ url: string; name: string } | null>(null)
  const actions = useActionDialog()
  const invite = useSubmit((body: Body, idempotencyKey) => request(visitInvitationsApi.create, { body, idempotencyKey }))

  const change = (patch: Partial<Draft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }))
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))))
  }

  const send = async (retry = false) => {
    const problems = problemsOf(draft)
    setErrors(problems)
    if (Object.keys(problems).length) return
    try {
      const created = retry ? await invite.retry() : await invite.submit(bodyOf(draft))
      setSent({ url: created.inviteUrl, name: draft.visitorName.trim() })
      toast('邀请已生成', 'success')
    } catch (e) {
      const error = asApiError(e)
      const fields = fieldErrorsOf(error)
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: '邀请未生成', retry: () => void send(true), safeRetry: '邀请' })
    }
  }

  const copy = () => void Taro.setClipboardData({ data: sent?.url ?? '' }).then(() => IS_H5 && toast('已复制', 'success'))

  if (gate) return <Page className='visit-invite'>{gate}</Page>

  if (sent) {
    return (
      <Page className='visit-invite'>
        <View className='visit-invite__done'>
          <View className='visit-invite__done-icon'>
            <Check size={32} color='#ffffff' />
          </View>
          <View className='visit-invite__done-title'>已生成给 {sent.name} 的邀请</View>
          <View className='visit-invite__done-text'>把链接发给访客：访客打开后补全证件信息即预约成功，无需您再审批</View>
          <View className='visit-invite__url'>{sent.url}</View>
          <Button type='primary' size='large' block onClick={copy}>
            复制链接
          </Button>
          <View className='visit-invite__share'>复制后可在微信、短信中发送给访客</View>
        </View>
        <View className='vf-actions'>
          <Button block fill='outline' type='primary' onClick={() => {
            invite.forget()
            setSent(null)
            setDraft({ ...draft, visitorName: '', mobile: '', plateNo: '' })
          }}>
            再邀请一位
          </Button>
          <Button block fill='none' type='primary' onClick={() => void Taro.redirectTo({ url: `${VISIT_LIST_PAGE}?tab=host` })}>
            查看来访我的
          </Button>
        </View>
        {actions.node}
      </Page>
    )
  }

  return (
    <Page className='visit-invite'>
      {me && <View className='visit-invite__who'>以 {me.name}{me.unit ? `（${me.unit.name}）` : ''}的名义邀请</View>}
      <Card title='访客'>
        <FormRow label='访客姓名' required error={errors.visitorName}>
          <Input align='right' value={draft.visitorName} maxLength={32} placeholder='访客姓名' onChange={(visitorName) => change({ visitorName }, 'visitorName')} />
        </FormRow>
        <FormRow label='手机号' required error={errors.mobile}>
          <Input align='right' type='tel' value={draft.mobile} maxLength={11} placeholder='访客手机号' onChange={(mobile) => change({ mobile }, 'mobile')} />
        </FormRow>
        <FormRow label='车牌号' last error={errors.plateNo} hint='选填'>
          <Input align='right' value={draft.plateNo} maxLength={10} placeholder='如 浙A12345' onChange={(plateNo) => change({ plateNo: plateNo.toUpperCase() }, 'plateNo')} />
        </FormRow>
      </Card>
      <Card title='时间与事由'>
        <FormRow label='日期' required error={errors.startAt}>
          <PickerValue mode='date' value={draft.day} start={todayInShanghai()} text={dayText(`${draft.day}T12:00:00+08:00`)} onChange={(day) => change({ day }, 'startAt')} />
        </FormRow>
        <FormRow label='到访时间' required>
          <PickerValue mode='time' value={draft.start} text={draft.start} onChange={(start) => change({ start }, 'startAt', 'endAt')} />
        </FormRow>
        <FormRow label='离开时间' required error={errors.endAt}>
          <PickerValue mode='time' value={draft.end} text={draft.end} onChange={(end) => change({ end }, 'endAt')} />
        </FormRow>
        <FormRow label='来访事由' required stacked last error={errors.purpose}>
          <TextArea className='visit-invite__purpose' value={draft.purpose} maxLength={200} placeholder='如 参加项目评审会' onChange={(purpose) => change({ purpose }, 'purpose')} />
        </FormRow>
      </Card>
      <View className='vf-actions'>
        <Button type='primary' size='large' block loading={invite.busy} onClick={() => void send()}>
          生成邀请链接
        </Button>
        <Text className='visit-invite__note'>访客凭链接填写证件信息后自动通过，通行码发到访客手机</Text>
      </View>
      {actions.node}
    </Page>
  )
}
