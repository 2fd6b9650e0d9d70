import { useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Scan } from '@nutui/icons-react-taro'
import { gateApi, type GateScanResult } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { decodeParam } from '../../../../utils/nav'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { startCameraScan, type CameraScan } from '../../../../utils/camera'
import { HAS_CAMERA_PAGE, keepScreenOn, loadQrDecoder, scanCode } from '../../../../utils/platform'
import { beep, GateResult } from '../../components/GateResult'
import { GateNav } from '../../components/GateNav'
import './index.scss'

const CAMERA_HOST_ID = 'egj-gate-camera'
/** how long a verdict stays before the screen is ready for the next person (已在园: time to tap 办理离开) */
const SHOW_MS = { allow: 3000, inside: 10_000, deny: 5000 }
/** the same code seen again this soon is the same person still holding up the phone */
const SAME_CODE_MS = 6000

type Camera = 'starting' | 'on' | 'failed' | 'none'

/** 门岗: scan a pass (camera on H5, WeChat's scanner on weapp, or typed), and see allow / deny at once. */
export default function GateScanPage() {
  const gate = useRoleGate(['guard', 'admin'])
  const [result, setResult] = useState<GateScanResult | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [manual, setManual] = useState('')
  const [camera, setCamera] = useState<Camera>(HAS_CAMERA_PAGE ? 'starting' : 'none')
  // a scan is a read plus at most one conditional write (no key needed); the hook keeps it busy
  const scan = useSubmit((content: string) => request(gateApi.scan, { body: { content }, timeout: 8000 }))
  const leave = useSubmit((visitId: number) => request(gateApi.checkOut, { params: { id: visitId } }))
  const actions = useActionDialog()
  const last = useRef<{ content: string; at: number }>({ content: '', at: 0 })
  const clearTimer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const ready = () => {
    if (clearTimer.current) clearTimeout(clearTimer.current)
    clearTimer.current = null
    setResult(null)
  }

  const show = (answer: GateScanResult) => {
    setResult(answer)
    beep(answer.result === 'allow')
    if (clearTimer.current) clearTimeout(clearTimer.current)
    clearTimer.current = setTimeout(ready, SHOW_MS[answer.result === 'deny' ? 'deny' : answer.insideSince ? 'inside' : 'allow'])
  }

  const check = async (content: string) => {
    const text = content.trim()
    if (!text || scan.busy) return
    const now = Date.now()
    if (text === last.current.content && now - last.current.at < SAME_CODE_MS) return
    last.current = { content: text, at: now }
    setProblem(null)
    try {
      show(await scan.submit(text))
      setManual('')
    } catch (e) {
      // not a verdict: the network or the server; the guard may try the same code again
      last.current = { content: '', at: 0 }
      setResult(null)
      setProblem(asApiError(e).message)
    }
  }

  /** 已在园 → 办理离开: the visitor at the gate is on their way out. */
  const checkOut = async (visitId: number) => {
    try {
      show(await leave.submit(visitId))
    } catch (e) {
      actions.fail(e, { title: '未能办理离开' })
    }
  }
  const checkRef = useRef(check)
  checkRef.current = check

  // opened from the home scanner with a pass already read
  const scanned = decodeParam(useRouter().params.content)
  useEffect(() => {
    if (scanned && !gate) void checkRef.current(scanned)
  }, [scanned, gate])

  // H5: the camera runs all the time on this page and hands every code it sees to `check`
  useEffect(() => {
    if (!HAS_CAMERA_PAGE || gate) return
    let scan: CameraScan | null = null
    let cancelled = false
    const host = document.getElementById(CAMERA_HOST_ID)
    if (!host) return
    startCameraScan(host, loadQrDecoder(), (text) => void checkRef.current(text)).then(
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
    }
  }, [gate])

  useDidShow(() => keepScreenOn(true))
  useDidHide(() => keepScreenOn(false))
  useEffect(() => () => {
    keepScreenOn(false)
    if (clearTimer.current) clearTimeout(clearTimer.current)
  }, [])

  const scanWithPlatform = async () => {
    ready()
    const text = await scanCode()
    if (text) {
      last.current = { content: '', at: 0 }
      await check(text)
    }
  }

  if (gate) return <Page className='gate-scan'>{gate}</Page>

  return (
    <Page className='gate-scan'>
      <GateNav current='scan' />
      {result ? (
        <GateResult result={result} onNext={ready} />
      ) : HAS_CAMERA_PAGE ? (
        <View className='gate-scan__camera' id={CAMERA_HOST_ID}>
          <View className='gate-scan__overlay'>
            <View className='gate-scan__frame' />
            <View className='gate-scan__hint'>
              {scan.busy ? '正在核验…' : camera === 'on' ? '请访客出示通行码，对准框内' : camera === 'failed' ? '无法打开摄像头，请在下方手动输入' : '正在打开摄像头…'}
            </View>
          </View>
        </View>
      ) : (
        <View className='gate-scan__ready'>
          <Button type='primary' size='xlarge' block loading={scan.busy} icon={<Scan size={28} color='#ffffff' />} onClick={() => void scanWithPlatform()}>
            扫描通行码
          </Button>
          <View className='gate-scan__ready-hint'>请访客打开「访客通行码」，扫描其手机上的二维码</View>
        </View>
      )}
      {result?.insideSince && result.visit && (
        <View className='vf-actions'>
          <Button type='primary' size='large' block loading={leave.busy} onClick={() => void checkOut(result.visit!.id)}>
            办理离开
          </Button>
        </View>
      )}
      {result && !HAS_CAMERA_PAGE && (
        <View className='vf-actions'>
          <Button type='primary' size='large' block icon={<Scan size={22} color='#ffffff' />} onClick={() => void scanWithPlatform()}>
            扫下一位
          </Button>
        </View>
      )}
      {problem && <View className='gate-scan__problem'>{problem}</View>}

      <View className='gate-scan__manual'>
        <View className='gate-scan__manual-title'>手动输入</View>
        <View className='gate-scan__manual-row'>
          <Input className='gate-scan__input' placeholder='手动输入通行码内容' value={manual} onChange={setManual} onConfirm={() => void check(manual)} clearable />
          <Button type='primary' className='gate-scan__ok' loading={scan.busy} onClick={() => {
            last.current = { content: '', at: 0 }
            void check(manual)
          }}>
            核验
          </Button>
        </View>
      </View>
      {actions.node}
    </Page>
  )
}
