// the cashier keeps this open all day: keep the screen on (see the page)
export default definePageConfig({ navigationBarTitleText: '收银台' })
