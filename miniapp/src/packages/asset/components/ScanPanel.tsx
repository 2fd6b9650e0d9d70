import { useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Scan } from '@nutui/icons-react-taro'
import { startCameraScan, type CameraScan } from '../../../utils/camera'
import { HAS_CAMERA_PAGE, loadQrDecoder, scanCode } from '../../../utils/platform'
import { assetCodeOf } from '../lib/assets'
import './asset.scss'

const CAMERA_HOST_ID = 'egj-asset-camera'
/** the same code seen again this soon is the same sticker still in front of the camera */
const SAME_CODE_MS = 4000
const NOT_ASSET = '这不是资产码：请扫描资产上的二维码，或输入码下方的编号（如 A12-7KQ4PX）'

type Camera = 'starting' | 'on' | 'failed' | 'none'

interface Props {
  /** e.g. 扫码交付 */
  title: string
  /** one line under the title: what the scan records */
  hint: string
  /** the scan is being sent: codes seen meanwhile are ignored */
  busy: boolean
  /** an asset code (path form, `/q/a/<token>`), read from the camera, WeChat's scanner or typed */
  onCode: (code: string) => void
  onCancel: () => void
}

/**
 * Scanning an asset's code to record a hand-over or a return, as the gate scans passes: on H5 the
 * camera runs in the sheet (utils/camera.ts) and hands over every asset code it sees; on weapp
 * WeChat's scanner opens at once (and again from 扫码). The 编号 printed under the code can be
 * typed instead, everywhere.
 */
export function ScanPanel({ title, hint, busy, onCode, onCancel }: Props) {
  const [camera, setCamera] = useState<Camera>(HAS_CAMERA_PAGE ? 'starting' : 'none')
  const [manual, setManual] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [foreign, setForeign] = useState(false)
  const onCodeRef = useRef(onCode)
  onCodeRef.current = onCode
  const busyRef = useRef(busy)
  busyRef.current = busy
  const last = useRef({ text: '', at: 0 })

  const readCamera = (text: string) => {
    const code = assetCodeOf(text)
    if (!code) return setForeign(true)
    const now = Date.now()
    if (busyRef.current || (text === last.current.text && now - last.current.at < SAME_CODE_MS)) return
    last.current = { text, at: now }
    setForeign(false)
    onCodeRef.current(code)
  }
  const readCameraRef = useRef(readCamera)
  readCameraRef.current = readCamera

  const readTyped = (text: string) => {
    const trimmed = text.trim()
    if (!trimmed) return setProblem('请输入资产码下方的编号')
    const code = assetCodeOf(trimmed)
    if (!code) return setProblem(NOT_ASSET)
    setProblem(null)
    if (!busyRef.current) onCodeRef.current(code)
  }

  const scanWithPlatform = async () => {
    const text = await scanCode()
    if (text !== null) readTyped(text)
  }

  useEffect(() => {
    if (!HAS_CAMERA_PAGE) {
      void scanWithPlatform()
      return
    }
    let scan: CameraScan | null = null
    let cancelled = false
    const host = document.getElementById(CAMERA_HOST_ID)
    if (!host) {
      setCamera('failed')
      return
    }
    startCameraScan(host, loadQrDecoder(), (text) => readCameraRef.current(text)).then(
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
    // the camera starts once, when the sheet opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  return (
    <View className='asset-scan'>
      <View className='asset-scan__mask' onClick={() => !busy && onCancel()} />
      <View className='asset-scan__sheet'>
        <View className='asset-scan__title'>{title}</View>
        <View className='asset-scan__hint'>{hint}</View>
        {HAS_CAMERA_PAGE ? (
          <View className='asset-scan__camera' id={CAMERA_HOST_ID}>
            <View className='asset-scan__overlay'>
              <View className='asset-scan__frame' />
              <View className='asset-scan__status'>
                {busy
                  ? '正在提交…'
                  : foreign && camera === 'on'
                    ? '这不是资产码，请对准资产上的二维码'
                    : camera === 'on'
                      ? '将资产上的二维码对准框内'
                      : camera === 'failed'
                        ? '无法打开摄像头，请在下方输入编号'
                        : '正在打开摄像头…'}
              </View>
            </View>
          </View>
        ) : (
          <Button type='primary' size='large' block loading={busy} icon={<Scan size={22} color='#ffffff' />} onClick={() => void scanWithPlatform()}>
            扫描资产码
          </Button>
        )}
        <View className='asset-scan__manual'>
          <Input
            className='asset-scan__input'
            placeholder='或输入码下方的编号，如 A12-7KQ4PX'
            value={manual}
            onChange={(value) => {
              setManual(value)
              setProblem(null)
            }}
            onConfirm={() => readTyped(manual)}
            clearable
          />
          <Button type='primary' className='asset-scan__ok' disabled={busy} onClick={() => readTyped(manual)}>
            确定
          </Button>
        </View>
        {problem && <View className='vf-row__error asset-scan__problem'>{problem}</View>}
        <View className='asset-scan__cancel' onClick={() => !busy && onCancel()}>
          取消
        </View>
      </View>
    </View>
  )
}
