export default definePageConfig({ navigationBarTitleText: '调剂' })
