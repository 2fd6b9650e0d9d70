import { useEffect, useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { HOME_PAGE } from '../utils/nav'
import { needsOwnBackBar, watchPageTitle } from '../utils/platform'
import { PrivacySheet } from './PrivacySheet'
import { Toaster } from './Toaster'
import './Page.scss'

/**
 * The frame of every sub-page (not the tab pages): on H5 outside DingTalk a small bar with a way
 * back (or home, when the page was opened directly from a link or a scan) and the page title;
 * the page's toast host and WeChat privacy-consent sheet. `backBar={false}` for a page opened by someone outside the app (a
 * contracted firm's link): 首页 would lead them into an app they have no account for.
 */
export function Page({ className, children, backBar = true }: { className?: string; children: ReactNode; backBar?: boolean }) {
  return (
    <View className={`egj-page ${className ?? ''}`}>
      {backBar && needsOwnBackBar() && <BackBar />}
      {children}
      <Toaster />
      <PrivacySheet />
    </View>
  )
}

function BackBar() {
  const [title, setTitle] = useState('')
  // read at mount: a page opened from a link has nothing below it to go back to
  const [canGoBack] = useState(() => Taro.getCurrentPages().length > 1)
  useEffect(() => watchPageTitle(setTitle), [])
  const back = () => {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
    else void Taro.switchTab({ url: HOME_PAGE })
  }
  return (
    <View className='egj-backbar'>
      <View className='egj-backbar__back' onClick={back}>
        <Text className='egj-backbar__arrow'>‹</Text>
        <Text>{canGoBack ? '返回' : '首页'}</Text>
      </View>
      <Text className='egj-backbar__title'>{title}</Text>
    </View>
  )
}
