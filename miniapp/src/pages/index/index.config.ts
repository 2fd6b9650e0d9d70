export default definePageConfig({
  navigationBarTitleText: 'e管家',
  navigationBarBackgroundColor: '#0e5fd8', // --egj-primary (app.scss)
  navigationBarTextStyle: 'white',
})
