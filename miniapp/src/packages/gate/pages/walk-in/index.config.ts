export default definePageConfig({ navigationBarTitleText: '现场登记' })
