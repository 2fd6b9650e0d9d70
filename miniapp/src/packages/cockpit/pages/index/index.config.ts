export default definePageConfig({ navigationBarTitleText: '驾驶舱' })
