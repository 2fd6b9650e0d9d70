export default definePageConfig({ navigationBarTitleText: '派车' })
