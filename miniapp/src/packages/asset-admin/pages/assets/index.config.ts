export default definePageConfig({ navigationBarTitleText: '资产管理', enablePullDownRefresh: true })
