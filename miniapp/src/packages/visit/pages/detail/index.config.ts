export default definePageConfig({ navigationBarTitleText: '来访详情' })
