export default definePageConfig({ navigationBarTitleText: '会议室预订', enablePullDownRefresh: true })
