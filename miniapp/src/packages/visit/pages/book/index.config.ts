export default definePageConfig({ navigationBarTitleText: '访客预约' })
