export default definePageConfig({ navigationBarTitleText: '月度报餐统计' })
