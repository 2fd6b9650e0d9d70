import { h5Url, PAGES, pageUrl, readPageUrl } from './routes'

describe('page routes', () => {
  it('builds a page URL from the table, URL-encoding values and leaving out what is undefined', () => {
    expect(pageUrl(PAGES.roomBooking, { id: 12 })).toBe('/packages/room/pages/detail/index?id=12')
    expect(pageUrl(PAGES.roomMine, { as: 'approver' })).toBe('/packages/room/pages/mine/index?as=approver')
    expect(pageUrl(PAGES.roomMine)).toBe('/packages/room/pages/mine/index')
    expect(pageUrl(PAGES.roomBook, { roomId: 3, date: '2026-05-04', start: undefined })).toBe('/packages/room/pages/book/index?roomId=3&date=2026-05-04')
    // a page reads its query as written (weapp, H5): a time keeps its colon
    expect(pageUrl(PAGES.roomBook, { roomId: 3, date: '2026-05-04', start: '10:30' })).toBe('/packages/room/pages/book/index?roomId=3&date=2026-05-04&start=10:30')
    expect(pageUrl(PAGES.scan, { code: '/q/m/1.a b&c' })).toBe('/pages/scan/index?code=%2Fq%2Fm%2F1.a%20b%26c')
    expect(h5Url('https://egj.example.cn/', pageUrl(PAGES.mealVoucher, { code: 'AB12' }))).toBe('https://egj.example.cn/#/packages/meal/pages/voucher/index?code=AB12')
  })

  it('does not compile when a required parameter is missing, mistyped or unknown', () => {
    // each line below is a type error; the calls only run to keep them from being dead code
    const calls = [
      // @ts-expect-error id is required
      () => pageUrl(PAGES.roomBooking),
      // @ts-expect-error id is required
      () => pageUrl(PAGES.roomBooking, {}),
      // @ts-expect-error id is a number
      () => pageUrl(PAGES.roomBooking, { id: '12' }),
      // @ts-expect-error `as` is organiser or approver
      () => pageUrl(PAGES.roomMine, { as: 'admin' }),
      // @ts-expect-error the detail page reads no `tab`
      () => pageUrl(PAGES.roomBooking, { id: 1, tab: 'x' }),
    ]
    expect(calls).toHaveLength(5)
  })

  it('reads a link back: its page and query, or what is wrong with it', () => {
    expect(readPageUrl('/packages/room/pages/detail/index?id=12')).toEqual({ name: 'roomBooking', query: { id: 12 } })
    expect(readPageUrl('https://egj.example.cn/#/packages/meal/pages/voucher/index?code=AB12')).toEqual({ name: 'mealVoucher', query: { code: 'AB12' } })
    expect(readPageUrl('/pages/scan/index?code=%2Fq%2Fm%2F1.a%20b%26c')).toEqual({ name: 'scan', query: { code: '/q/m/1.a b&c' } })
    expect(readPageUrl('/packages/room/pages/mine/index')).toEqual({ name: 'roomMine', query: {} })
    // the links rooms used to write
    expect(readPageUrl('/packages/room/pages/booking/index?id=1')).toEqual({ problem: '/packages/room/pages/booking/index is not a page of the mini-app' })
    expect(readPageUrl('/packages/room/pages/approvals/index')).toEqual({ problem: '/packages/room/pages/approvals/index is not a page of the mini-app' })
    // the new-request form is no request's page
    expect(readPageUrl('/packages/vehicle/pages/request/index?id=3')).toEqual({ problem: 'vehicleRequestForm does not read ?id' })
    expect(readPageUrl('/packages/room/pages/detail/index')).toEqual({ problem: 'roomBooking needs ?id' })
    expect(readPageUrl('/packages/room/pages/detail/index?id=0')).toEqual({ problem: 'roomBooking: ?id=0 is not a valid value' })
    expect(readPageUrl('/packages/room/pages/detail/index?id=1&id=2')).toEqual({ problem: 'roomBooking: ?id given twice' })
    expect(readPageUrl('/packages/room/pages/mine/index?as=boss')).toEqual({ problem: 'roomMine: ?as=boss is not a valid value' })
    expect(readPageUrl('/packages/room/pages/mine/index?constructor=1')).toEqual({ problem: 'roomMine does not read ?constructor' })
  })

  it('reads back what it builds, for every page', () => {
    for (const [name, route] of Object.entries(PAGES)) {
      expect(readPageUrl(route.path)).toEqual(Object.values(route.query).some((p) => !p.optional) ? { problem: expect.stringContaining(`${name} needs ?`) } : { name, query: {} })
    }
  })
})
