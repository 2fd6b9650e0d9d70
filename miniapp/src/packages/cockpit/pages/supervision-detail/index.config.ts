export default definePageConfig({ navigationBarTitleText: '督办详情' })
