export default definePageConfig({ navigationBarTitleText: '商户设置' })
