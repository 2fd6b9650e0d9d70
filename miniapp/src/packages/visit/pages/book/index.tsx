import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { UserAdd } from '@nutui/icons-react-taro'
import { ID_TYPE_LABELS, isValidMobile, isValidPlate, idNumberProblem, VISIT_MAX_COMPANIONS, visitsApi, type IdType } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { CompanionsEditor, companionProblems, companionsBody, HostPicker, IdFields, type CompanionDraft, type HostChoice } from '../../../../components/VisitFields'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { dayText, defaultWindow, fieldErrorsOf, shanghaiInstant, todayInShanghai, visitDetailPage, VISIT_LIST_PAGE } from '../../../../utils/visits'
import { askToSubscribe, useSubscribeTemplates } from '../../../../utils/subscribe'
import './index.scss'

interface Draft {
  visitorName: string
  mobile: string
  idType: IdType
  idNumber: string
  company: string
  purpose: string
  host: HostChoice | null
  day: string
  start: string
  end: string
  companions: CompanionDraft[]
  plateNo: string
}

type Body = ReturnType<typeof buildBody>

function buildBody(d: Draft) {
  return {
    visitorName: d.visitorName.trim(),
    mobile: d.mobile.trim(),
    idType: d.idType,
    idNumber: d.idNumber.trim(),
    company: d.company.trim() || undefined,
    purpose: d.purpose.trim(),
    hostId: d.host?.id ?? 0,
    startAt: shanghaiInstant(d.day, d.start),
    endAt: shanghaiInstant(d.day, d.end),
    companions: companionsBody(d.companions),
    plateNo: d.plateNo.trim() || undefined,
  }
}

/** What the phone can tell before sending, keyed like the API's issue paths. */
function problemsOf(d: Draft): Record<string, string> {
  const out: Record<string, string> = {}
  if (!d.visitorName.trim()) out.visitorName = '请填写姓名'
  if (!isValidMobile(d.mobile.trim())) out.mobile = d.mobile.trim() ? '手机号码有误：应为 11 位中国大陆手机号' : '请填写手机号码'
  const idProblem = d.idNumber.trim() ? idNumberProblem(d.idType, d.idNumber) : '请填写证件号码'
  if (idProblem) out.idNumber = idProblem
  if (!d.purpose.trim()) out.purpose = '请填写来访事由'
  if (!d.host) out.hostId = '请选择被访人'
  if (d.end <= d.start) out.endAt = '离开时间须晚于到访时间'
  if (new Date(shanghaiInstant(d.day, d.start)).getTime() < Date.now() - 60_000) out.startAt = '到访时间已过，请重新选择'
  if (d.plateNo.trim() && !isValidPlate(d.plateNo)) out.plateNo = '车牌号有误，例如 浙A12345 或新能源 浙AD12345'
  return { ...out, ...companionProblems(d.companions) }
}

/** 访客预约: the visitor's booking form. */
export default function VisitBookPage() {
  const window0 = defaultWindow()
  const [draft, setDraft] = useState<Draft>({ visitorName: '', mobile: '', idType: 'id_card', idNumber: '', company: '', purpose: '', host: null, day: window0.day, start: window0.start, end: window0.end, companions: [], plateNo: '' })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [profileUsed, setProfileUsed] = useState(false)
  const actions = useActionDialog()
  // the page needs a signed-in user; earlier details (masked) are offered again
  const profile = useResource(() => request(visitsApi.profile).catch(() => ({ items: [] })), { refreshOnShow: false })

  const change = (patch: Partial<Draft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }))
    if (fields.length) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))))
  }

  const book = useSubmit((body: Body, idempotencyKey) => request(visitsApi.create, { body, idempotencyKey }))
  useSubscribeTemplates()

  const send = async (retry = false) => {
    const problems = problemsOf(draft)
    setErrors(problems)
    if (Object.keys(problems).length) {
      toast('请检查标红的内容')
      return
    }
    if (!retry) askToSubscribe() // WeChat: 审批结果 and 通行 reminders, asked in this tap
    try {
      const created = retry ? await book.retry() : await book.submit(buildBody(draft))
      toast('预约已提交', 'success')
      void Taro.redirectTo({ url: visitDetailPage(created.id) })
    } catch (e) {
      const error = asApiError(e)
      const fields = fieldErrorsOf(error)
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: '预约未提交', retry: () => void send(true), safeRetry: '预约' })
    }
  }

  const earlier = profile.data?.items[0]
  const useEarlier = () => {
    if (!earlier) return
    change({ visitorName: earlier.visitorName, idType: earlier.idType, company: earlier.company ?? '', plateNo: earlier.plateNo ?? '' }, 'visitorName', 'plateNo')
    setProfileUsed(true)
    toast('已填入，请重新输入手机号和证件号')
  }

  return (
    <Page className='visit-book'>
      <PageGate state={profile.state} guest='登录后预约来访' guestHint='访客可用手机号或微信登录' icon={<UserAdd size={48} color={GREY_ICON} />} onRetry={() => void profile.reload()}>
        {() => (
          <>
            <View className='visit-book__intro'>
              <View className='visit-book__intro-title'>预约来访</View>
              <View className='visit-book__intro-text'>提交后由被访人审批，通过后凭手机通行码入园</View>
            </View>

            {earlier && !profileUsed && (
              <View className='visit-book__earlier' onClick={useEarlier}>
                <View className='visit-book__earlier-main'>
                  <Text className='visit-book__earlier-title'>使用上次填写的信息</Text>
                  <Text className='visit-book__earlier-text'>
                    {earlier.visitorName} · {earlier.mobileMasked} · {ID_TYPE_LABELS[earlier.idType]} {earlier.idNumberMasked}
                    {earlier.plateNo ? ` · ${earlier.plateNo}` : ''}
                  </Text>
                </View>
                <Text className='visit-book__earlier-go'>填入</Text>
              </View>
            )}

            <Card title='访客信息'>
              <FormRow label='姓名' required error={errors.visitorName}>
                <Input align='right' value={draft.visitorName} maxLength={32} placeholder='与证件一致' onChange={(visitorName) => change({ visitorName }, 'visitorName')} />
              </FormRow>
              <FormRow label='手机号' required error={errors.mobile ?? (draft.mobile.length >= 11 && !isValidMobile(draft.mobile) ? '手机号码有误：应为 11 位中国大陆手机号' : null)}>
                <Input align='right' type='tel' value={draft.mobile} maxLength={11} placeholder='11 位手机号' onChange={(mobile) => change({ mobile }, 'mobile')} />
              </FormRow>
              <IdFields idType={draft.idType} idNumber={draft.idNumber} error={errors.idNumber} onChange={(doc) => change(doc, 'idNumber')} />
              <FormRow label='工作单位' last>
                <Input align='right' value={draft.company} maxLength={64} placeholder='选填' onChange={(company) => change({ company })} />
              </FormRow>
            </Card>

            <Card title='拜访谁'>
              <HostPicker value={draft.host} error={errors.hostId} onChange={(host) => change({ host }, 'hostId')} />
              <FormRow label='来访事由' required stacked last error={errors.purpose}>
                <TextArea className='visit-book__purpose' value={draft.purpose} maxLength={200} placeholder='如 商谈项目合作' onChange={(purpose) => change({ purpose }, 'purpose')} />
              </FormRow>
            </Card>

            <Card title='来访时间'>
              <FormRow label='日期' required error={errors.startAt}>
                <PickerValue mode='date' value={draft.day} start={todayInShanghai()} text={dayText(`${draft.day}T12:00:00+08:00`)} onChange={(day) => change({ day }, 'startAt')} />
              </FormRow>
              <FormRow label='到访时间' required>
                <PickerValue mode='time' value={draft.start} text={draft.start} onChange={(start) => change({ start }, 'startAt', 'endAt')} />
              </FormRow>
              <FormRow label='离开时间' required last error={errors.endAt} hint='通行码在到访前 30 分钟起可用'>
                <PickerValue mode='time' value={draft.end} text={draft.end} onChange={(end) => change({ end }, 'endAt')} />
              </FormRow>
            </Card>

            <Card title='车辆与同行人'>
              <FormRow label='车牌号' error={errors.plateNo ?? (draft.plateNo.length >= 7 && !isValidPlate(draft.plateNo) ? '车牌号有误，例如 浙A12345 或新能源 浙AD12345' : null)} hint='选填；填写后门岗可提前放行车辆' last={!draft.companions.length}>
                <Input align='right' value={draft.plateNo} maxLength={10} placeholder='如 浙A12345' onChange={(plateNo) => change({ plateNo: plateNo.toUpperCase() }, 'plateNo')} />
              </FormRow>
              <CompanionsEditor value={draft.companions} errors={errors} max={VISIT_MAX_COMPANIONS} onChange={(companions) => change({ companions }, ...Object.keys(errors).filter((k) => k.startsWith('companions')))} />
            </Card>

            <View className='vf-actions'>
              <Button type='primary' size='large' block loading={book.busy} onClick={() => void send()}>
                提交预约
              </Button>
              <View className='visit-book__mine' onClick={() => void Taro.navigateTo({ url: VISIT_LIST_PAGE })}>
                查看我的来访
              </View>
            </View>
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
