export default definePageConfig({ navigationBarTitleText: '会务任务', enablePullDownRefresh: true })
