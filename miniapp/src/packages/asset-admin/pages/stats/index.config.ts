export default definePageConfig({ navigationBarTitleText: '公物仓统计' })
