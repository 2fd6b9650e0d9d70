import { useEffect, useRef, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Popup, Switch } from '@nutui/nutui-react-taro'
import { Del, Plus, QrCode, Store } from '@nutui/icons-react-taro'
import { formatMoney, formatYuan, MEAL_MAX_PAYMENT_FEN, mealMerchantsApi, MERCHANT_KIND_LABELS, type MerchantAdmin } from '@egj/shared'
import { ApiError, asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { MerchantFields, draftBody, draftOf, type MerchantDraft } from '../../components/MerchantFields'
import { Card, PickerValue } from '../../../../components/Form'
import { Pill } from '../../../../components/Pill'
import '../../components/ui.scss'
import { openQrSheet, windowQrDataUrl } from '../../lib/files'
import { cleanYuanText, today, yuanInput } from '../../lib/format'
import { MERCHANTS_PAGE, statementPage } from '../../lib/nav'
import './index.scss'

type Window = MerchantAdmin['windows'][number]

interface PeriodDraft {
  key: number
  name: string
  start: string
  end: string
  /** 公务标准 in 元 as typed; empty = no cap */
  capText: string
}

let nextKey = 1
const periodDrafts = (m: MerchantAdmin): PeriodDraft[] =>
  m.periods.map((p) => ({ key: nextKey++, name: p.name, start: p.start, end: p.end, capText: p.officialCapFen === null ? '' : formatYuan(p.officialCapFen) }))

/** What is wrong with the period rows (checked here before the server checks overlaps), or null. */
function periodsProblem(rows: PeriodDraft[]): string | null {
  for (const [i, row] of rows.entries()) {
    const label = row.name.trim() || `第 ${i + 1} 个餐次`
    if (!row.name.trim()) return `请填写第 ${i + 1} 个餐次的名称`
    if (!row.start || !row.end) return `请选择「${label}」的开始和结束时间`
    if (row.start >= row.end) return `「${label}」的结束时间要晚于开始时间`
    if (row.capText && yuanInput(row.capText, 1, MEAL_MAX_PAYMENT_FEN) === null) return `「${label}」的公务标准应在 ${formatMoney(1)} ~ ${formatMoney(MEAL_MAX_PAYMENT_FEN)} 之间`
  }
  return null
}

/** 商户设置 (admin): basics, windows and their codes, meal periods with their 公务 caps. */
export default function MerchantPage() {
  const id = Number(useRouter().params.id)
  const { state, reload, set } = useResource(async () => {
    const { items } = await request(mealMerchantsApi.list)
    const found = items.find((m) => m.id === id)
    if (!found) throw new ApiError(404, 'NOT_FOUND', '商户不存在或已被删除')
    return found
  })
  const merchant = state.status === 'ready' ? state.data : null

  const [draft, setDraft] = useState<MerchantDraft | null>(null)
  const [periods, setPeriods] = useState<PeriodDraft[]>([])
  const [periodsDirty, setPeriodsDirty] = useState(false)
  const [periodsError, setPeriodsError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const actions = useActionDialog()
  const [windowSheet, setWindowSheet] = useState<{ window: Window | null; name: string } | null>(null)
  const [qr, setQr] = useState<{ window: Window; src: string | null } | null>(null)

  // the first answer fills the forms; later ones (after a save) leave unsaved typing alone
  const filled = useRef(false)
  useEffect(() => {
    if (!merchant || filled.current) return
    filled.current = true
    setDraft(draftOf(merchant))
    setPeriods(periodDrafts(merchant))
    Taro.setNavigationBarTitle({ title: merchant.name }).catch(() => undefined)
  }, [merchant])

  if (!merchant || !draft) {
    return (
      <Page className='merchant'>
        <PageGate
          state={state.status === 'ready' ? { status: 'loading' } : state}
          needs={['admin']}
          icon={<Store size={48} color={GREY_ICON} />}
          errorTitle={(error) => (error.code === 'NOT_FOUND' ? '商户不存在' : undefined)}
          errorAction={() => ({ text: '返回商户列表', onClick: () => void Taro.redirectTo({ url: MERCHANTS_PAGE }) })}
          onRetry={() => void reload()}
        />
      </Page>
    )
  }

  /** Runs one write; the server answers with the whole merchant, which goes on screen. */
  const save = async (what: string, call: () => Promise<MerchantAdmin>, done: string): Promise<MerchantAdmin | null> => {
    if (busy) return null
    setBusy(what)
    try {
      const updated = await call()
      set(updated)
      toast(done, 'success')
      return updated
    } catch (e) {
      actions.fail(e)
      return null
    } finally {
      setBusy(null)
    }
  }

  // --- basics ---
  const body = draftBody(draft)
  const baseChanged = !!body && (body.name !== merchant.name || body.kind !== merchant.kind || body.overCapPolicy !== merchant.overCapPolicy || body.maxPaymentFen !== merchant.maxPaymentFen)
  const saveBase = async () => {
    if (!body) return
    const updated = await save('base', () => request(mealMerchantsApi.update, { params: { id }, body }), '已保存')
    if (updated) setDraft(draftOf(updated))
  }
  const setStatus = (on: boolean) => {
    const status = on ? 'active' : 'disabled'
    const run = () => void save('status', () => request(mealMerchantsApi.update, { params: { id }, body: { status } }), on ? '已启用' : '已停用')
    if (on) run()
    else actions.show({ title: '停用商户', message: `停用后「${merchant.name}」的所有窗口都不能收款，确定停用吗？`, choices: [{ text: '停用', danger: true, onClick: run }], cancelText: '取消' })
  }

  // --- windows ---
  const saveWindow = async () => {
    if (!windowSheet) return
    const name = windowSheet.name.trim()
    if (!name) return
    const target = windowSheet.window
    const updated = target
      ? await save('window', () => request(mealMerchantsApi.updateWindow, { params: { id: target.id }, body: { name } }), '已改名')
      : await save('window', () => request(mealMerchantsApi.createWindow, { params: { id }, body: { name } }), '已新增窗口')
    if (updated) setWindowSheet(null)
  }
  const toggleWindow = (w: Window) => {
    const status = w.status === 'active' ? 'disabled' : 'active'
    const run = () => void save(`w${w.id}`, () => request(mealMerchantsApi.updateWindow, { params: { id: w.id }, body: { status } }), status === 'active' ? '已启用窗口' : '已停用窗口')
    if (status === 'active') run()
    else actions.show({ title: '停用窗口', message: `停用后扫「${w.name}」的二维码将不能付款，确定停用吗？`, choices: [{ text: '停用', danger: true, onClick: run }], cancelText: '取消' })
  }
  const showQr = async (w: Window) => {
    setQr({ window: w, src: null })
    try {
      const src = await windowQrDataUrl(w.id)
      setQr((current) => (current && current.window.id === w.id ? { window: w, src } : current))
    } catch (e) {
      setQr(null)
      actions.fail(e, { title: '二维码生成失败' })
    }
  }
  const printSheet = async () => {
    if (!merchant.windows.some((w) => w.status === 'active')) return toast('没有启用的窗口可打印')
    try {
      const result = await openQrSheet(id)
      if (result === 'use-computer') toast('请在电脑浏览器中打印')
      else if (result === 'blocked') toast('浏览器拦截了新窗口，请允许弹出窗口后重试', 'warn')
    } catch (e) {
      actions.fail(e, { title: '打印失败' })
    }
  }

  // --- periods ---
  const editPeriods = (next: PeriodDraft[]) => {
    setPeriods(next)
    setPeriodsDirty(true)
    setPeriodsError(null)
  }
  const updatePeriod = (key: number, change: Partial<PeriodDraft>) => editPeriods(periods.map((p) => (p.key === key ? { ...p, ...change } : p)))
  const addPeriod = () => {
    const last = periods[periods.length - 1]
    const start = last?.end && last.end < '23:00' ? last.end : ''
    editPeriods([...periods, { key: nextKey++, name: '', start, end: '', capText: '' }])
  }
  const savePeriods = async () => {
    const problem = periodsProblem(periods)
    if (problem) return setPeriodsError(problem)
    if (busy) return
    setBusy('periods')
    try {
      const body = { periods: periods.map((p) => ({ name: p.name.trim(), start: p.start, end: p.end, officialCapFen: p.capText ? yuanInput(p.capText, 1, MEAL_MAX_PAYMENT_FEN) : null })) }
      const updated = await request(mealMerchantsApi.replacePeriods, { params: { id }, body })
      set(updated)
      setPeriods(periodDrafts(updated))
      setPeriodsDirty(false)
      setPeriodsError(null)
      toast('餐次已保存', 'success')
    } catch (e) {
      const error = asApiError(e)
      // an overlap (400) is about the rows: say it under them
      if (error.status === 400 || error.status === 422) setPeriodsError(error.message)
      else actions.fail(error)
    } finally {
      setBusy(null)
    }
  }

  const active = merchant.status === 'active'
  return (
    <Page className='merchant'>
      <View className='merchant__hero'>
        <View className='merchant__hero-name'>{merchant.name}</View>
        <View className='merchant__hero-tags'>
          <Pill tone={merchant.kind === 'canteen' ? 'blue' : 'orange'}>{MERCHANT_KIND_LABELS[merchant.kind]}</Pill>
          <Pill tone={active ? 'green' : 'gray'} className='merchant__hero-tag'>
            {active ? '营业中' : '已停用'}
          </Pill>
          <Text className='merchant__hero-link' onClick={() => void Taro.navigateTo({ url: statementPage(id, today()) })}>
            今日日结单 ›
          </Text>
        </View>
      </View>

      <Card title='基本信息'>
        <MerchantFields draft={draft} onChange={setDraft} />
        <View className='merchant__status'>
          <View>
            <View className='merchant__status-title'>启用商户</View>
            <View className='egj-muted'>{active ? '各窗口正常收款' : '已停用：所有窗口暂停收款'}</View>
          </View>
          <Switch checked={active} disabled={busy === 'status'} onChange={setStatus} />
        </View>
        <View className='ma-actions'>
          <Button type='primary' block disabled={!baseChanged} loading={busy === 'base'} onClick={() => void saveBase()}>
            保存基本信息
          </Button>
        </View>
      </Card>

      <Card
        title={`收款窗口 · ${merchant.windows.length}`}
        extra={
          <Button size='small' type='primary' fill='outline' icon={<Plus size={12} />} onClick={() => setWindowSheet({ window: null, name: '' })}>
            新增窗口
          </Button>
        }
      >
        {!merchant.windows.length && <View className='merchant__none egj-muted'>还没有窗口：新增后打印它的二维码贴在窗口</View>}
        {merchant.windows.map((w) => (
          <View key={w.id} className={`merchant__window ${w.status === 'disabled' ? 'merchant__window--off' : ''}`}>
            <View className='merchant__window-main'>
              <Text className='merchant__window-name'>{w.name}</Text>
              {w.status === 'disabled' && (
                <Pill tone='gray' className='merchant__window-tag'>
                  已停用
                </Pill>
              )}
            </View>
            <View className='merchant__window-actions'>
              <View className='merchant__action merchant__action--qr' onClick={() => void showQr(w)}>
                <QrCode size={14} color='var(--egj-primary)' />
                <Text className='merchant__action-text'>二维码</Text>
              </View>
              <View className='merchant__action' onClick={() => setWindowSheet({ window: w, name: w.name })}>
                改名
              </View>
              <View className={`merchant__action ${w.status === 'active' ? 'merchant__action--danger' : ''}`} onClick={() => busy !== `w${w.id}` && toggleWindow(w)}>
                {w.status === 'active' ? '停用' : '启用'}
              </View>
            </View>
          </View>
        ))}
        {merchant.windows.length > 0 && (
          <View className='ma-actions'>
            <Button block fill='outline' type='primary' icon={<QrCode size={14} />} onClick={() => void printSheet()}>
              打印全部窗口码
            </Button>
          </View>
        )}
      </Card>

      <Card title='餐次与公务餐标准'>
        <View className='merchant__tip egj-muted'>公务餐按餐次标准控制，超标时按上面的「公务超标」处理；标准留空则该餐次不设上限。时段不能重叠。</View>
        {!periods.length && <View className='merchant__none egj-muted'>还没有餐次，不在餐次内的付款不能按公务餐支付</View>}
        {periods.map((p, i) => (
          <View key={p.key} className='merchant__period'>
            <View className='merchant__period-top'>
              <Text className='merchant__period-no'>{i + 1}</Text>
              <Input className='merchant__period-name' value={p.name} maxLength={20} placeholder='餐次名称，如 午餐' onChange={(name) => updatePeriod(p.key, { name })} />
              <View className='merchant__period-del' onClick={() => editPeriods(periods.filter((x) => x.key !== p.key))}>
                <Del size={16} color='#6b7079' />
              </View>
            </View>
            <View className='merchant__period-bottom'>
              <PickerValue className='merchant__period-time' mode='time' value={p.start || '11:00'} text={p.start} placeholder='开始' onChange={(start) => updatePeriod(p.key, { start })} />
              <Text className='merchant__period-to'>至</Text>
              <PickerValue className='merchant__period-time' mode='time' value={p.end || '13:00'} text={p.end} placeholder='结束' onChange={(end) => updatePeriod(p.key, { end })} />
              <View className='merchant__period-cap'>
                <Text className='merchant__period-cap-label'>公务标准</Text>
                <Input className='merchant__period-cap-input' align='right' type='digit' value={p.capText} placeholder='不限' onChange={(text) => updatePeriod(p.key, { capText: cleanYuanText(text) })} />
                <Text className='merchant__period-cap-unit'>元</Text>
              </View>
            </View>
          </View>
        ))}
        <View className='merchant__add-period' onClick={addPeriod}>
          <Plus size={12} color='var(--egj-primary)' />
          <Text className='merchant__add-period-text'>添加餐次</Text>
        </View>
        {periodsError && <View className='ma-error'>{periodsError}</View>}
        <View className='ma-actions'>
          <Button type='primary' block disabled={!periodsDirty} loading={busy === 'periods'} onClick={() => void savePeriods()}>
            保存餐次
          </Button>
        </View>
      </Card>

      <Popup visible={!!windowSheet} position='bottom' round closeable title={windowSheet?.window ? '窗口改名' : '新增窗口'} onClose={() => busy !== 'window' && setWindowSheet(null)}>
        {windowSheet && (
          <View className='ma-sheet'>
            <View className='merchant__sheet-field'>
              <Input value={windowSheet.name} maxLength={100} placeholder='窗口名称，如 1号窗口（面食）' onChange={(name) => setWindowSheet({ ...windowSheet, name })} />
            </View>
            {!windowSheet.window && <View className='merchant__sheet-hint egj-muted'>新增后即可查看并打印该窗口的收款二维码</View>}
            <View className='ma-actions'>
              <Button type='primary' size='large' block disabled={!windowSheet.name.trim()} loading={busy === 'window'} onClick={() => void saveWindow()}>
                保存
              </Button>
            </View>
          </View>
        )}
      </Popup>

      <Popup visible={!!qr} position='center' round closeable onClose={() => setQr(null)}>
        {qr && (
          <View className='merchant__qr'>
            <View className='merchant__qr-title'>扫码支付 · 公务餐</View>
            <View className='merchant__qr-box'>
              {qr.src ? <Image className='merchant__qr-img' src={qr.src} mode='aspectFit' showMenuByLongpress /> : <Text className='egj-muted'>正在生成二维码…</Text>}
            </View>
            <View className='merchant__qr-merchant'>{merchant.name}</View>
            <View className='merchant__qr-window'>{qr.window.name}</View>
            {qr.window.status === 'disabled' && <View className='merchant__qr-off'>该窗口已停用，扫码不能付款</View>}
            <View className='merchant__qr-hint egj-muted'>长按图片可保存；打印请用「打印全部窗口码」</View>
          </View>
        )}
      </Popup>

      {actions.node}
    </Page>
  )
}
