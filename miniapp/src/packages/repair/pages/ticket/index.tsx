import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Rate, TextArea } from '@nutui/nutui-react-taro'
import { ArrowRight, Order } from '@nutui/icons-react-taro'
import {
  formatMoney,
  parseYuan,
  REPAIR_CATEGORY_LABELS,
  ticketsApi,
  TICKET_MAX_PHOTOS,
  TICKET_PAUSE_REASON_LABELS,
  TICKET_URGENCY_LABELS,
  type EndpointBody,
  type TicketDetail,
  type TicketPauseReason,
} from '@egj/shared'
import { ApiError, asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, Chips, FormRow, InfoLine } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { fieldErrorsFrom } from '../../../../utils/field-errors'
import { cleanYuanText } from '../../../../utils/vehicles'
import { ClocksCard, PhotoField, PhotoGrid, Sheet, StatusPill, Timeline } from '../../components/RepairBits'
import { PAUSE_OPTIONS, ticketPage, ticketWhat } from '../../lib/repair'
import '../../components/repair.scss'

type Act =
  | { kind: 'accept' | 'start' | 'resume' | 'cancel' }
  | { kind: 'assign'; body: EndpointBody<typeof ticketsApi.assign>; to: string }
  | { kind: 'pause'; body: EndpointBody<typeof ticketsApi.pause> }
  | { kind: 'finish'; body: EndpointBody<typeof ticketsApi.finish> }
  | { kind: 'confirm'; body: EndpointBody<typeof ticketsApi.confirm> }
  | { kind: 'reopen'; body: EndpointBody<typeof ticketsApi.reopen> }
  | { kind: 'reply'; body: EndpointBody<typeof ticketsApi.reply> }
  | { kind: 'addInfo'; body: EndpointBody<typeof ticketsApi.addInfo> }

type SheetKind = 'assign' | 'pause' | 'finish' | 'confirm' | 'reopen' | 'reply' | 'addInfo'

function send(id: number, a: Act): Promise<TicketDetail> {
  const params = { id }
  switch (a.kind) {
    case 'accept':
      return request(ticketsApi.accept, { params })
    case 'start':
      return request(ticketsApi.start, { params })
    case 'resume':
      return request(ticketsApi.resume, { params })
    case 'cancel':
      return request(ticketsApi.cancel, { params })
    case 'assign':
      return request(ticketsApi.assign, { params, body: a.body })
    case 'pause':
      return request(ticketsApi.pause, { params, body: a.body })
    case 'finish':
      return request(ticketsApi.finish, { params, body: a.body })
    case 'confirm':
      return request(ticketsApi.confirm, { params, body: a.body })
    case 'reopen':
      return request(ticketsApi.reopen, { params, body: a.body })
    case 'reply':
      return request(ticketsApi.reply, { params, body: a.body })
    default:
      return request(ticketsApi.addInfo, { params, body: a.body })
  }
}

const DONE: Record<Act['kind'], string> = {
  accept: '已接单',
  start: '已开始维修',
  resume: '已恢复维修',
  cancel: '已撤销',
  assign: '已派单',
  pause: '已暂停，暂停时间不计入时限',
  finish: '已完工，等待报修人确认',
  confirm: '感谢您的评价',
  reopen: '已退回维修人员重新处理',
  reply: '已答复',
  addInfo: '已补充',
}
const FAILED: Record<Act['kind'], string> = {
  accept: '未能接单',
  start: '未能开始维修',
  resume: '未能恢复',
  cancel: '未能撤销',
  assign: '未能派单',
  pause: '未能暂停',
  finish: '未能完工',
  confirm: '未能提交评价',
  reopen: '未能退回',
  reply: '未能答复',
  addInfo: '未能补充',
}

/** Codes about one field of a sheet: said under it. */
const FIELD_OF_CODE: Record<string, string> = {
  TICKET_PHOTO_INVALID: 'photos',
  TICKET_PHOTO_TOO_LARGE: 'photos',
  TICKET_PHOTOS_FULL: 'photos',
  TICKET_ASSIGNEE_INVALID: 'assignee',
}

interface Drafts {
  assignee: { workerId?: number; firmId?: number; name: string } | null
  pauseReason: TicketPauseReason | null
  pauseNote: string
  finishNote: string
  parts: string
  costText: string
  finishPhotos: string[]
  rating: number
  comment: string
  reopenReason: string
  reply: string
  info: string
  infoPhotos: string[]
}
const NO_DRAFTS: Drafts = { assignee: null, pauseReason: null, pauseNote: '', finishNote: '', parts: '', costText: '', finishPhotos: [], rating: 5, comment: '', reopenReason: '', reply: '', info: '', infoPhotos: [] }

const without = (errors: Record<string, string>, ...fields: string[]) => Object.fromEntries(Object.entries(errors).filter(([key]) => !fields.includes(key)))

/** Copies the firm's link; the platform shows its own 已复制 note. */
const copyLink = (link: string) => void Taro.setClipboardData({ data: link }).catch(() => undefined)

/**
 * 工单详情: the one page every party opens — the reporter, the dispatcher, the worker, the centre.
 * What it offers follows `can` from the server; every answer to an action is the ticket again,
 * put on screen as it comes.
 */
export default function TicketPage() {
  const id = Number(useRouter().params.id)
  const ticket = useResource(() => (id > 0 ? request(ticketsApi.get, { params: { id } }) : Promise.reject(new ApiError(404, 'NOT_FOUND', '工单不存在'))), { key: [id] })
  const actions = useActionDialog()
  const [sheet, setSheet] = useState<SheetKind | null>(null)
  const [drafts, setDrafts] = useState<Drafts>(NO_DRAFTS)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useSubmit((a: Act) => send(id, a))

  const draft = (patch: Partial<Drafts>, ...fields: string[]) => {
    setDrafts((d) => ({ ...d, ...patch }))
    if (fields.length) setErrors((e) => without(e, ...fields))
  }
  const open = (kind: SheetKind) => {
    setErrors({})
    setSheet(kind)
  }

  const run = async (a: Act) => {
    try {
      const detail = await act.submit(a)
      ticket.set(detail)
      setSheet(null)
      setErrors({})
      // the new state is at the top (the buttons were at the bottom)
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
      if (a.kind === 'assign' && detail.firm && detail.firmLink) {
        const link = detail.firmLink
        // the firm's name is long (城建物业维修有限公司): in the message, where it wraps; the link is on the page under 处理人
        actions.show({
          title: '已派给定点维修单位',
          message: `已短信通知「${detail.firm.name}」联系人。如对方未收到，可复制派单链接转发。`,
          choices: [{ text: '复制链接', primary: true, onClick: () => copyLink(link) }],
          cancelText: '知道了',
        })
      } else toast(a.kind === 'assign' ? `已派给${a.to}` : DONE[a.kind], 'success')
      setDrafts((d) => ({ ...d, ...resetOf(a.kind) }))
    } catch (e) {
      const error = asApiError(e)
      if (error.code === 'TICKET_STATE') {
        setSheet(null)
        actions.show({ title: '工单状态已变化', message: error.message, choices: [{ text: '知道了', primary: true, onClick: () => undefined }] })
        void ticket.reload()
        return
      }
      const fields = sheet ? fieldErrorsFrom(error, FIELD_OF_CODE, { topLevel: true }) : {}
      if (Object.keys(fields).length) {
        setErrors(fields)
        return
      }
      setSheet(null)
      actions.fail(error, { title: FAILED[a.kind], retry: isUnknownOutcome(error) ? () => void run(a) : undefined })
      if (!isUnknownOutcome(error)) void ticket.reload()
    }
  }

  // --- each sheet's check and body -----------------------------------------------------------------
  const confirmSheet = (t: TicketDetail) => {
    const problems: Record<string, string> = {}
    switch (sheet) {
      case 'assign':
        if (!drafts.assignee) return setErrors({ assignee: '请选择一位维修人员或一家定点维修单位' })
        return void run({ kind: 'assign', body: drafts.assignee.workerId ? { workerId: drafts.assignee.workerId } : { firmId: drafts.assignee.firmId }, to: drafts.assignee.name })
      case 'pause':
        if (!drafts.pauseReason) return setErrors({ reason: '请选择暂停原因' })
        return void run({ kind: 'pause', body: { reason: drafts.pauseReason, note: drafts.pauseNote.trim() || undefined } })
      case 'finish': {
        const cost = drafts.costText.trim() ? parseYuan(drafts.costText) : undefined
        if (!drafts.finishNote.trim()) problems.note = '请填写维修说明，如 更换水龙头阀芯'
        if (cost === null || (cost !== undefined && cost > 10_000_000)) problems.costFen = `费用应在 ${formatMoney(0)} ~ ${formatMoney(10_000_000)} 之间`
        if (Object.keys(problems).length) return setErrors(problems)
        return void run({ kind: 'finish', body: { note: drafts.finishNote.trim(), parts: drafts.parts.trim() || undefined, costFen: cost ?? undefined, photos: drafts.finishPhotos } })
      }
      case 'confirm':
        if (drafts.rating < 1) return setErrors({ rating: '请打 1–5 分' })
        return void run({ kind: 'confirm', body: { rating: drafts.rating, comment: drafts.comment.trim() || undefined } })
      case 'reopen':
        if (!drafts.reopenReason.trim()) return setErrors({ reason: '请说明哪里还没修好' })
        return void run({ kind: 'reopen', body: { reason: drafts.reopenReason.trim() } })
      case 'reply':
        if (!drafts.reply.trim()) return setErrors({ text: '请填写答复内容' })
        return void run({ kind: 'reply', body: { text: drafts.reply.trim() } })
      case 'addInfo':
        if (!drafts.info.trim()) return setErrors({ text: '请填写补充内容' })
        return void run({ kind: 'addInfo', body: { text: drafts.info.trim(), photos: drafts.infoPhotos } })
      default:
        return void t
    }
  }

  const askCancel = () =>
    actions.show({
      title: '撤销这条报修？',
      message: '撤销后不再处理；如问题仍在，可以重新报修。',
      choices: [{ text: '撤销', danger: true, onClick: () => void run({ kind: 'cancel' }) }],
      cancelText: '不撤销',
    })

  return (
    <Page className='rp-ticket'>
      <PageGate
        state={ticket.state}
        guest='登录后查看工单'
        icon={<Order size={48} color={GREY_ICON} />}
        errorTitle={(error) => (error.code === 'NOT_FOUND' ? '工单不存在或无权查看' : undefined)}
        onRetry={() => void ticket.reload()}
      >
        {(t) => (
          <>
            <Head t={t} />
            <Holder t={t} />
            <Result t={t} />
            {t.status !== 'cancelled' && <ClocksCard clocks={t.clocks} kind={t.kind} accepted={!['submitted', 'assigned'].includes(t.status)} finished={t.status === 'finished' || t.status === 'closed'} paused={t.status === 'paused'} />}
            <Timeline events={t.events} />
            <Actions t={t} busy={act.busy} onRun={(a) => void run(a)} onOpen={open} onCancel={askCancel} />
            <TicketSheets t={t} sheet={sheet} drafts={drafts} errors={errors} busy={act.busy} draft={draft} setErrors={setErrors} onConfirm={() => confirmSheet(t)} onClose={() => setSheet(null)} />
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}

/** What a done action leaves of its draft: nothing. */
function resetOf(kind: Act['kind']): Partial<Drafts> {
  switch (kind) {
    case 'assign':
      return { assignee: null }
    case 'pause':
      return { pauseReason: null, pauseNote: '' }
    case 'finish':
      return { finishNote: '', parts: '', costText: '', finishPhotos: [] }
    case 'confirm':
      return { rating: 5, comment: '' }
    case 'reopen':
      return { reopenReason: '' }
    case 'reply':
      return { reply: '' }
    case 'addInfo':
      return { info: '', infoPhotos: [] }
    default:
      return {}
  }
}

/** 工单号, status, what, urgency, place, description, photos, reporter, the earlier ticket. */
function Head({ t }: { t: TicketDetail }) {
  const photos = t.photos.filter((p) => p.stage !== 'finish').map((p) => p.url)
  return (
    <View className='rp-head'>
      <View className='rp-head__top'>
        <Text className='rp-head__what'>{ticketWhat(t)}</Text>
        {t.urgency === 'urgent' && <Pill tone='red'>{TICKET_URGENCY_LABELS.urgent}</Pill>}
        {t.repeatOfId !== null && <Pill tone='orange'>重复报修</Pill>}
        {t.reopenCount > 0 && <Pill tone='orange'>返修 {t.reopenCount} 次</Pill>}
        <View className='rp-head__status'>
          <StatusPill kind={t.kind} status={t.status} />
        </View>
      </View>
      <View className='rp-head__desc'>{t.description}</View>
      <PhotoGrid urls={photos} />
      <View className='rp-head__info'>
        <InfoLine label='工单号'>{t.no}</InfoLine>
        {t.place && <InfoLine label='报修地点'>{t.place}</InfoLine>}
        {t.kind === 'repair' && t.category && <InfoLine label='报修类别'>{REPAIR_CATEGORY_LABELS[t.category]}</InfoLine>}
        <InfoLine label='紧急程度'>{TICKET_URGENCY_LABELS[t.urgency]}</InfoLine>
        <InfoLine label={t.kind === 'repair' ? '报修人' : '提出人'}>
          {t.reporter.name}
          {t.reporter.unitName ? ` · ${t.reporter.unitName}` : ''}
        </InfoLine>
      </View>
      {t.repeatOfId !== null && (
        <View className='rp-head__link' onClick={() => void Taro.navigateTo({ url: ticketPage(t.repeatOfId!) })}>
          <Text>30 天内同一地点同类报修：查看此前的工单</Text>
          <ArrowRight size={12} />
        </View>
      )}
    </View>
  )
}

/** 处理人: the worker or the firm; for the dispatcher, the firm's link to forward. */
function Holder({ t }: { t: TicketDetail }) {
  if (!t.worker && !t.firm) return null
  return (
    <Card title='处理人'>
      {t.worker && <InfoLine label='维修人员'>{t.worker.name}</InfoLine>}
      {t.firm && <InfoLine label='维修单位'>{t.firm.name}</InfoLine>}
      {t.status === 'paused' && t.pauseReason && <InfoLine label='暂停原因'>{TICKET_PAUSE_REASON_LABELS[t.pauseReason]}</InfoLine>}
      {t.firmLink && (
        <>
          <View className='rp-firm-link'>
            <View>已短信通知该单位。如对方未收到，可复制链接转发：</View>
            <View className='rp-firm-link__url'>{t.firmLink}</View>
          </View>
          <View className='vf-actions rp-firm-link__copy'>
            <Button type='primary' fill='outline' block onClick={() => copyLink(t.firmLink!)}>
              复制链接
            </Button>
          </View>
        </>
      )}
    </Card>
  )
}

/** What was done: the note, parts, cost and photos after; the centre's reply; the rating. */
function Result({ t }: { t: TicketDetail }) {
  const after = t.photos.filter((p) => p.stage === 'finish').map((p) => p.url)
  if (!t.finishNote && !t.reply && t.rating === null) return null
  return (
    <Card title={t.kind === 'repair' ? '维修结果' : '答复'}>
      {t.finishNote && <View className='rp-text'>{t.finishNote}</View>}
      {t.reply && <View className='rp-text'>{t.reply}</View>}
      {t.parts && <InfoLine label='更换配件'>{t.parts}</InfoLine>}
      {t.costFen !== null && <InfoLine label='费用'>{formatMoney(t.costFen)}</InfoLine>}
      <PhotoGrid urls={after} />
      {t.rating !== null && (
        <>
          <FormRow label='评价' last>
            <Rate value={t.rating} readOnly />
          </FormRow>
          {t.ratingComment && <View className='rp-text'>{t.ratingComment}</View>}
        </>
      )}
    </Card>
  )
}

/** The buttons `can` allows, the main one first. */
function Actions({ t, busy, onRun, onOpen, onCancel }: { t: TicketDetail; busy: boolean; onRun: (a: Act) => void; onOpen: (kind: SheetKind) => void; onCancel: () => void }) {
  const { can } = t
  const buttons: { key: string; text: string; primary?: boolean; danger?: boolean; onClick: () => void }[] = []
  if (can.assign) buttons.push({ key: 'assign', text: t.worker || t.firm ? '改派' : '派单', primary: !t.worker && !t.firm, onClick: () => onOpen('assign') })
  if (can.accept) buttons.push({ key: 'accept', text: '接单', primary: true, onClick: () => onRun({ kind: 'accept' }) })
  if (can.start) buttons.push({ key: 'start', text: '开始维修', primary: true, onClick: () => onRun({ kind: 'start' }) })
  if (can.resume) buttons.push({ key: 'resume', text: '恢复维修', primary: true, onClick: () => onRun({ kind: 'resume' }) })
  if (can.finish) buttons.push({ key: 'finish', text: '完工', primary: true, onClick: () => onOpen('finish') })
  if (can.pause) buttons.push({ key: 'pause', text: '暂停', onClick: () => onOpen('pause') })
  if (can.reply) buttons.push({ key: 'reply', text: '答复', primary: true, onClick: () => onOpen('reply') })
  if (can.confirm) buttons.push({ key: 'confirm', text: t.kind === 'repair' ? '确认修好并评价' : '确认并评价', primary: true, onClick: () => onOpen('confirm') })
  if (can.reopen) buttons.push({ key: 'reopen', text: '未修好', onClick: () => onOpen('reopen') })
  if (can.addInfo) buttons.push({ key: 'addInfo', text: '补充说明', onClick: () => onOpen('addInfo') })
  if (can.cancel) buttons.push({ key: 'cancel', text: '撤销', danger: true, onClick: onCancel })
  if (!buttons.length) return <View className='rp-actions' />
  // one filled button: the first main one
  const main = buttons.find((b) => b.primary)
  return (
    <View className='rp-actions'>
      {buttons.map((b) => (
        <Button key={b.key} block size='large' type={b.danger ? 'danger' : 'primary'} fill={b === main ? 'solid' : 'outline'} disabled={busy && b !== main} loading={busy && b === main} onClick={b.onClick}>
          {b.text}
        </Button>
      ))}
    </View>
  )
}

interface SheetsProps {
  t: TicketDetail
  sheet: SheetKind | null
  drafts: Drafts
  errors: Record<string, string>
  busy: boolean
  draft: (patch: Partial<Drafts>, ...fields: string[]) => void
  setErrors: (update: (e: Record<string, string>) => Record<string, string>) => void
  onConfirm: () => void
  onClose: () => void
}

const Problem = ({ text }: { text?: string }) => (text ? <View className='vf-row__error'>{text}</View> : null)

/** Each action's form, in a bottom sheet. */
function TicketSheets({ t, sheet, drafts, errors, busy, draft, setErrors, onConfirm, onClose }: SheetsProps) {
  const common = { busy, onConfirm, onClose }
  const photoProblem = (field: string) => (problem: string | null) => setErrors((e) => (problem ? { ...e, [field]: problem } : without(e, field)))
  return (
    <>
      <Sheet visible={sheet === 'assign'} title={t.worker || t.firm ? '改派' : '派单'} confirmText={t.worker || t.firm ? '确认改派' : '确认派单'} {...common}>
        {sheet === 'assign' && <AssigneeList t={t} chosen={drafts.assignee} onChoose={(assignee) => draft({ assignee }, 'assignee')} />}
        <Problem text={errors.assignee} />
      </Sheet>

      <Sheet visible={sheet === 'pause'} title='暂停维修' confirmText='暂停' {...common}>
        <View className='rp-sheet__label'>暂停原因（暂停时间不计入时限）</View>
        <Chips options={PAUSE_OPTIONS} value={drafts.pauseReason} onChange={(pauseReason) => draft({ pauseReason }, 'reason')} />
        <Problem text={errors.reason} />
        <View className='rp-sheet__label'>说明（选填）</View>
        <Input value={drafts.pauseNote} maxLength={100} placeholder='如 已订购阀芯，预计周三到货' onChange={(pauseNote) => draft({ pauseNote }, 'note')} />
        <Problem text={errors.note} />
      </Sheet>

      <Sheet visible={sheet === 'finish'} title='完工' confirmText='确认完工' {...common}>
        <View className='rp-sheet__label'>维修说明</View>
        <TextArea value={drafts.finishNote} maxLength={500} showCount placeholder='做了什么，如 更换水龙头阀芯，已试水不漏' onChange={(finishNote) => draft({ finishNote }, 'note')} />
        <Problem text={errors.note} />
        <View className='rp-sheet__label'>更换配件（选填）</View>
        <Input value={drafts.parts} maxLength={200} placeholder='如 阀芯 1 个' onChange={(parts) => draft({ parts }, 'parts')} />
        <Problem text={errors.parts} />
        <View className='rp-sheet__label'>费用（元，选填）</View>
        <Input type='digit' value={drafts.costText} placeholder='0.00' onChange={(text) => draft({ costText: cleanYuanText(text) }, 'costFen')} />
        <Problem text={errors.costFen} />
        <View className='rp-sheet__label'>完工照片（选填）</View>
        <PhotoField photos={drafts.finishPhotos} max={TICKET_MAX_PHOTOS} onChange={(finishPhotos) => draft({ finishPhotos }, 'photos')} problem={errors.photos} onProblem={photoProblem('photos')} />
      </Sheet>

      <Sheet visible={sheet === 'confirm'} title={t.kind === 'repair' ? '确认修好并评价' : '确认并评价'} confirmText='提交评价' {...common}>
        <View className='rp-sheet__label'>满意度</View>
        <View className='rp-rate'>
          <Rate value={drafts.rating} min={1} onChange={(rating) => draft({ rating }, 'rating')} />
          <Text className='rp-rate__score'>{drafts.rating} 分</Text>
        </View>
        <Problem text={errors.rating} />
        <View className='rp-sheet__label'>评价（选填）</View>
        <TextArea value={drafts.comment} maxLength={300} showCount placeholder='说说处理得怎么样' onChange={(comment) => draft({ comment }, 'comment')} />
        <Problem text={errors.comment} />
      </Sheet>

      <Sheet visible={sheet === 'reopen'} title='未修好' confirmText='退回重新处理' danger {...common}>
        <View className='rp-sheet__label'>工单将退回原维修人员，时限从现在重新计算</View>
        <TextArea value={drafts.reopenReason} maxLength={300} showCount placeholder='哪里还没修好，如 水龙头仍在滴水' onChange={(reopenReason) => draft({ reopenReason }, 'reason')} />
        <Problem text={errors.reason} />
      </Sheet>

      <Sheet visible={sheet === 'reply'} title='答复' confirmText='提交答复' {...common}>
        <TextArea value={drafts.reply} maxLength={1000} showCount placeholder='答复内容，提交后通知提出人并请其评价' onChange={(reply) => draft({ reply }, 'text')} />
        <Problem text={errors.text} />
      </Sheet>

      <Sheet visible={sheet === 'addInfo'} title='补充说明' confirmText='提交' {...common}>
        <TextArea value={drafts.info} maxLength={500} showCount placeholder='补充情况，如 下午两点后有人在' onChange={(info) => draft({ info }, 'text')} />
        <Problem text={errors.text} />
        <View className='rp-sheet__label'>照片（选填）</View>
        <PhotoField photos={drafts.infoPhotos} max={Math.max(1, TICKET_MAX_PHOTOS - t.photos.filter((p) => p.stage !== 'finish').length)} onChange={(infoPhotos) => draft({ infoPhotos }, 'photos')} problem={errors.photos} onProblem={photoProblem('photos')} />
      </Sheet>
    </>
  )
}

/** 派单: the workers with their open tickets, then the firms (those for this category first). */
function AssigneeList({ t, chosen, onChoose }: { t: TicketDetail; chosen: Drafts['assignee']; onChoose: (a: NonNullable<Drafts['assignee']>) => void }) {
  const list = useResource(() => request(ticketsApi.assignees), { refreshOnShow: false })
  return (
    <PageGate state={list.state} onRetry={() => void list.reload()} isEmpty={(a) => !a.workers.length && !a.firms.length} empty={{ title: '没有可派单的维修人员或单位', description: '请联系管理员开通「维修人员」角色或登记定点维修单位' }}>
      {(a) => {
        const firms = [...a.firms].sort((x, y) => Number(!!t.category && y.categories.includes(t.category)) - Number(!!t.category && x.categories.includes(t.category)))
        return (
          <>
            {a.workers.length > 0 && <View className='rp-sheet__label'>维修人员</View>}
            {a.workers.map((w) => (
              <View key={`w${w.id}`} className={`rp-pick ${chosen?.workerId === w.id ? 'rp-pick--on' : ''}`} onClick={() => onChoose({ workerId: w.id, name: w.name })}>
                <View className='rp-pick__main'>
                  <View className='rp-pick__name'>{w.name}</View>
                  <View className='rp-pick__sub'>{w.openCount ? `手头 ${w.openCount} 单` : '手头没有工单'}</View>
                </View>
                {t.worker?.id === w.id && <Pill tone='gray'>当前</Pill>}
              </View>
            ))}
            {firms.length > 0 && <View className='rp-sheet__label'>定点维修单位（派单后短信通知）</View>}
            {firms.map((f) => (
              <View key={`f${f.id}`} className={`rp-pick ${chosen?.firmId === f.id ? 'rp-pick--on' : ''}`} onClick={() => onChoose({ firmId: f.id, name: f.name })}>
                <View className='rp-pick__main'>
                  <View className='rp-pick__name'>{f.name}</View>
                  <View className='rp-pick__sub'>
                    {f.categories.map((c) => REPAIR_CATEGORY_LABELS[c]).join(' · ')}
                    {f.openCount ? ` · 手头 ${f.openCount} 单` : ''}
                  </View>
                </View>
                {t.firm?.id === f.id && <Pill tone='gray'>当前</Pill>}
              </View>
            ))}
          </>
        )
      }}
    </PageGate>
  )
}
