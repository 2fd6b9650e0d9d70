export default definePageConfig({ navigationBarTitleText: '我的饭卡', enablePullDownRefresh: true })
