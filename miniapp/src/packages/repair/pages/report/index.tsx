import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Popup, TextArea } from '@nutui/nutui-react-taro'
import { ArrowRight, Location as LocationIcon, Scan } from '@nutui/icons-react-taro'
import {
  locationsApi,
  ticketsApi,
  TICKET_KINDS,
  TICKET_MAX_PHOTOS,
  TICKET_STATUS_LABELS,
  TICKET_URGENCY_LABELS,
  TICKET_URGENCIES,
  type EndpointBody,
  type Location,
  type RepairCategory,
  type TicketKind,
  type TicketUrgency,
} from '@egj/shared'
import { ApiError, asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource, type ResourceState } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { useMe } from '../../../../store/session'
import { fieldErrorsFrom } from '../../../../utils/field-errors'
import { decodeParam } from '../../../../utils/nav'
import { PhotoField } from '../../components/RepairBits'
import { ScanSheet } from '../../components/ScanSheet'
import { CATEGORY_OPTIONS, groupLocations, KIND_OPTIONS, placeCodeOf, ticketPage, ticketWhat } from '../../lib/repair'
import { askToSubscribe, useSubscribeTemplates } from '../../../../utils/subscribe'
import '../../components/repair.scss'

type Body = EndpointBody<typeof ticketsApi.create>

/** Codes about one field of the form: said under it. */
const FIELD_OF_CODE: Record<string, string> = {
  TICKET_CODE_NOT_PLACE: 'place',
  TICKET_PLACE_INACTIVE: 'place',
  TICKET_PHOTO_INVALID: 'photos',
  TICKET_PHOTO_TOO_LARGE: 'photos',
  TICKET_PHOTOS_FULL: 'photos',
}
const FIELD_ALIASES: Record<string, string> = { code: 'place', locationId: 'place' }

const URGENCY_OPTIONS = TICKET_URGENCIES.map((value) => ({ value, label: TICKET_URGENCY_LABELS[value] }))

const without = (errors: Record<string, string>, ...fields: string[]) => Object.fromEntries(Object.entries(errors).filter(([key]) => !fields.includes(key)))

/**
 * 报修 / 服务受理. Opened from a location code (`token`), from a room's door or an asset's code
 * (`code`), or from home: the place comes from the code (and the tickets still open there, so
 * nobody reports twice), from 扫码 here, or from 选择地点.
 */
export default function ReportPage() {
  const params = useRouter().params
  const token = decodeParam(params.token)
  const [kind, setKind] = useState<TicketKind>(() => (TICKET_KINDS as readonly string[]).includes(params.kind ?? '') ? (params.kind as TicketKind) : 'repair')
  // the place: a scanned code (path form), or a location picked from the list
  const [code, setCode] = useState(() => (token ? `/q/l/${token}` : params.code ? (placeCodeOf(decodeParam(params.code)) ?? decodeParam(params.code)) : ''))
  const [picked, setPicked] = useState<Location | null>(null)
  const [scanning, setScanning] = useState(false)
  const [picking, setPicking] = useState(false)
  const [category, setCategory] = useState<RepairCategory | null>(null)
  const [description, setDescription] = useState('')
  const [urgency, setUrgency] = useState<TicketUrgency>('normal')
  const [photos, setPhotos] = useState<string[]>([])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const actions = useActionDialog()
  const me = useMe()

  // what the code names, and what is still open there (a picked location is looked up by its own code)
  const lookup = picked ? (placeCodeOf(picked.codeUrl) ?? '') : code
  const place = useResource(() => request(ticketsApi.place, { query: { code: lookup } }), { key: [lookup], enabled: kind === 'repair' && !!lookup })
  const create = useSubmit((body: Body, idempotencyKey) => request(ticketsApi.create, { body, idempotencyKey }))
  useSubscribeTemplates()

  const repair = kind === 'repair'
  const change = (...fields: string[]) => setErrors((e) => without(e, ...fields))

  const check = (): Record<string, string> => {
    const out: Record<string, string> = {}
    if (repair && !code && !picked) out.place = '请扫码或选择报修地点'
    if (repair && !category) out.category = '请选择报修类别'
    if (!description.trim()) out.description = repair ? '请描述问题，如 会议室空调不制冷' : '请填写内容'
    return out
  }

  const submit = async (again = false) => {
    const problems = check()
    setErrors(problems)
    if (Object.keys(problems).length) return
    if (!again) askToSubscribe() // WeChat: 办理进度 reminders, asked in this tap
    const body: Body = {
      kind,
      description: description.trim(),
      urgency,
      photos,
      ...(repair ? { category: category ?? undefined, ...(picked ? { locationId: picked.id } : { code }) } : {}),
    }
    try {
      const ticket = again ? await create.retry() : await create.submit(body)
      toast(repair ? '报修已提交' : '已提交', 'success')
      void Taro.redirectTo({ url: ticketPage(ticket.id) })
    } catch (e) {
      const error = asApiError(e)
      const raw = fieldErrorsFrom(error, FIELD_OF_CODE, { topLevel: true })
      const fields = Object.fromEntries(Object.entries(raw).map(([key, message]) => [FIELD_ALIASES[key] ?? key, message]))
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: '未能提交', retry: isUnknownOutcome(error) ? () => void submit(true) : undefined, safeRetry: '提交' })
    }
  }

  // not signed in, or not staff: say so before the form
  const gate: ResourceState<unknown> | null =
    me.state.status !== 'ready'
      ? me.state
      : me.state.data.roles.some((role) => role !== 'visitor')
        ? null
        : { status: 'forbidden', error: new ApiError(403, 'FORBIDDEN', '报修仅限机关工作人员，访客请联系接待人员') }
  if (gate) {
    return (
      <Page className='rp-report'>
        <PageGate state={gate} guest='登录后报修' guestHint='以您的身份提交，处理进度会通知您' icon={<LocationIcon size={48} color={GREY_ICON} />} onRetry={() => void me.reload()} />
      </Page>
    )
  }

  return (
    <Page className='rp-report'>
      <View className='rp-kinds'>
        <Segmented options={KIND_OPTIONS} value={kind} onChange={(k) => {
            setKind(k)
            setErrors({})
          }} />
      </View>

      {repair && (
        <Card title='报修地点'>
          <PlaceBox
            code={code}
            picked={picked}
            state={place.state}
            onRetry={() => void place.reload()}
            onScan={() => setScanning(true)}
            onPick={() => setPicking(true)}
          />
          {errors.place && <View className='vf-row__error'>{errors.place}</View>}
        </Card>
      )}

      {repair && (
        <Card title='报修类别'>
          <View className='rp-grid'>
            {CATEGORY_OPTIONS.map((option) => (
              <View
                key={option.value}
                className={`rp-grid__item ${option.value === category ? 'rp-grid__item--on' : ''}`}
                onClick={() => {
                  setCategory(option.value)
                  change('category')
                }}
              >
                {option.label}
              </View>
            ))}
          </View>
          {errors.category && <View className='vf-row__error'>{errors.category}</View>}
        </Card>
      )}

      <Card title={repair ? '问题描述' : `${KIND_OPTIONS.find((o) => o.value === kind)?.label}内容`}>
        <TextArea
          className='rp-textarea'
          value={description}
          maxLength={500}
          showCount
          autoSize
          placeholder={repair ? '哪里坏了、什么情况，如 三楼东侧卫生间水龙头漏水' : kind === 'question' ? '请写下您要咨询的问题' : '请写下具体情况，我们会尽快答复'}
          onChange={(text) => {
            setDescription(text)
            change('description')
          }}
        />
        {errors.description && <View className='vf-row__error'>{errors.description}</View>}
        <FormRow label='紧急程度' last error={errors.urgency}>
          <Segmented options={URGENCY_OPTIONS} value={urgency} onChange={setUrgency} />
        </FormRow>
      </Card>

      <Card title='照片（选填）'>
        <PhotoField photos={photos} max={TICKET_MAX_PHOTOS} onChange={setPhotos} problem={errors.photos} onProblem={(problem) => setErrors((e) => (problem ? { ...e, photos: problem } : without(e, 'photos')))} />
      </Card>

      <View className='vf-actions'>
        <Button type='primary' size='xlarge' block loading={create.busy} onClick={() => void submit()}>
          提交
        </Button>
        <View className='egj-muted rp-report__note'>{repair ? '提交后由报修调度员派单，处理进度会通知您' : '提交后由机关事务管理中心答复，答复后请您评价'}</View>
      </View>

      {scanning && (
        <ScanSheet
          onCancel={() => setScanning(false)}
          onCode={(scanned) => {
            setScanning(false)
            setCode(scanned)
            setPicked(null)
            change('place')
          }}
        />
      )}
      <LocationPicker
        visible={picking}
        onClose={() => setPicking(false)}
        onPick={(location) => {
          setPicking(false)
          setPicked(location)
          setCode('')
          change('place')
        }}
      />
      {actions.node}
    </Page>
  )
}

/** The place: what the code or the pick names, and the tickets still open there; or the ways to give one. */
function PlaceBox({ code, picked, state, onRetry, onScan, onPick }: { code: string; picked: Location | null; state: ResourceState<{ place: string; openTickets: { id: number; category: RepairCategory | null; description: string; status: keyof typeof TICKET_STATUS_LABELS }[] }>; onRetry: () => void; onScan: () => void; onPick: () => void }) {
  const ways = (
    <View className='rp-place__ways'>
      <Button type='primary' fill='outline' size='large' icon={<Scan size={20} />} onClick={onScan}>
        扫码
      </Button>
      <Button type='primary' fill='outline' size='large' icon={<LocationIcon size={20} />} onClick={onPick}>
        选择地点
      </Button>
    </View>
  )
  if (!code && !picked) {
    return (
      <>
        <View className='egj-muted rp-place__empty'>扫报修处的位置码、会议室门牌码或资产码，或从列表选择</View>
        {ways}
      </>
    )
  }
  const name = state.status === 'ready' ? state.data.place : (picked?.name ?? null)
  const change = (
    <View className='rp-place__change' onClick={picked ? onPick : onScan}>
      更换
    </View>
  )
  if (state.status === 'error' && !picked) {
    const retry = state.error.status === 0 || state.error.status >= 500
    return (
      <>
        <View className='vf-row__error rp-place__problem'>{state.error.message}</View>
        {retry ? (
          <Button type='primary' fill='outline' block onClick={onRetry}>
            重试
          </Button>
        ) : (
          ways
        )}
      </>
    )
  }
  return (
    <>
      <View className='rp-place'>
        <Text className='rp-place__text'>{name ?? '正在识别…'}</Text>
        {change}
      </View>
      {state.status === 'ready' && state.data.openTickets.length > 0 && (
        <View className='rp-open'>
          <View className='rp-open__title'>这里已有 {state.data.openTickets.length} 条未完成的报修，请先看看是否同一问题</View>
          {state.data.openTickets.map((t) => (
            <View key={t.id} className='rp-open__item' onClick={() => void Taro.navigateTo({ url: ticketPage(t.id) })}>
              <Text>{ticketWhat({ kind: 'repair', category: t.category })}</Text>
              <Text className='rp-open__desc'>{t.description}</Text>
              <Text className='egj-muted'>{TICKET_STATUS_LABELS[t.status]}</Text>
              <ArrowRight size={12} color='#c0c4cc' />
            </View>
          ))}
        </View>
      )}
    </>
  )
}

/** 选择地点: every active location, building → floor → spot, with a search. */
function LocationPicker({ visible, onClose, onPick }: { visible: boolean; onClose: () => void; onPick: (location: Location) => void }) {
  const [query, setQuery] = useState('')
  const [asked, setAsked] = useState(false)
  if (visible && !asked) setAsked(true)
  const list = useResource(() => request(locationsApi.list), { enabled: asked, refreshOnShow: false })
  return (
    <Popup visible={visible} position='bottom' round title='选择报修地点' onClose={onClose} className='rp-sheet'>
      <View className='rp-sheet__body rp-locs'>
        <Input className='rp-locs__search' placeholder='搜索楼宇、楼层或位置' value={query} onChange={setQuery} clearable />
        <PageGate state={list.state} onRetry={() => void list.reload()} isEmpty={(data) => !data.items.some((l) => l.active)} empty={{ title: '还没有报修地点', description: '请扫描报修处的二维码' }}>
          {(data) => {
            const groups = groupLocations(data.items, query)
            if (!groups.length) return <View className='rp-locs__empty'>没有找到「{query}」，换个词试试</View>
            return groups.map((group) => (
              <View key={group.building}>
                <View className='rp-locs__building'>{group.building}</View>
                {group.floors.map((floor) => (
                  <View key={floor.floor}>
                    <View className='rp-locs__floor'>{floor.floor}</View>
                    {floor.spots.map((spot) => (
                      <View key={spot.id} className='rp-pick' onClick={() => onPick(spot)}>
                        <View className='rp-pick__main'>
                          <View className='rp-pick__name'>{spot.spot}</View>
                        </View>
                        <ArrowRight size={12} color='#c0c4cc' />
                      </View>
                    ))}
                  </View>
                ))}
              </View>
            ))
          }}
        </PageGate>
      </View>
      <View className='rp-sheet__foot'>
        <View className='rp-sheet__cancel' onClick={onClose}>
          取消
        </View>
      </View>
    </Popup>
  )
}
