export default definePageConfig({ navigationBarTitleText: '会议室管理', enablePullDownRefresh: true })
