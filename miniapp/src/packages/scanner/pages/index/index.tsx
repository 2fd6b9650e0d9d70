import { useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Failure } from '@nutui/icons-react-taro'
import { Page } from '../../../../components/Page'
import { HAS_CAMERA_PAGE, loadQrDecoder, scanCode } from '../../../../utils/platform'
import { openScannedContent, pageForScan, UNRECOGNISED, UNRECOGNISED_HINT } from '../../../../utils/scan'
import { startCameraScan, type CameraScan } from '../../../../utils/camera'
import './index.scss'

const CAMERA_HOST_ID = 'egj-scanner-camera'

type CameraState = 'starting' | 'on' | 'failed'

export default function ScannerPage() {
  const [camera, setCamera] = useState<CameraState>('starting')
  const [manual, setManual] = useState('')
  // what is wrong with the last code: said on the screen where the user looks, not in a toast
  const [seenForeign, setSeenForeign] = useState(false)
  const [manualError, setManualError] = useState<string | null>(null)
  const scan = useRef<CameraScan | null>(null)

  useEffect(() => {
    // weapp (and anything without our camera page): the platform scanner does the work
    if (!HAS_CAMERA_PAGE) {
      void scanCode().then((content) => {
        if (content === null) void Taro.navigateBack()
        else openScannedContent(content, 'redirect')
      })
      return
    }

    let cancelled = false
    const onText = (text: string) => {
      const page = pageForScan(text)
      if (page) {
        scan.current?.stop()
        void Taro.redirectTo({ url: page })
      } else {
        // someone else's code: say so over the camera and keep looking
        setSeenForeign(true)
      }
    }

    void (async () => {
      try {
        const host = document.getElementById(CAMERA_HOST_ID)
        if (!host) throw new Error('camera host missing')
        const started = await startCameraScan(host, loadQrDecoder(), onText)
        if (cancelled) started.stop()
        else {
          scan.current = started
          setCamera('on')
        }
      } catch {
        if (!cancelled) setCamera('failed')
      }
    })()

    return () => {
      cancelled = true
      scan.current?.stop()
      scan.current = null
    }
  }, [])

  const submitManual = () => {
    const text = manual.trim()
    const page = text ? pageForScan(text) : null
    if (!page) {
      setManualError(text ? `${UNRECOGNISED}：请输入码下方印的编号（如 M12-7KQ4PX）或码中的链接` : '请输入码下方的编号或链接')
      return
    }
    scan.current?.stop()
    void Taro.redirectTo({ url: page })
  }

  return (
    <Page className='scanner'>
      <View className='scanner__camera' id={CAMERA_HOST_ID}>
        {camera === 'failed' ? (
          <View className='scanner__denied'>
            <Failure size={40} color='#ffffff' />
            <View className='scanner__denied-text'>无法打开摄像头，请手动输入码下方的编号或链接</View>
          </View>
        ) : (
          <View className='scanner__overlay'>
            <View className='scanner__frame'>
              <View className='scanner__corner scanner__corner--tl' />
              <View className='scanner__corner scanner__corner--tr' />
              <View className='scanner__corner scanner__corner--bl' />
              <View className='scanner__corner scanner__corner--br' />
              {camera === 'on' && <View className='scanner__line' />}
            </View>
            {seenForeign && camera === 'on' ? (
              <View className='scanner__hint scanner__hint--foreign'>
                <View>{UNRECOGNISED}</View>
                <View className='scanner__hint-line'>{UNRECOGNISED_HINT}</View>
              </View>
            ) : (
              <View className='scanner__hint'>{camera === 'starting' ? '正在打开摄像头…' : '将二维码放入框内，即可自动扫描'}</View>
            )}
          </View>
        )}
      </View>

      <View className='scanner__manual'>
        <View className='scanner__manual-title'>手动输入</View>
        <View className='scanner__manual-row'>
          <Input
            className='scanner__input'
            placeholder='手动输入编号或链接，如 M12-7KQ4PX'
            value={manual}
            onChange={(value) => {
              setManual(value)
              setManualError(null)
            }}
            onConfirm={submitManual}
            clearable
          />
          <Button type='primary' className='scanner__ok' onClick={submitManual}>
            确定
          </Button>
        </View>
        {manualError ? <View className='scanner__manual-error'>{manualError}</View> : <View className='scanner__manual-tip'>可输入码下方印的编号（如 M12-7KQ4PX，不分大小写），或码中的链接</View>}
      </View>
    </Page>
  )
}
