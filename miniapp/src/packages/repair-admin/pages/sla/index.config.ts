export default definePageConfig({ navigationBarTitleText: '工作日历与时限' })
