// The main package holds only what the tabBar and login need; every domain is a subpackage
// (WeChat: main package ≤ 2 MB, tabBar pages must live in it).
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/mine/index', 'pages/login/index', 'pages/scan/index'],
  subPackages: [
    { root: 'packages/meal', pages: ['pages/pay/index', 'pages/receipt/index', 'pages/account/index', 'pages/cashier/index', 'pages/voucher/index', 'pages/book/index', 'pages/bookings/index'] },
    { root: 'packages/vehicle', pages: ['pages/car/index', 'pages/list/index', 'pages/request/index', 'pages/detail/index'] },
    { root: 'packages/dispatch', pages: ['pages/board/index'] },
    { root: 'packages/vehicle-admin', pages: ['pages/vehicles/index', 'pages/drivers/index', 'pages/reports/index', 'pages/stats/index'] },
    { root: 'packages/room', pages: ['pages/door/index', 'pages/find/index', 'pages/book/index', 'pages/mine/index', 'pages/detail/index'] },
    { root: 'packages/meeting-service', pages: ['pages/tasks/index'] },
    { root: 'packages/room-admin', pages: ['pages/rooms/index', 'pages/room/index', 'pages/stats/index'] },
    { root: 'packages/visit', pages: ['pages/pass/index', 'pages/book/index', 'pages/list/index', 'pages/detail/index', 'pages/invite/index', 'pages/accept/index'] },
    { root: 'packages/gate', pages: ['pages/scan/index', 'pages/expected/index', 'pages/on-site/index', 'pages/walk-in/index'] },
    { root: 'packages/visit-admin', pages: ['pages/blocklist/index', 'pages/stats/index', 'pages/pii-audit/index'] },
    { root: 'packages/inbox', pages: ['pages/index/index'] },
    { root: 'packages/scanner', pages: ['pages/index/index'] },
    // pages every module may send people to (页面不存在)
    { root: 'packages/common', pages: ['pages/not-found/index', 'pages/zzd-unbound/index'] },
    { root: 'packages/meal-admin', pages: ['pages/merchants/index', 'pages/merchant/index', 'pages/subsidy/index', 'pages/vouchers/index', 'pages/statement/index', 'pages/settlement/index', 'pages/kitchen/index', 'pages/order-stats/index'] },
    { root: 'packages/org-admin', pages: ['pages/people/index', 'pages/person/index', 'pages/units/index', 'pages/import/index', 'pages/audit/index', 'pages/directory/index'] },
    { root: 'packages/asset', pages: ['pages/warehouse/index', 'pages/detail/index', 'pages/code/index', 'pages/borrow/index', 'pages/loans/index', 'pages/loan/index', 'pages/transfers/index', 'pages/transfer/index'] },
    { root: 'packages/asset-admin', pages: ['pages/assets/index', 'pages/edit/index', 'pages/buy-check/index', 'pages/stocktake/index', 'pages/stats/index', 'pages/overdue/index', 'pages/disposals/index'] },
    { root: 'packages/repair', pages: ['pages/report/index', 'pages/mine/index', 'pages/ticket/index', 'pages/firm/index'] },
    { root: 'packages/repair-admin', pages: ['pages/queue/index', 'pages/work/index', 'pages/locations/index', 'pages/firms/index', 'pages/sla/index', 'pages/stats/index'] },
    { root: 'packages/cockpit', pages: ['pages/index/index', 'pages/indicator/index', 'pages/records/index', 'pages/supervision/index', 'pages/supervision-detail/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f5f6f8',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: 'e管家',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#6b7079',
    selectedColor: '#0e5fd8', // --egj-primary (app.scss): a config cannot read CSS variables
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
  // H5: no slide animation between pages. Taro's router hides the previous page on a timer after
  // the animation; going back before it fires (a fast tap, or a test) left a blank page.
  // (Build-time config, read in Node: H5 only, WeChat does not know this key.)
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  // WeChat's privacy rules (weapp only: app.json keys the other platforms do not know). Scanning,
  // photos, location, clipboard and the phone number wait for the user's consent, asked by our own
  // sheet (components/PrivacySheet.tsx answering wx.onNeedPrivacyAuthorization); WeChat turned the
  // check on for everyone in 2023-10 — the flag keeps it on in older base libraries and the dev tools.
  // getLocation (一车一码's 公车私用 report) is the only location API the code calls: declared, with why.
  ...(process.env.TARO_ENV === 'weapp'
    ? {
        __usePrivacyCheck__: true,
        requiredPrivateInfos: ['getLocation' as const],
        permission: { 'scope.userLocation': { desc: '举报公车私用时附上您当前所在位置，便于核查' } },
      }
    : {}),
  // WeChat injects only the components a page renders (代码质量: 按需注入); Taro's pages need nothing else
  lazyCodeLoading: 'requiredComponents',
  // most scans are canteen codes: fetch that subpackage ahead of the tap
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['packages/meal'] },
  },
})
