import { Toast } from '@nutui/nutui-react-taro'

const TOAST_ID = 'egj-toast'

/** Put one on every page; `toast()` shows messages through it. */
export function Toaster() {
  return <Toast id={TOAST_ID} />
}

export function toast(message: string, icon?: 'success' | 'fail' | 'warn'): void {
  Toast.show(TOAST_ID, { content: message, icon, duration: 2.5, wordBreak: 'break-word' })
}
