export default definePageConfig({ navigationBarTitleText: '驾驶舱', enablePullDownRefresh: true })
