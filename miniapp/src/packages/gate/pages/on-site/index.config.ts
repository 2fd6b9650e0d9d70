export default definePageConfig({ navigationBarTitleText: '在园名单', enablePullDownRefresh: true })
