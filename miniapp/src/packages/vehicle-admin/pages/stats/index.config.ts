export default definePageConfig({ navigationBarTitleText: '月度统计' })
