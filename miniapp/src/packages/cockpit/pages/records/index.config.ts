export default definePageConfig({ navigationBarTitleText: '指标明细', enablePullDownRefresh: true })
