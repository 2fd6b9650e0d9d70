export default definePageConfig({ navigationBarTitleText: '报餐' })
