export default definePageConfig({ navigationBarTitleText: '购置前查询' })
