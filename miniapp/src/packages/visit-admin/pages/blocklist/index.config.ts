export default definePageConfig({ navigationBarTitleText: '访客管理' })
