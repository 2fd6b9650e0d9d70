import { useEffect, useState } from 'react'
import { Button, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { openPrivacyContract } from '../utils/platform'
import { answerPrivacy, PRIVACY_AGREE_BUTTON_ID, sheetGone, sheetShown } from '../utils/privacy'
import './PrivacySheet.scss'

/**
 * WeChat's privacy consent, asked by our own sheet before scanning, photos, location, the clipboard
 * or the phone number (utils/privacy.ts hands it the ask). One per page (in <Page>, and in the
 * main-package pages that draw their own frame); only the page on screen opens it. Plain Taro
 * components: it lives in the main package.
 */
export function PrivacySheet() {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    sheetShown(setOpen)
    return () => sheetGone(setOpen)
  }, [])
  useDidShow(() => sheetShown(setOpen))
  if (!open) return null
  return (
    <View className='egj-privacy'>
      <View className='egj-privacy__panel'>
        <View className='egj-privacy__title'>e管家隐私保护指引</View>
        <View className='egj-privacy__text'>使用扫码、拍照、定位、剪贴板和手机号绑定前，请阅读并同意隐私保护指引。</View>
        <View className='egj-privacy__link' onClick={openPrivacyContract}>
          查看《隐私保护指引》
        </View>
        <View className='egj-privacy__buttons'>
          <Button className='egj-privacy__button' onClick={() => answerPrivacy(false)}>
            拒绝
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className='egj-privacy__button egj-privacy__agree'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => answerPrivacy(true)}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  )
}
