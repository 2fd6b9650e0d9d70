import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { FailureF, SuccessF } from '@nutui/icons-react-taro'
import { firmTicketsApi, formatMoney, parseYuan, REPAIR_CATEGORY_LABELS, TICKET_MAX_PHOTOS, TICKET_URGENCY_LABELS, type EndpointBody, type FirmTicket } from '@egj/shared'
import { ApiError, asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { InfoLine } from '../../../../components/Form'
import { EmptyState } from '../../../../components/EmptyState'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { fieldErrorsFrom } from '../../../../utils/field-errors'
import { decodeParam } from '../../../../utils/nav'
import { cleanYuanText } from '../../../../utils/vehicles'
import { PhotoField, PhotoGrid, Sheet } from '../../components/RepairBits'
import { shortMoment, STATUS_TONES } from '../../lib/repair'
import '../../components/repair.scss'

type Act = { kind: 'accept' } | { kind: 'finish'; body: EndpointBody<typeof firmTicketsApi.finish> }

/** A link that has ended says why, in words a firm's worker understands (not a generic error). */
const ENDED: Record<string, string> = {
  TICKET_LINK_USED: '链接已失效：工单已完工或已改派',
  TICKET_LINK_EXPIRED: '链接已过期，请联系报修调度员',
}

const FIELD_OF_CODE: Record<string, string> = { TICKET_PHOTO_INVALID: 'photos', TICKET_PHOTO_TOO_LARGE: 'photos', TICKET_PHOTOS_FULL: 'photos' }

interface Draft {
  workerName: string
  note: string
  parts: string
  costText: string
  photos: string[]
}
const EMPTY_DRAFT: Draft = { workerName: '', note: '', parts: '', costText: '', photos: [] }

const without = (errors: Record<string, string>, ...fields: string[]) => Object.fromEntries(Object.entries(errors).filter(([key]) => !fields.includes(key)))

/**
 * 维修派单, for a contracted firm: opened from the SMS link in any phone browser, without signing in
 * (the signed link is the only key: one ticket, until finished, reassigned or expired). 接单, then
 * 完工 with who did it, what was done, parts, cost and photos.
 */
export default function FirmTicketPage() {
  const token = decodeParam(useRouter().params.token)
  const ticket = useResource(() => (token ? request(firmTicketsApi.get, { params: { token } }) : Promise.reject(new ApiError(404, 'NOT_FOUND', '链接不完整，请从短信中重新打开'))), { key: [token], auth: false })
  const actions = useActionDialog()
  const [finishing, setFinishing] = useState(false)
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [finished, setFinished] = useState<FirmTicket | null>(null)
  const act = useSubmit((a: Act) => (a.kind === 'accept' ? request(firmTicketsApi.accept, { params: { token } }) : request(firmTicketsApi.finish, { params: { token }, body: a.body })))

  const change = (patch: Partial<Draft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }))
    setErrors((e) => without(e, ...fields))
  }

  const run = async (a: Act) => {
    try {
      const answer = await act.submit(a)
      setFinishing(false)
      if (a.kind === 'finish') {
        setFinished(answer)
        setDraft(EMPTY_DRAFT)
      } else toast('已接单', 'success')
      ticket.set(answer)
    } catch (e) {
      const error = asApiError(e)
      if (error.status === 410) {
        setFinishing(false)
        ticket.fail(error)
        return
      }
      if (error.code === 'TICKET_STATE') {
        setFinishing(false)
        actions.show({ title: '工单状态已变化', message: error.message, choices: [{ text: '知道了', primary: true, onClick: () => undefined }] })
        void ticket.reload()
        return
      }
      const fields = a.kind === 'finish' ? fieldErrorsFrom(error, FIELD_OF_CODE, { topLevel: true }) : {}
      if (Object.keys(fields).length) return setErrors(fields)
      setFinishing(false)
      actions.fail(error, { title: a.kind === 'accept' ? '未能接单' : '未能提交完工', retry: isUnknownOutcome(error) ? () => void run(a) : undefined })
    }
  }

  const submitFinish = () => {
    const problems: Record<string, string> = {}
    const cost = draft.costText.trim() ? parseYuan(draft.costText) : undefined
    if (!draft.workerName.trim()) problems.workerName = '请填写维修人员姓名'
    if (!draft.note.trim()) problems.note = '请填写维修说明'
    if (cost === null || (cost !== undefined && cost > 10_000_000)) problems.costFen = `费用应在 ${formatMoney(0)} ~ ${formatMoney(10_000_000)} 之间`
    setErrors(problems)
    if (Object.keys(problems).length) return
    void run({ kind: 'finish', body: { workerName: draft.workerName.trim(), note: draft.note.trim(), parts: draft.parts.trim() || undefined, costFen: cost ?? undefined, photos: draft.photos } })
  }

  const ended = ticket.state.status === 'error' ? ENDED[ticket.state.error.code] : undefined
  if (ended) {
    return (
      <Page className='rp-firm' backBar={false}>
        <EmptyState className='rp-ended' icon={<FailureF size={48} color={GREY_ICON} />} title={ended} description='本链接只用于这一张工单。如有疑问，请联系派单的报修调度员。' />
      </Page>
    )
  }

  return (
    <Page className='rp-firm' backBar={false}>
      <PageGate
        state={ticket.state}
        loading='正在打开派单…'
        icon={<FailureF size={48} color={GREY_ICON} />}
        errorTitle={(error) => (error.status === 404 || error.status === 400 ? '链接无效' : undefined)}
        errorAction={() => ({ text: '重新加载', onClick: () => void ticket.reload() })}
        onRetry={() => void ticket.reload()}
      >
        {(t) => (
          <>
            {finished && (
              <View className='rp-head rp-firm__done'>
                <SuccessF size={48} color='var(--egj-success)' />
                <View className='rp-head__what'>已提交完工</View>
                <View className='egj-muted'>报修人确认后工单关闭。感谢您的维修！</View>
              </View>
            )}
            <View className='rp-head'>
              <View className='rp-head__top'>
                <Text className='rp-head__what'>{t.category ? REPAIR_CATEGORY_LABELS[t.category] : '报修'}</Text>
                {t.urgency === 'urgent' && <Pill tone='red'>{TICKET_URGENCY_LABELS.urgent}</Pill>}
                <View className='rp-head__status'>
                  <Pill tone={STATUS_TONES[t.status]}>{t.statusLabel}</Pill>
                </View>
              </View>
              <View className='rp-head__desc'>{t.description}</View>
              <PhotoGrid urls={t.photos.filter((p) => p.stage !== 'finish').map((p) => p.url)} />
              <InfoLine label='派给'>{t.firmName}</InfoLine>
              <InfoLine label='工单号'>{t.no}</InfoLine>
              {t.place && <InfoLine label='报修地点'>{t.place}</InfoLine>}
              <InfoLine label='报修人'>
                {t.reporterName}
                {t.reporterUnit ? ` · ${t.reporterUnit}` : ''}
              </InfoLine>
              <InfoLine label='接单时限'>{shortMoment(t.acceptBy)} 前</InfoLine>
              <InfoLine label='完成时限'>{shortMoment(t.finishBy)} 前</InfoLine>
              <View className='rp-clocks__note'>时限按工作日的工作时间计算。链接 {shortMoment(t.linkExpiresAt)} 前有效。</View>
            </View>
            <View className='rp-actions'>
              {t.can.accept && (
                <Button type='primary' size='xlarge' block loading={act.busy} onClick={() => void run({ kind: 'accept' })}>
                  接单
                </Button>
              )}
              {t.can.finish && (
                <Button type='primary' size='xlarge' block disabled={act.busy} onClick={() => {
                    setErrors({})
                    setFinishing(true)
                  }}>
                  完工
                </Button>
              )}
            </View>
            <Sheet visible={finishing} title='完工' confirmText='提交完工' busy={act.busy} onConfirm={submitFinish} onClose={() => setFinishing(false)}>
              <View className='rp-sheet__label'>维修人员姓名</View>
              <Input value={draft.workerName} maxLength={20} placeholder='到场维修的师傅' onChange={(workerName) => change({ workerName }, 'workerName')} />
              {errors.workerName && <View className='vf-row__error'>{errors.workerName}</View>}
              <View className='rp-sheet__label'>维修说明</View>
              <TextArea value={draft.note} maxLength={500} showCount placeholder='做了什么，如 更换压缩机电容，已试机制冷正常' onChange={(note) => change({ note }, 'note')} />
              {errors.note && <View className='vf-row__error'>{errors.note}</View>}
              <View className='rp-sheet__label'>更换配件（选填）</View>
              <Input value={draft.parts} maxLength={200} placeholder='如 电容 1 个' onChange={(parts) => change({ parts }, 'parts')} />
              {errors.parts && <View className='vf-row__error'>{errors.parts}</View>}
              <View className='rp-sheet__label'>费用（元，选填）</View>
              <Input type='digit' value={draft.costText} placeholder='0.00' onChange={(text) => change({ costText: cleanYuanText(text) }, 'costFen')} />
              {errors.costFen && <View className='vf-row__error'>{errors.costFen}</View>}
              <View className='rp-sheet__label'>完工照片（选填）</View>
              <PhotoField photos={draft.photos} max={TICKET_MAX_PHOTOS} onChange={(photos) => change({ photos }, 'photos')} problem={errors.photos} onProblem={(p) => setErrors((e) => (p ? { ...e, photos: p } : without(e, 'photos')))} />
            </Sheet>
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
