export default definePageConfig({ navigationBarTitleText: '私用反映' })
