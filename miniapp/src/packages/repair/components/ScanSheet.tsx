import { useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Scan } from '@nutui/icons-react-taro'
import { startCameraScan, type CameraScan } from '../../../utils/camera'
import { HAS_CAMERA_PAGE, loadQrDecoder, scanCode } from '../../../utils/platform'
import { placeCodeOf } from '../lib/repair'
import './repair.scss'

const CAMERA_HOST_ID = 'egj-repair-camera'
const NOT_PLACE = '这不是报修地点的码：请扫描位置码、会议室门牌码或资产码，或输入码下方的编号（如 L12-7KQ4PX）'

type Camera = 'starting' | 'on' | 'failed' | 'none'

/**
 * Scanning where the fault is, without leaving the form (as the 公物仓 hand-over scans): on H5 the
 * camera runs in the sheet (utils/camera.ts); on weapp and in DingTalk the platform's scanner opens
 * at once (and again from 扫码). The 编号 under the code can be typed instead.
 */
export function ScanSheet({ onCode, onCancel }: { onCode: (code: string) => void; onCancel: () => void }) {
  const [camera, setCamera] = useState<Camera>(HAS_CAMERA_PAGE ? 'starting' : 'none')
  const [manual, setManual] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [foreign, setForeign] = useState(false)
  const done = useRef(false)
  const onCodeRef = useRef(onCode)
  onCodeRef.current = onCode

  const found = (code: string) => {
    if (done.current) return
    done.current = true
    onCodeRef.current(code)
  }
  const readCamera = (text: string) => {
    const code = placeCodeOf(text)
    if (code) found(code)
    else setForeign(true)
  }
  const readCameraRef = useRef(readCamera)
  readCameraRef.current = readCamera

  const readTyped = (text: string) => {
    if (!text.trim()) return setProblem('请输入码下方的编号')
    const code = placeCodeOf(text)
    if (!code) return setProblem(NOT_PLACE)
    setProblem(null)
    found(code)
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
    <View className='rp-scan'>
      <View className='rp-scan__mask' onClick={onCancel} />
      <View className='rp-scan__sheet'>
        <View className='rp-scan__title'>扫码识别报修地点</View>
        <View className='rp-scan__hint'>位置码、会议室门牌码或资产码</View>
        {HAS_CAMERA_PAGE ? (
          <View className='rp-scan__camera' id={CAMERA_HOST_ID}>
            <View className='rp-scan__overlay'>
              <View className='rp-scan__frame' />
              <View className='rp-scan__status'>
                {foreign && camera === 'on'
                  ? '这不是报修地点的码，请对准位置码、门牌码或资产码'
                  : camera === 'on'
                    ? '将二维码对准框内'
                    : camera === 'failed'
                      ? '无法打开摄像头，请在下方输入编号'
                      : '正在打开摄像头…'}
              </View>
            </View>
          </View>
        ) : (
          <Button type='primary' size='large' block icon={<Scan size={22} color='#ffffff' />} onClick={() => void scanWithPlatform()}>
            扫码
          </Button>
        )}
        <View className='rp-scan__manual'>
          <Input
            className='rp-scan__input'
            placeholder='或输入码下方的编号，如 L12-7KQ4PX'
            value={manual}
            onChange={(value) => {
              setManual(value)
              setProblem(null)
            }}
            onConfirm={() => readTyped(manual)}
            clearable
          />
          <Button type='primary' className='rp-scan__ok' onClick={() => readTyped(manual)}>
            确定
          </Button>
        </View>
        {problem && <View className='vf-row__error'>{problem}</View>}
        <View className='rp-scan__cancel' onClick={onCancel}>
          取消
        </View>
      </View>
    </View>
  )
}
