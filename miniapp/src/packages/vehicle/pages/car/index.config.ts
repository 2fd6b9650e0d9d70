export default definePageConfig({ navigationBarTitleText: '一车一码' })
