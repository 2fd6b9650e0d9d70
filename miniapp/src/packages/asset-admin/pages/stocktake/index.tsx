import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Scan } from '@nutui/icons-react-taro'
import { ASSET_STATUS_LABELS, assetStocktakesApi, parseQrContent, type AssetStocktake } from '@egj/shared'
import { asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { startCameraScan, type CameraScan } from '../../../../utils/camera'
import { HAS_CAMERA_PAGE, loadQrDecoder, SAVES_TO_DEVICE, scanCode, watchNetwork } from '../../../../utils/platform'
import { AssetNav } from '../../components/AssetNav'
import { downloadStocktake } from '../../lib/files'
import { whenText } from '../../lib/labels'
import { stocktakePage } from '../../lib/nav'
import { queueKey, StocktakeQueue, type QueueStorage } from '../../lib/stocktake-queue'
import '../../components/ui.scss'
import './index.scss'

type Line = AssetStocktake['found'][number]
type Tab = 'missing' | 'found' | 'foreign' | 'onLoan'

const CAMERA_HOST_ID = 'egj-stocktake-camera'

/** The phone's storage for the scan queue; a full storage must not stop the scanning (the queue still holds the codes in memory). */
const STORAGE: QueueStorage = {
  get: (key) => Taro.getStorageSync(key),
  set: (key, value) => {
    try {
      Taro.setStorageSync(key, value)
    } catch {
      // kept in memory until the page closes
    }
  },
  remove: (key) => {
    try {
      Taro.removeStorageSync(key)
    } catch {
      // nothing to forget
    }
  },
}

/** A failed send that may work later: no network, no answer, server trouble, signed out, too many at once. */
function keepsCodes(e: unknown): boolean {
  const error = asApiError(e)
  return isUnknownOutcome(error) || error.status === 401 || error.status === 429
}

/** 资产盘点: start (or continue) the unit's stocktake, scan codes (queued on the phone while offline), finish, export. */
export default function AssetStocktakePage() {
  const gate = useRoleGate(['asset_keeper', 'admin'])
  const routed = Number(useRouter().params.id)
  const [id, setId] = useState(Number.isSafeInteger(routed) && routed > 0 ? routed : 0)
  const actions = useActionDialog()

  // no id: the unit's stocktakes, to continue the open one or start one
  const list = useResource(() => request(assetStocktakesApi.list), { enabled: !gate && !id })
  const openOne = list.data?.items.find((s) => s.status === 'open')
  useEffect(() => {
    if (!id && openOne) setId(openOne.id)
  }, [id, openOne])
  const take = useResource(() => request(assetStocktakesApi.get, { params: { id } }), { key: [id], enabled: !gate && id > 0 })

  const start = useSubmit(() => request(assetStocktakesApi.create))
  const begin = async () => {
    try {
      const created = await start.submit(undefined)
      take.set(created)
      setId(created.id)
    } catch (e) {
      actions.fail(e, { title: '未能开始盘点' })
    }
  }

  if (gate) return <Page className='aa-take'>{gate}</Page>

  return (
    <Page className='aa-take'>
      <AssetNav current='stocktake' />
      {!id ? (
        <PageGate state={list.state} needs={['asset_keeper']} icon={<Scan size={48} color={GREY_ICON} />} onRetry={() => void list.reload()}>
          {(data) =>
            openOne ? null : (
              <>
                <Card title='资产盘点'>
                  <View className='aa-take__intro'>开始后逐件扫描本单位资产上的资产码；没有网络时扫码先存在手机上，联网后自动上传。结束时生成盘到、盘亏和外单位资产清单，可导出 Excel。</View>
                  <Button type='primary' size='large' block loading={start.busy} icon={<Scan size={18} color='#ffffff' />} onClick={() => void begin()}>
                    开始盘点
                  </Button>
                </Card>
                <View className='aa-head'>
                  <Text className='aa-head__title'>以往盘点</Text>
                </View>
                {data.items.length === 0 && <View className='vf-empty-line'>还没有盘点记录</View>}
                {data.items.map((s) => (
                  <View key={s.id} className='aa-item' onClick={() => void Taro.navigateTo({ url: stocktakePage(s.id) })}>
                    <View className='aa-item__top'>
                      <Text className='aa-item__title'>{whenText(s.startedAt)} 盘点</Text>
                      <Text className='aa-head__side'>
                        已盘 {s.scanned} / 应盘 {s.expected}
                      </Text>
                    </View>
                    <View className='aa-item__muted'>
                      {s.startedBy} · {s.finishedAt ? `结束于 ${whenText(s.finishedAt)}` : '进行中'}
                    </View>
                  </View>
                ))}
              </>
            )
          }
        </PageGate>
      ) : (
        <PageGate
          state={take.state}
          needs={['asset_keeper']}
          icon={<Scan size={48} color={GREY_ICON} />}
          onRetry={() => void take.reload()}
          errorTitle={(error) => (error.code === 'NOT_FOUND' ? '盘点不存在' : undefined)}
        >
          {(current) =>
            current.status === 'open' ? (
              <OpenStocktake key={current.id} stocktake={current} reload={take.reload} onFinished={(finished) => take.set({ ...current, ...finished, status: 'finished', finishedAt: new Date().toISOString() })} />
            ) : (
              <FinishedStocktake stocktake={current} />
            )
          }
        </PageGate>
      )}
      {actions.node}
    </Page>
  )
}

/** A code as a person reads it: the printed 编号, or the start of a long scanned text. */
function codeText(code: string): string {
  const parsed = parseQrContent(code, 'a')
  if (parsed?.short) return parsed.token
  return code.length > 24 ? `${code.slice(0, 24)}…` : code
}

/** The last scan, as shown under the button: `code` as a person reads it, `sent` as queued (to match the server's answer). */
type LastScan = { code: string; sent?: string; kind: 'queued' | 'duplicate' | 'not-asset' | 'unknown' }

/** A stocktake in progress: scan, see progress and what is still missing, finish. */
function OpenStocktake({ stocktake, reload, onFinished }: { stocktake: AssetStocktake; reload: () => Promise<void>; onFinished: (finished: Pick<AssetStocktake, 'found' | 'missing' | 'foreign' | 'onLoan'>) => void }) {
  const actions = useActionDialog()
  const queue = useMemo(
    () =>
      new StocktakeQueue({
        stocktakeId: stocktake.id,
        storage: STORAGE,
        send: (codes) => request(assetStocktakesApi.scans, { params: { id: stocktake.id }, body: { codes } }),
        keepsCodes,
      }),
    [stocktake.id],
  )
  const [pending, setPending] = useState(queue.size)
  const [offline, setOffline] = useState(false)
  const [sending, setSending] = useState(false)
  const [scanned, setScanned] = useState(stocktake.scanned)
  const [unknown, setUnknown] = useState<string[]>([])
  const [last, setLast] = useState<LastScan | null>(null)
  const [manual, setManual] = useState('')
  const [camera, setCamera] = useState<'off' | 'starting' | 'on' | 'failed'>('off')
  const [tab, setTab] = useState<Tab>('missing')
  const [ended, setEnded] = useState(false)

  // the server's count once reloaded; never back below what a send has told us
  useEffect(() => setScanned((n) => Math.max(n, stocktake.scanned)), [stocktake.scanned])

  const flush = useCallback(async () => {
    if (!queue.size || ended) return
    setSending(true)
    const outcome = await queue.flush()
    setSending(false)
    setPending(queue.size)
    setOffline(outcome.offline)
    if (outcome.progress) setScanned((n) => Math.max(n, outcome.progress?.scanned ?? 0))
    if (outcome.unknown.length) {
      setUnknown((u) => [...new Set([...u, ...outcome.unknown])])
      // the code just taken was not one of ours after all (a mistyped or forged 编号): say so where it said 已记录
      setLast((l) => (l?.kind === 'queued' && l.sent && outcome.unknown.includes(l.sent) ? { ...l, kind: 'unknown' } : l))
    }
    if (outcome.refused) {
      const error = asApiError(outcome.refused)
      if (error.code === 'ASSET_STOCKTAKE_FINISHED') {
        queue.clear()
        setPending(0)
        setEnded(true)
        actions.fail(error, { title: '盘点已结束' })
      } else {
        actions.fail(error, { title: '扫码未能上传' })
      }
      void reload()
      return
    }
    if (outcome.accepted > 0) void reload()
  }, [queue, ended, actions, reload])
  const flushRef = useRef(flush)
  flushRef.current = flush

  // what was left on the phone is sent when the page opens, is shown again, or the network comes back
  useEffect(() => {
    void flushRef.current()
    return watchNetwork((online) => {
      if (online) void flushRef.current()
      else setOffline(true)
    })
  }, [queue])
  useDidShow(() => void flushRef.current())

  // the camera sees the same code many times a second while it is held up: once is enough
  const lastSeen = useRef({ text: '', at: 0 })
  const take = useCallback(
    (text: string) => {
      const now = Date.now()
      if (text === lastSeen.current.text && now - lastSeen.current.at < 2000) return true
      lastSeen.current = { text, at: now }
      const parsed = parseQrContent(text, 'a')
      if (!parsed) {
        setLast({ code: text.trim().slice(0, 40), kind: 'not-asset' })
        return false
      }
      // a typed 编号 is sent in its printed form (A12-7KQ4PX), a scanned code as it reads
      const code = parsed.short ? parsed.token : text.trim()
      const outcome = queue.add(code)
      const shown = parsed.short ? parsed.token : `资产 ${parsed.payload[0]}`
      if (outcome === 'invalid') {
        setLast({ code: shown, kind: 'not-asset' })
        return false
      }
      setLast({ code: shown, sent: code, kind: outcome })
      setPending(queue.size)
      if (outcome === 'queued') void flushRef.current()
      return true
    },
    [queue],
  )
  const takeRef = useRef(take)
  takeRef.current = take

  // H5: the camera runs while switched on and hands every code it sees to the queue (which keeps each once)
  const [cameraWanted, setCameraWanted] = useState(false)
  useEffect(() => {
    if (!HAS_CAMERA_PAGE || !cameraWanted) return
    let scan: CameraScan | null = null
    let cancelled = false
    const host = document.getElementById(CAMERA_HOST_ID)
    if (!host) return
    setCamera('starting')
    startCameraScan(host, loadQrDecoder(), (text) => void takeRef.current(text)).then(
      (started) => {
        if (cancelled) started.stop()
        else {
          scan = started
          setCamera('on')
        }
      },
      () => !cancelled && setCamera('failed'),
    )
    return () => {
      cancelled = true
      scan?.stop()
      setCamera('off')
    }
  }, [cameraWanted])

  const scan = async () => {
    if (HAS_CAMERA_PAGE) {
      setCameraWanted((on) => !on)
      return
    }
    const text = await scanCode()
    if (text) take(text)
  }

  const typeIn = () => {
    if (!manual.trim()) return
    if (take(manual)) setManual('')
  }

  const finish = useSubmit(() => request(assetStocktakesApi.finish, { params: { id: stocktake.id } }))
  const doFinish = async () => {
    try {
      const finished = await finish.submit(undefined)
      queue.clear()
      setCameraWanted(false)
      toast('盘点已结束', 'success')
      onFinished(finished)
      void reload()
    } catch (e) {
      const error = asApiError(e)
      if (error.code === 'ASSET_STOCKTAKE_FINISHED') {
        queue.clear()
        void reload()
      }
      actions.fail(error, { title: '未能结束盘点' })
    }
  }
  const askFinish = async () => {
    if (queue.size) await flush()
    if (queue.size) {
      actions.show({
        title: `还有 ${queue.size} 个扫码未上传`,
        message: '请在有网络的地方上传后再结束盘点，否则这些资产会记为盘亏。',
        choices: [{ text: '立即上传', primary: true, onClick: () => void flushRef.current() }],
        cancelText: '取消',
      })
      return
    }
    const left = Math.max(0, stocktake.expected - scanned)
    actions.show({
      title: '结束盘点？',
      message: `已盘 ${scanned} / 应盘 ${stocktake.expected}。${left ? `未扫到的 ${left} 件将记为盘亏（借出中的不计）。` : ''}结束后不能再扫码。`,
      choices: [{ text: '结束盘点', danger: true, onClick: () => void doFinish() }],
      cancelText: '继续盘点',
    })
  }

  const percent = stocktake.expected ? Math.min(100, Math.round((scanned / stocktake.expected) * 100)) : 0
  const lists: Record<Tab, Line[]> = { missing: stocktake.missing, found: stocktake.found, foreign: stocktake.foreign, onLoan: stocktake.onLoan }
  const tabs: { value: Tab; label: string }[] = [
    { value: 'missing', label: `未盘 ${stocktake.missing.length}` },
    { value: 'found', label: `已盘 ${stocktake.found.length}` },
    { value: 'foreign', label: `外单位 ${stocktake.foreign.length}` },
    { value: 'onLoan', label: `借出 ${stocktake.onLoan.length}` },
  ]

  return (
    <>
      <View className='aa-take__progress'>
        <View className='aa-take__figures'>
          <Text className='aa-take__label'>已盘</Text>
          <Text className='aa-take__count'>{scanned}</Text>
          <Text className='aa-take__label'>/ 应盘 {stocktake.expected}</Text>
        </View>
        <View className='aa-take__bar'>
          <View className='aa-take__bar-fill' style={{ width: `${percent}%` }} />
        </View>
        <View className='aa-take__meta'>
          {stocktake.unitName} · {stocktake.startedBy} 于 {whenText(stocktake.startedAt)} 开始
        </View>
      </View>

      {pending > 0 &&
        (offline ? (
          <View className='aa-take__offline' onClick={() => void flush()}>
            <Text>离线：{pending} 个待上传</Text>
            <Text className='aa-take__offline-go'>{sending ? '上传中…' : '立即上传'}</Text>
          </View>
        ) : (
          <View className='aa-take__sending'>正在上传 {pending} 个扫码…</View>
        ))}

      {HAS_CAMERA_PAGE && cameraWanted && (
        <View className='aa-take__camera' id={CAMERA_HOST_ID}>
          <View className='aa-take__overlay'>
            <View className='aa-take__frame' />
            <View className='aa-take__hint'>{camera === 'on' ? '对准资产码，扫到即记录' : camera === 'failed' ? '无法打开摄像头，请在下方手动输入编号' : '正在打开摄像头…'}</View>
          </View>
        </View>
      )}

      <View className='aa-take__scan'>
        <Button type='primary' size='xlarge' block icon={<Scan size={28} color='#ffffff' />} onClick={() => void scan()}>
          {HAS_CAMERA_PAGE && cameraWanted ? '停止扫码' : '扫码'}
        </Button>
        {last && (
          <View className={`aa-take__last aa-take__last--${last.kind}`}>
            {last.kind === 'queued'
              ? `已记录 ${last.code}`
              : last.kind === 'duplicate'
                ? `${last.code} 已扫过，不重复计数`
                : last.kind === 'unknown'
                  ? `「${last.code}」无法识别，请核对编号`
                  : `「${last.code}」不是资产码`}
          </View>
        )}
        <View className='aa-take__manual'>
          <Input className='aa-take__input' placeholder='手动输入资产码下方的编号' value={manual} maxLength={300} clearable onChange={setManual} onConfirm={typeIn} />
          <Button type='primary' fill='outline' className='aa-take__ok' onClick={typeIn}>
            记录
          </Button>
        </View>
      </View>

      {unknown.length > 0 && (
        <View className='aa-notice'>
          {unknown.length} 个码无法识别（不是本系统的资产码，或二维码已损坏）：{unknown.slice(0, 5).map(codeText).join('、')}
          {unknown.length > 5 ? ' 等' : ''}
        </View>
      )}

      <View className='aa-take__tabs'>
        <Segmented options={tabs} value={tab} onChange={setTab} className='aa-take__seg' />
      </View>
      <LineList lines={lists[tab]} unitName={stocktake.unitName} empty={tab === 'missing' ? '本单位资产都已盘到' : '暂无'} />

      <View className='aa-buttons'>
        <Button type='danger' fill='outline' size='large' block loading={finish.busy} onClick={() => void askFinish()}>
          结束盘点
        </Button>
      </View>
      <View className='aa-bottom-space' />
      {actions.node}
    </>
  )
}

/** A finished stocktake: 盘到 / 盘亏 / 外单位资产 / 借出中, and the workbook. */
function FinishedStocktake({ stocktake }: { stocktake: AssetStocktake }) {
  const actions = useActionDialog()
  const [tab, setTab] = useState<Tab>('missing')
  const exporting = useSubmit(() => downloadStocktake(stocktake.id))
  // nothing more will be sent for it: forget what this phone may still hold
  useEffect(() => STORAGE.remove(queueKey(stocktake.id)), [stocktake.id])

  const exportXlsx = async () => {
    try {
      await exporting.submit(undefined)
      if (SAVES_TO_DEVICE) toast('已导出', 'success')
    } catch (e) {
      actions.fail(e, { title: '导出失败' })
    }
  }
  const lists: Record<Tab, Line[]> = { missing: stocktake.missing, found: stocktake.found, foreign: stocktake.foreign, onLoan: stocktake.onLoan }
  const tabs: { value: Tab; label: string }[] = [
    { value: 'missing', label: '盘亏' },
    { value: 'found', label: '盘到' },
    { value: 'foreign', label: '外单位' },
    { value: 'onLoan', label: '借出中' },
  ]
  return (
    <>
      <View className='aa-take__result'>
        <View className='aa-take__result-title'>盘点结果</View>
        <View className='aa-take__meta aa-take__when'>
          {whenText(stocktake.startedAt)} 开始{stocktake.finishedAt ? ` · ${whenText(stocktake.finishedAt)} 结束` : ''}
        </View>
        <View className='aa-take__stats'>
          <ResultFigure label='盘到' value={stocktake.found.length} />
          <ResultFigure label='盘亏' value={stocktake.missing.length} tone={stocktake.missing.length ? 'red' : undefined} />
          <ResultFigure label='外单位资产' value={stocktake.foreign.length} tone={stocktake.foreign.length ? 'orange' : undefined} />
          <ResultFigure label='借出中' value={stocktake.onLoan.length} />
        </View>
        <View className='aa-take__meta'>
          应盘 {stocktake.expected} 件 · {stocktake.unitName} · {stocktake.startedBy}
        </View>
      </View>
      <View className='aa-tools'>
        <Button type='primary' loading={exporting.busy} onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
        <Button type='primary' fill='outline' onClick={() => void Taro.redirectTo({ url: stocktakePage() })}>
          返回盘点
        </Button>
      </View>
      <View className='aa-take__tabs'>
        <Segmented options={tabs} value={tab} onChange={setTab} className='aa-take__seg' />
      </View>
      <LineList lines={lists[tab]} unitName={stocktake.unitName} empty={tab === 'missing' ? '没有盘亏' : '暂无'} />
      <View className='aa-bottom-space' />
      {actions.node}
    </>
  )
}

function ResultFigure({ label, value, tone }: { label: string; value: number; tone?: 'red' | 'orange' }) {
  return (
    <View className='aa-take__stat'>
      <Text className={`aa-take__stat-value ${tone ? `aa-take__stat-value--${tone}` : ''}`}>{value}</Text>
      <Text className='aa-take__stat-label'>{label}</Text>
    </View>
  )
}

/** The assets of one list; the unit is named only for another unit's asset (外单位). */
function LineList({ lines, unitName, empty }: { lines: Line[]; unitName: string; empty: string }) {
  return (
    <Card>
      {lines.length === 0 && <View className='vf-empty-line'>{empty}</View>}
      {lines.map((line) => (
        <View key={line.id} className='aa-take__line'>
          <View className='aa-take__line-top'>
            <Text className='aa-take__line-name'>{line.name}</Text>
            <Text className='aa-take__line-code'>{line.shortCode}</Text>
          </View>
          <View className='aa-item__muted'>
            {[line.location, line.unitName === unitName ? null : line.unitName, ASSET_STATUS_LABELS[line.status]].filter(Boolean).join(' · ')}
          </View>
        </View>
      ))}
    </Card>
  )
}
