import { useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { gateApi, idNumberProblem, isValidMobile, isValidPlate, VISIT_MAX_COMPANIONS, VISIT_STATUS_LABELS, visitsApi, type GateScanResult, type IdType } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { CompanionsEditor, companionProblems, companionsBody, HostPicker, IdFields, type CompanionDraft, type HostChoice } from '../../../../components/VisitFields'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { fieldErrorsOf, STATUS_TONES } from '../../../../utils/visits'
import { beep, GateResult } from '../../components/GateResult'
import { GateNav } from '../../components/GateNav'
import './index.scss'

interface Draft {
  visitorName: string
  mobile: string
  idType: IdType
  idNumber: string
  company: string
  purpose: string
  host: HostChoice | null
  plateNo: string
  companions: CompanionDraft[]
}
const EMPTY: Draft = { visitorName: '', mobile: '', idType: 'id_card', idNumber: '', company: '', purpose: '', host: null, plateNo: '', companions: [] }

const bodyOf = (d: Draft) => ({
  visitorName: d.visitorName.trim(),
  mobile: d.mobile.trim(),
  idType: d.idType,
  idNumber: d.idNumber.trim(),
  company: d.company.trim() || undefined,
  purpose: d.purpose.trim(),
  hostId: d.host?.id ?? 0,
  plateNo: d.plateNo.trim() || undefined,
  companions: companionsBody(d.companions),
})
type Body = ReturnType<typeof bodyOf>

function problemsOf(d: Draft): Record<string, string> {
  const out: Record<string, string> = {}
  if (!d.visitorName.trim()) out.visitorName = '请填写访客姓名'
  if (!isValidMobile(d.mobile.trim())) out.mobile = d.mobile.trim() ? '手机号码有误：应为 11 位中国大陆手机号' : '请填写手机号码'
  const idProblem = d.idNumber.trim() ? idNumberProblem(d.idType, d.idNumber) : '请填写证件号码'
  if (idProblem) out.idNumber = idProblem
  if (!d.purpose.trim()) out.purpose = '请填写来访事由'
  if (!d.host) out.hostId = '请选择被访人'
  if (d.plateNo.trim() && !isValidPlate(d.plateNo)) out.plateNo = '车牌号有误，例如 浙A12345 或新能源 浙AD12345'
  return { ...out, ...companionProblems(d.companions) }
}

const POLL_MS = 3000

/** 现场登记: the guard registers a walk-in; the host decides on their phone; this screen follows and then checks them in. */
export default function GateWalkInPage() {
  const gate = useRoleGate(['guard', 'admin'])
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [errors, setErrors] = useState<Record<string, string>>({})
  // the registered visit this screen follows until the host decides (a resource like any page's)
  const [visitId, setVisitId] = useState<number | null>(null)
  const followed = useResource(() => request(visitsApi.get, { params: { id: visitId ?? 0 } }), { key: [visitId], enabled: visitId !== null })
  const [result, setResult] = useState<GateScanResult | null>(null)
  const actions = useActionDialog()
  const register = useSubmit((body: Body, idempotencyKey) => request(gateApi.walkIn, { body, idempotencyKey }))
  const enter = useSubmit((id: number) => request(gateApi.checkIn, { params: { id } }))

  const change = (patch: Partial<Draft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }))
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))))
  }

  // waiting for the host: ask again every 3 s until they decide (a failed ask is shown, and asked again)
  const status = followed.data?.status
  const decided = status !== undefined && status !== 'pending'
  const { reload } = followed
  useEffect(() => {
    if (visitId === null || decided) return
    const timer = setInterval(() => void reload(), POLL_MS)
    return () => clearInterval(timer)
  }, [visitId, decided, reload])
  // the host's answer arrives: a tone for the guard, who may be looking elsewhere
  const lastStatus = useRef(status)
  useEffect(() => {
    if (lastStatus.current === 'pending' && (status === 'approved' || status === 'rejected')) beep(status === 'approved')
    lastStatus.current = status
  }, [status])

  const send = async (retry = false) => {
    const problems = problemsOf(draft)
    setErrors(problems)
    if (Object.keys(problems).length) return
    try {
      const created = retry ? await register.retry() : await register.submit(bodyOf(draft))
      setVisitId(created.id)
      followed.set(created)
      toast('已通知被访人', 'success')
    } catch (e) {
      const error = asApiError(e)
      const fields = fieldErrorsOf(error)
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: error.code === 'VISIT_BLOCKED' ? '禁止登记' : '登记未完成', retry: () => void send(true), safeRetry: '登记' })
    }
  }

  const checkIn = async (id: number) => {
    try {
      const answer = await enter.submit(id)
      setResult(answer)
      beep(answer.result === 'allow')
    } catch (e) {
      actions.fail(e, { title: '未能办理入园' })
    }
  }

  const next = () => {
    register.forget()
    setVisitId(null)
    setResult(null)
    setDraft(EMPTY)
    setErrors({})
  }

  if (gate) return <Page className='gate-walk-in'>{gate}</Page>

  if (result) {
    return (
      <Page className='gate-walk-in'>
        <GateNav current='walk-in' />
        <GateResult result={result} />
        <View className='vf-actions'>
          <Button type='primary' size='large' block onClick={next}>
            登记下一位
          </Button>
        </View>
      </Page>
    )
  }

  if (visitId !== null) {
    return (
      <Page className='gate-walk-in'>
        <GateNav current='walk-in' />
        <PageGate state={followed.state} loading='正在查询被访人的答复…' onRetry={() => void reload()}>
          {(visit) => (
            <>
              <View className={`gate-walk-in__wait gate-walk-in__wait--${visit.status}`}>
                <Pill tone={STATUS_TONES[visit.status]} solid>
                  {VISIT_STATUS_LABELS[visit.status]}
                </Pill>
                <View className='gate-walk-in__name'>{visit.visitorName}</View>
                <View className='gate-walk-in__line'>
                  被访人 {visit.host.name}
                  {visit.host.unitName ? `（${visit.host.unitName}）` : ''}
                </View>
                {visit.status === 'pending' && (
                  <>
                    <View className='gate-walk-in__spinner' />
                    <View className='gate-walk-in__line'>
                      {visit.decider?.escalated ? `已转 ${visit.decider.name}（单位审批人）处理` : `已通知 ${visit.decider?.name ?? visit.host.name}，等待同意…`}
                    </View>
                    <View className='gate-walk-in__muted'>本页每 3 秒自动刷新，被访人同意后即可办理入园</View>
                  </>
                )}
                {visit.status === 'approved' && <View className='gate-walk-in__ok'>{visit.decidedBy ?? visit.host.name} 已同意来访</View>}
                {visit.status === 'rejected' && <View className='gate-walk-in__no'>被访人不同意来访{visit.rejectReason ? `：${visit.rejectReason}` : ''}</View>}
              </View>
              {visit.status === 'approved' && (
                <View className='vf-actions'>
                  <Button type='success' size='large' block loading={enter.busy} onClick={() => void checkIn(visit.id)}>
                    办理入园
                  </Button>
                </View>
              )}
            </>
          )}
        </PageGate>
        <View className='vf-actions'>
          <Button block fill='outline' type='primary' onClick={next}>
            {decided ? '登记下一位' : '先登记下一位'}
          </Button>
        </View>
        {actions.node}
      </Page>
    )
  }

  return (
    <Page className='gate-walk-in'>
      <GateNav current='walk-in' />
      <Card title='访客'>
        <FormRow label='姓名' required error={errors.visitorName}>
          <Input align='right' value={draft.visitorName} maxLength={32} placeholder='与证件一致' onChange={(visitorName) => change({ visitorName }, 'visitorName')} />
        </FormRow>
        <FormRow label='手机号' required error={errors.mobile}>
          <Input align='right' type='tel' value={draft.mobile} maxLength={11} placeholder='11 位手机号' onChange={(mobile) => change({ mobile }, 'mobile')} />
        </FormRow>
        <IdFields idType={draft.idType} idNumber={draft.idNumber} error={errors.idNumber} onChange={(doc) => change(doc, 'idNumber')} />
        <FormRow label='工作单位'>
          <Input align='right' value={draft.company} maxLength={64} placeholder='选填' onChange={(company) => change({ company })} />
        </FormRow>
        <FormRow label='车牌号' last error={errors.plateNo} hint='选填'>
          <Input align='right' value={draft.plateNo} maxLength={10} placeholder='如 浙A12345' onChange={(plateNo) => change({ plateNo: plateNo.toUpperCase() }, 'plateNo')} />
        </FormRow>
      </Card>
      <Card title='拜访谁'>
        <HostPicker value={draft.host} error={errors.hostId} onChange={(host) => change({ host }, 'hostId')} />
        <FormRow label='来访事由' required stacked last error={errors.purpose}>
          <TextArea className='gate-walk-in__purpose' value={draft.purpose} maxLength={200} placeholder='如 送文件' onChange={(purpose) => change({ purpose }, 'purpose')} />
        </FormRow>
        <CompanionsEditor value={draft.companions} errors={errors} max={VISIT_MAX_COMPANIONS} onChange={(companions) => change({ companions })} />
      </Card>
      <View className='vf-actions'>
        <Button type='primary' size='large' block loading={register.busy} onClick={() => void send()}>
          登记并通知被访人
        </Button>
      </View>
      {actions.node}
    </Page>
  )
}
