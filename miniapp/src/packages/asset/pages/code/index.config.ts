export default definePageConfig({ navigationBarTitleText: '资产码' })
