export default definePageConfig({ navigationBarTitleText: '日结单', enablePullDownRefresh: true })
