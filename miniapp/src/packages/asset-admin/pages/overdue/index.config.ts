export default definePageConfig({ navigationBarTitleText: '有借不还', enablePullDownRefresh: true })
