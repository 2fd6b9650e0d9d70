export default definePageConfig({ navigationBarTitleText: '会议室统计' })
