export default definePageConfig({ navigationBarTitleText: '访客统计' })
