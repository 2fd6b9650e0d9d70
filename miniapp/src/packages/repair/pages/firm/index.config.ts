export default definePageConfig({ navigationBarTitleText: '维修派单' })
