export default definePageConfig({ navigationBarTitleText: '驾驶员' })
