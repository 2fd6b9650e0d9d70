export default definePageConfig({ navigationBarTitleText: '电子餐券' })
