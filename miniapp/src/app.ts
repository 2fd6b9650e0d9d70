import type { PropsWithChildren } from 'react'
import Taro, { usePageNotFound } from '@tarojs/taro'
import { notFoundPage } from './utils/nav'
import { watchPrivacyConsent } from './utils/platform'
import { needPrivacyConsent } from './utils/privacy'
// NutUI icons draw with a CSS mask; this small sheet sizes them (components bring their own CSS)
import './components/nut-icon.scss'
import './app.scss'
import { config as zodConfig } from 'zod'

// Mini-programs forbid `new Function` (and the H5's CSP eval): zod's JIT stays off here. shared's
// zod.ts does this outside Node too; the app's bundle may leave that module out, see babel.config.js
zodConfig({ jitless: true })

// weapp: WeChat asks for privacy consent before scanning, photos, location… — once, for the whole
// app: the ask goes to the consent sheet of the page on screen (components/PrivacySheet.tsx)
watchPrivacyConsent(needPrivacyConsent)

// Pages render as children; the app shell itself draws nothing.
function App({ children }: PropsWithChildren) {
  // a link to a page we do not have: say so in Chinese, with a way home (not a blank screen)
  usePageNotFound(({ path }) => {
    void Taro.redirectTo({ url: notFoundPage(path) })
  })
  return children
}

export default App
