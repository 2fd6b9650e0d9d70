export default definePageConfig({ navigationBarTitleText: '报废审批', enablePullDownRefresh: true })
