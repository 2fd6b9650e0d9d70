export default definePageConfig({ navigationBarTitleText: '调剂详情' })
