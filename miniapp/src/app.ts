import type { PropsWithChildren } from 'react'
// NutUI icons draw with a CSS mask; this small sheet sizes them (components bring their own CSS)
import '@nutui/icons-react-taro/dist/style_icon.css'
import './app.scss'

// Pages render as children; the app shell itself draws nothing.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
