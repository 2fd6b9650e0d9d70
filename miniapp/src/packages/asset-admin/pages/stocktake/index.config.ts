export default definePageConfig({ navigationBarTitleText: '资产盘点' })
