export default definePageConfig({ navigationBarTitleText: '申请用车' })
