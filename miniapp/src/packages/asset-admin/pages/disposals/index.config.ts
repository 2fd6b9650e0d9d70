export default definePageConfig({ navigationBarTitleText: '报废审批' })
