/// <reference types="jest" />
import type { Location } from '@egj/shared'
import { base64Of, checkPhoto, clockPercent, clockTone, clockUsage, durationText, finishByText, groupLocations, placeCodeOf, ticketWhat } from './repair'

const bytes = (...b: number[]) => new Uint8Array(b).buffer as ArrayBuffer

describe('durations and clocks', () => {
  it('reads working minutes as people say them', () => {
    expect(durationText(0)).toBe('0 分钟')
    expect(durationText(45)).toBe('45 分钟')
    expect(durationText(120)).toBe('2 小时')
    expect(durationText(125)).toBe('2 小时 5 分')
    expect(durationText(-3)).toBe('0 分钟')
  })
  it('says what is used against the target, in working time', () => {
    expect(clockUsage(125, 240)).toBe('已用 2 小时 5 分 / 时限 4 小时（工作时间）')
  })
  it('fills the bar up to 100 and colours it by the SLA steps', () => {
    expect(clockPercent(30, 120)).toBe(25)
    expect(clockPercent(300, 120)).toBe(100)
    expect(clockPercent(5, 0)).toBe(0)
    expect(clockTone(30, 120)).toBe('green')
    expect(clockTone(90, 120)).toBe('orange')
    expect(clockTone(121, 120)).toBe('red')
  })
  it('writes the due time in Shanghai', () => {
    expect(finishByText('2026-12-07T08:30:00Z')).toBe('12月7日 16:30 前完成')
  })
  it('names a ticket by its category or its kind', () => {
    expect(ticketWhat({ kind: 'repair', category: 'hvac' })).toBe('空调暖通')
    expect(ticketWhat({ kind: 'complaint', category: null })).toBe('投诉')
  })
})

describe('a scanned code as a place', () => {
  it('takes location, room and asset codes, as a path', () => {
    expect(placeCodeOf('https://egj.example.cn/q/l/12.abcdEFGH_-')).toBe('/q/l/12.abcdEFGH_-')
    expect(placeCodeOf('/q/r/3.sig0000000')).toBe('/q/r/3.sig0000000')
    expect(placeCodeOf('https://x/q/a/7.sigsigsig')).toBe('/q/a/7.sigsigsig')
    expect(placeCodeOf('l12-7kq4px')).toBe('/q/l/L12-7KQ4PX')
  })
  it('refuses the other kinds and what is not ours', () => {
    expect(placeCodeOf('https://x/q/m/1.sigsigsig')).toBeNull()
    expect(placeCodeOf('https://example.com/hello')).toBeNull()
    expect(placeCodeOf('')).toBeNull()
  })
})

const loc = (id: number, building: string, floor: string, spot: string, active = true): Location => ({
  id,
  building,
  floor,
  spot,
  name: `${building} ${floor} · ${spot}`,
  active,
  codeUrl: `https://x/q/l/${id}.sig`,
  shortCode: `L${id}-ABCDEF`,
})

describe('locations for the picker', () => {
  const items = [loc(1, '行政中心A座', '5楼', '东侧卫生间'), loc(2, '行政中心A座', '1楼', '大厅'), loc(3, '行政中心A座', 'B1', '车库'), loc(4, '会议中心', '2楼', '报告厅'), loc(5, '会议中心', '2楼', '停用的', false), loc(6, '行政中心A座', '12楼', '茶水间')]
  it('groups by building, floors in building order, inactive left out', () => {
    const groups = groupLocations(items)
    expect(groups.map((g) => g.building)).toEqual(['会议中心', '行政中心A座'].sort((a, b) => a.localeCompare(b, 'zh-CN')))
    const a = groups.find((g) => g.building === '行政中心A座')!
    expect(a.floors.map((f) => f.floor)).toEqual(['B1', '1楼', '5楼', '12楼'])
    expect(groups.find((g) => g.building === '会议中心')!.floors[0].spots.map((s) => s.id)).toEqual([4])
  })
  it('searches every part and the 编号', () => {
    expect(groupLocations(items, '卫生间').flatMap((g) => g.floors.flatMap((f) => f.spots.map((s) => s.id)))).toEqual([1])
    expect(groupLocations(items, 'l4-').flatMap((g) => g.floors.flatMap((f) => f.spots.map((s) => s.id)))).toEqual([4])
    expect(groupLocations(items, '没有')).toEqual([])
  })
})

describe('photos checked on the phone', () => {
  it('encodes base64 like Buffer does', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', '报修照片']) {
      const b = new TextEncoder().encode(text)
      expect(base64Of(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)).toBe(Buffer.from(text).toString('base64'))
    }
  })
  it('sends a JPEG as a data URL, refuses a GIF and a photo over 2 MB', () => {
    expect(checkPhoto({ name: 'a.jpg', bytes: bytes(0xff, 0xd8, 0xff) })).toEqual({ ok: true, dataUrl: 'data:image/jpeg;base64,/9j/' })
    expect(checkPhoto({ name: 'a.gif', bytes: bytes(0x47, 0x49, 0x46, 0x38) })).toEqual({ ok: false, problem: '「a.gif」不是 JPEG 或 PNG 图片' })
    const big = new Uint8Array(2 * 1024 * 1024 + 1)
    big.set([0xff, 0xd8, 0xff])
    expect(checkPhoto({ name: 'big.jpg', bytes: big.buffer as ArrayBuffer })).toEqual({ ok: false, problem: '照片「big.jpg」有 2.1 MB，每张不能超过 2 MB' })
  })
})
