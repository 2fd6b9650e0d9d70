export default definePageConfig({ navigationBarTitleText: '发放月度餐补' })
