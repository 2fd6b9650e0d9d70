import { useState, type ReactNode } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Popup, Progress } from '@nutui/nutui-react-taro'
import { Plus } from '@nutui/icons-react-taro'
import { TICKET_EVENT_LABELS, ticketStatusLabel, TICKET_URGENCY_LABELS, type TicketClocks, type TicketEvent, type TicketKind, type TicketListItem, type TicketStatus } from '@egj/shared'
import { API_BASE } from '../../../api/client'
import { Pill } from '../../../components/Pill'
import { chooseImages, PlatformError } from '../../../utils/platform'
import { checkPhoto, clockPercent, clockTone, clockUsage, durationText, finishByText, shortMoment, STATUS_TONES, ticketPage, ticketWhat } from '../lib/repair'
import '../../../components/Form.scss'
import './repair.scss'

export const StatusPill = ({ kind, status }: { kind: TicketKind; status: TicketStatus }) => <Pill tone={STATUS_TONES[status]}>{ticketStatusLabel(kind, status)}</Pill>

/** A photo address from the BFF: absolute (signed), or a path on the API's host. */
export const photoSrc = (url: string) => (url.startsWith('/') ? `${API_BASE}${url}` : url)

/** One ticket in a list: 工单号, what, status; the description on one line; place; who has it and by when. */
export function TicketRow({ ticket }: { ticket: TicketListItem }) {
  const open = ticket.status !== 'finished' && ticket.status !== 'closed' && ticket.status !== 'cancelled'
  return (
    <View className='rp-row' onClick={() => void Taro.navigateTo({ url: ticketPage(ticket.id) })}>
      <View className='rp-row__top'>
        <Text className='rp-row__what'>{ticketWhat(ticket)}</Text>
        {ticket.urgency === 'urgent' && <Pill tone='red'>{TICKET_URGENCY_LABELS.urgent}</Pill>}
        {ticket.repeatOfId !== null && <Pill tone='orange'>重复报修</Pill>}
        {open && ticket.breached && (
          <Pill tone='red' solid>
            已超时
          </Pill>
        )}
        <View className='rp-row__status'>
          <StatusPill kind={ticket.kind} status={ticket.status} />
        </View>
      </View>
      <View className='rp-row__desc'>{ticket.description}</View>
      {ticket.place && <View className='rp-row__line'>{ticket.place}</View>}
      <View className='rp-row__line rp-row__muted'>
        {ticket.no}
        {ticket.holderName ? ` · 处理人 ${ticket.holderName}` : ''}
      </View>
      {open && <View className={`rp-row__line ${ticket.breached ? 'rp-row__late' : 'rp-row__muted'}`}>{finishByText(ticket.finishBy)}</View>}
    </View>
  )
}

/** One clock: its figures and a bar. */
function Clock({ label, by, used, target, breached, done }: { label: string; by: string; used: number; target: number; breached: boolean; done: boolean }) {
  const tone = breached ? 'red' : clockTone(used, target)
  const color = { green: 'var(--egj-success)', orange: 'var(--egj-warning)', red: 'var(--egj-danger)' }[tone]
  return (
    <View className='rp-clock'>
      <View className='rp-clock__head'>
        <Text className='rp-clock__label'>{label}</Text>
        <Text className={`rp-clock__by ${breached ? 'rp-clock__by--late' : ''}`}>
          {breached ? '已超时 · ' : done ? '已完成 · ' : ''}
          {shortMoment(by)} 前
        </Text>
      </View>
      <Progress percent={clockPercent(used, target)} color={color} background='var(--egj-gray-light)' strokeWidth='6' />
      <View className='rp-clock__usage'>{clockUsage(used, target)}</View>
    </View>
  )
}

/** What the card says of pauses: while paused, that the clock stands still (the minutes so far, if any); after, how long it stood. */
function pauseNote(pausedMinutes: number, paused: boolean): string {
  if (paused) return pausedMinutes > 0 ? `暂停中：已暂停 ${durationText(pausedMinutes)}，不计入时限，恢复后完成时限顺延。` : '暂停中：暂停时间不计入时限，恢复后完成时限顺延。'
  return pausedMinutes > 0 ? `已暂停 ${durationText(pausedMinutes)}，不计入时限。` : ''
}

/** 时限: to accept and to finish, counted in working minutes; paused time left out. */
export function ClocksCard({ clocks, kind, accepted, finished, paused = false }: { clocks: TicketClocks; kind: TicketKind; accepted: boolean; finished: boolean; paused?: boolean }) {
  // 服务受理 is not taken by a worker: the centre 受理s and 答复s it
  const [acceptLabel, finishLabel] = kind === 'repair' ? ['接单时限', '完成时限'] : ['受理时限', '答复时限']
  return (
    <View className='vf-card rp-clocks'>
      <View className='vf-card__head'>
        <Text className='vf-card__title'>时限</Text>
        {clocks.breached && (
          <Pill tone='red' solid>
            已超时
          </Pill>
        )}
      </View>
      <Clock label={acceptLabel} by={clocks.acceptBy} used={clocks.acceptUsedMinutes} target={clocks.acceptTargetMinutes} breached={clocks.acceptBreached} done={accepted} />
      <Clock label={finishLabel} by={clocks.finishBy} used={clocks.finishUsedMinutes} target={clocks.finishTargetMinutes} breached={clocks.finishBreached} done={finished} />
      <View className='rp-clocks__note'>
        {pauseNote(clocks.pausedMinutes, paused)}按工作日的工作时间计算，节假日不计。
      </View>
    </View>
  )
}

/** 处理记录: the ticket's history, newest first. */
export function Timeline({ events }: { events: TicketEvent[] }) {
  const lines = [...events].reverse()
  return (
    <View className='vf-card'>
      <View className='vf-card__head'>
        <Text className='vf-card__title'>处理记录</Text>
      </View>
      {lines.map((event, i) => (
        <View key={`${event.at}-${event.kind}-${i}`} className={`rp-event ${i === 0 ? 'rp-event--latest' : ''}`}>
          <View className='rp-event__dot' />
          <View className='rp-event__body'>
            <View className='rp-event__head'>
              <Text className='rp-event__kind'>{TICKET_EVENT_LABELS[event.kind]}</Text>
              <Text className='rp-event__at'>{shortMoment(event.at)}</Text>
            </View>
            {/* most lines name their actor first (「赵师傅 接单」): the name is not said twice */}
            {!event.text.startsWith(event.actorName) && <View className='rp-event__who'>{event.actorName}</View>}
            {event.text && <View className='rp-event__text'>{event.text}</View>}
          </View>
        </View>
      ))}
    </View>
  )
}

/** Photos from the server: a grid; a tap opens them full screen. */
export function PhotoGrid({ urls }: { urls: string[] }) {
  if (!urls.length) return null
  const sources = urls.map(photoSrc)
  return (
    <View className='rp-photos'>
      {sources.map((src) => (
        <View key={src} className='rp-photos__cell' onClick={() => void Taro.previewImage({ current: src, urls: sources })}>
          <Image className='rp-photos__img' src={src} mode='aspectFill' lazyLoad />
        </View>
      ))}
    </View>
  )
}

/**
 * Photos to send (data URLs): thumbnails with ×, and + to add up to `max`. Each is checked on the
 * phone first — JPEG or PNG by its bytes, at most 2 MB — and what was refused is said under it.
 */
export function PhotoField({ photos, onChange, max, problem, onProblem }: { photos: string[]; onChange: (photos: string[]) => void; max: number; problem?: string | null; onProblem: (problem: string | null) => void }) {
  const [busy, setBusy] = useState(false)
  const room = max - photos.length
  const add = async () => {
    if (busy || room <= 0) return
    setBusy(true)
    try {
      const picked = await chooseImages(room)
      const problems: string[] = []
      const added: string[] = []
      for (const photo of picked) {
        if (added.length >= room) {
          problems.push(`最多 ${max} 张，多选的未添加`)
          break
        }
        const checked = checkPhoto(photo)
        if (checked.ok) added.push(checked.dataUrl)
        else problems.push(checked.problem)
      }
      if (added.length) onChange([...photos, ...added])
      onProblem(problems.length ? problems.join('；') : null)
    } catch (e) {
      onProblem(e instanceof PlatformError ? e.message : '无法读取所选照片，请重新选择')
    } finally {
      setBusy(false)
    }
  }
  return (
    <View>
      <View className='rp-photos'>
        {photos.map((src, i) => (
          <View key={`${i}-${src.length}`} className='rp-photos__cell'>
            <Image className='rp-photos__img' src={src} mode='aspectFill' />
            <View
              className='rp-photos__remove'
              onClick={() => {
                onChange(photos.filter((_, j) => j !== i))
                onProblem(null)
              }}
            >
              ×
            </View>
          </View>
        ))}
        {room > 0 && (
          <View className='rp-photos__cell rp-photos__add' onClick={() => void add()}>
            <Plus size={24} color='var(--egj-text-3)' />
            <Text className='rp-photos__add-text'>{busy ? '读取中…' : `照片 ${photos.length}/${max}`}</Text>
          </View>
        )}
      </View>
      {problem ? <View className='vf-row__error rp-photos__problem'>{problem}</View> : <View className='rp-photos__hint'>JPEG 或 PNG，每张不超过 2 MB</View>}
    </View>
  )
}

/** A bottom sheet for one action's form: title, the fields, the main button and 取消. */
export function Sheet({ visible, title, children, confirmText, danger, busy, onConfirm, onClose }: { visible: boolean; title: string; children: ReactNode; confirmText: string; danger?: boolean; busy: boolean; onConfirm: () => void; onClose: () => void }) {
  return (
    <Popup visible={visible} position='bottom' round title={title} onClose={() => !busy && onClose()} className='rp-sheet'>
      <View className='rp-sheet__body'>{children}</View>
      <View className='rp-sheet__foot'>
        <Button block size='large' type={danger ? 'danger' : 'primary'} loading={busy} onClick={onConfirm}>
          {confirmText}
        </Button>
        <View className='rp-sheet__cancel' onClick={() => !busy && onClose()}>
          取消
        </View>
      </View>
    </Popup>
  )
}

/** Under a paged list: 加载更多 (reaching the bottom does it too), or why the next page failed. */
export function ListFooter({ hasMore, busy, problem, onMore }: { hasMore: boolean; busy: boolean; problem: string | null; onMore: () => void }) {
  if (!hasMore && !problem) return <View className='vf-empty-line'>没有更多了</View>
  return (
    <View className='vf-actions'>
      {problem && <View className='vf-row__error'>{problem}</View>}
      {hasMore && (
        <Button block fill='outline' type='primary' loading={busy} onClick={onMore}>
          {problem ? '重新加载' : '加载更多'}
        </Button>
      )}
    </View>
  )
}
