export default definePageConfig({
  navigationBarTitleText: 'e管家',
  navigationBarBackgroundColor: '#1677ff',
  navigationBarTextStyle: 'white',
})
