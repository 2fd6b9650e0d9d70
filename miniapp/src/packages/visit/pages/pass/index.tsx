import { useEffect, useMemo, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { UserAdd } from '@nutui/icons-react-taro'
import { inShanghai, passContentAt, passRefreshInSec, visitPassesApi, type VisitPass } from '@egj/shared'
import { asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { QrLanding } from '../../../../components/QrLanding'
import { useResource } from '../../../../hooks/useResource'
import { keepScreenOn } from '../../../../utils/platform'
import { qrDataUrl } from '../../../../utils/qr-image'
import { passWindowText } from '../../../../utils/visits'
import './index.scss'

/*
 * The visitor's pass. The rotating code is computed here from the visit's secret (see
 * shared/visit-pass.ts), so once opened the page keeps working with no network: the pass is kept
 * in memory and in Taro storage, and the phone's clock is corrected by the BFF's.
 */

interface Held {
  pass: VisitPass
  /** the BFF's clock minus the phone's, ms */
  skewMs: number
  /** shown from storage: the network did not answer */
  offline: boolean
}

const memory = new Map<number, Held>()
const storageKey = (id: number) => `egj.visitPass.${id}`

function stored(id: number): Held | null {
  const inMemory = memory.get(id)
  if (inMemory) return inMemory
  try {
    const saved = Taro.getStorageSync(storageKey(id)) as Held | '' | undefined
    return saved && saved.pass?.offline?.secret ? saved : null
  } catch {
    return null
  }
}

function keep(id: number, held: Held): Held {
  memory.set(id, held)
  try {
    Taro.setStorageSync(storageKey(id), { ...held, offline: false })
  } catch {
    // storage full or refused: memory still holds it for this session
  }
  return held
}

function loadPass(id: number): Promise<Held> {
  const asked = Date.now()
  return request(visitPassesApi.pass, { params: { id }, timeout: 8000 }).then(
    (pass) => {
      // the answer took some time: assume the server's clock was read half-way
      const phoneAt = (asked + Date.now()) / 2
      const serverAt = new Date(pass.offline.serverTime).getTime()
      return keep(id, { pass, skewMs: Number.isFinite(serverAt) ? serverAt - phoneAt : 0, offline: false })
    },
    (e: unknown) => {
      // no network (or server trouble): the pass opened before keeps producing codes
      const error = asApiError(e)
      const held = isUnknownOutcome(error) ? stored(id) : null
      if (held) return { ...held, offline: true }
      throw error
    },
  )
}

function useNow(skewMs: number): number {
  const [now, setNow] = useState(() => Date.now() + skewMs)
  useEffect(() => {
    setNow(Date.now() + skewMs)
    const timer = setInterval(() => setNow(Date.now() + skewMs), 250)
    return () => clearInterval(timer)
  }, [skewMs])
  return now
}

const RING = 30

function PassView({ held }: { held: Held }) {
  const { pass, skewMs, offline } = held
  const now = useNow(skewMs)
  const step = pass.offline.stepSec || 30
  const content = passContentAt(pass.offline.secret, pass.offline.visitId, now, step)
  const image = useMemo(() => qrDataUrl(content), [content])
  const left = passRefreshInSec(now, step)
  // validFrom already opens 30 minutes before the visit
  const from = new Date(pass.validFrom).getTime()
  const to = new Date(pass.validTo).getTime()
  const notYet = now < from
  const over = now > to
  const inside = pass.status === 'checked_in'

  let state: { tone: 'ok' | 'wait' | 'bad'; text: string }
  if (over) state = { tone: 'bad', text: '已超过来访时间，通行码失效' }
  else if (notYet) state = { tone: 'wait', text: `未到入园时间，${inShanghai(from).format('M月D日 HH:mm')} 起可用` }
  else if (inside) state = { tone: 'ok', text: '已入园 · 离开时请再次出示' }
  else state = { tone: 'ok', text: '请向门岗出示此码' }

  return (
    <View className='pass'>
      <View className='pass__card'>
        <View className='pass__clock'>{inShanghai(now).format('HH:mm:ss')}</View>
        <View className='pass__date'>{inShanghai(now).format('YYYY年M月D日')}</View>
        <View className={`pass__state pass__state--${state.tone}`}>{state.text}</View>
        <View className={`pass__qr ${notYet || over ? 'pass__qr--dim' : ''}`}>
          <Image className='pass__qr-img' src={image} mode='aspectFit' aria-label='访客通行码' />
        </View>
        <View className='pass__countdown'>
          <View className='pass__bar'>
            <View className='pass__bar-fill' style={{ width: `${(left / RING) * 100}%` }} />
          </View>
          <Text className='pass__countdown-text'>{left} 秒后自动更新 · 截图无效</Text>
        </View>
        {offline && <View className='pass__offline'>当前无网络，通行码仍可正常使用</View>}
      </View>

      <View className='pass__info'>
        <View className='pass__name'>{pass.visitorName}</View>
        <View className='pass__line'>
          <Text className='pass__label'>被访人</Text>
          <Text className='pass__value'>{pass.hostName}</Text>
        </View>
        <View className='pass__line'>
          <Text className='pass__label'>来访时间</Text>
          <Text className='pass__value'>{passWindowText(pass.validFrom, pass.validTo)}</Text>
        </View>
        <View className='pass__line'>
          <Text className='pass__label'>车牌号</Text>
          <Text className='pass__value'>{pass.plateNo ?? '无车辆'}</Text>
        </View>
      </View>
      <View className='pass__tip'>打开后无网络也能使用；请勿转发截图，二维码每 30 秒变化</View>
    </View>
  )
}

/** 访客通行码: opened with ?id= from 来访详情 (or, without one, the landing for a scanned 访客码). */
export default function VisitPassPage() {
  const id = Number(useRouter().params.id)
  if (!id) {
    return <QrLanding kind='p' title='访客预约' moduleName='访客预约' intro='来访预约与访客通行码核验' icon={<UserAdd size={28} />} />
  }
  return <Pass id={id} />
}

function Pass({ id }: { id: number }) {
  const held = useResource(() => loadPass(id), { key: [id], initial: stored(id) })
  // the status (已入园) follows the gate while the page is open and online
  const { reload } = held
  useEffect(() => {
    const timer = setInterval(() => void reload(), 30_000)
    return () => clearInterval(timer)
  }, [reload])
  useDidShow(() => keepScreenOn(true))
  useDidHide(() => keepScreenOn(false))
  useEffect(() => () => keepScreenOn(false), [])

  return (
    <Page className='pass-page'>
      <PageGate
        state={held.state}
        loading='正在打开通行码…'
        guest='登录后查看通行码'
        icon={<UserAdd size={48} color={GREY_ICON} />}
        errorTitle={(e) => (e.code === 'VISIT_PASS_NOT_READY' ? '暂时没有通行码' : e.code === 'VISIT_PASS_CLOSED' ? '通行码已失效' : undefined)}
        onRetry={() => void held.reload()}
      >
        {(data) => <PassView held={data} />}
      </PageGate>
    </Page>
  )
}
