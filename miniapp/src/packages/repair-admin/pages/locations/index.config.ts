export default definePageConfig({ navigationBarTitleText: '报修地点', enablePullDownRefresh: true })
