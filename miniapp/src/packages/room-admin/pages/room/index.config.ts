export default definePageConfig({ navigationBarTitleText: '会议室设置' })
