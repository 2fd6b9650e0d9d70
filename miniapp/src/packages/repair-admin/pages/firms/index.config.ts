export default definePageConfig({ navigationBarTitleText: '定点维修单位', enablePullDownRefresh: true })
