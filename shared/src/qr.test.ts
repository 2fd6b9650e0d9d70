import { formatQrUrl, parseQrContent, routeForQr } from './qr'

describe('QR content', () => {
  const url = formatQrUrl('https://egj.example.gov.cn/', 'm', '12.AbC-_dEf')

  it('formats the printed URL', () => {
    expect(url).toBe('https://egj.example.gov.cn/q/m/12.AbC-_dEf')
  })

  it('parses a full URL, a path and (when the kind is known) a bare token', () => {
    const expected = { kind: 'm', token: '12.AbC-_dEf', payload: ['12'], signature: 'AbC-_dEf' }
    expect(parseQrContent(url)).toEqual(expected)
    expect(parseQrContent('/q/m/12.AbC-_dEf')).toEqual(expected)
    expect(parseQrContent('  ' + url + '?from=poster ')).toEqual(expected)
    expect(parseQrContent('12.AbC-_dEf', 'm')).toEqual(expected)
    expect(parseQrContent('/q/p/9.1732170000.sig')?.payload).toEqual(['9', '1732170000'])
  })

  it('refuses other kinds, foreign codes and junk', () => {
    expect(parseQrContent(url, 'v')).toBeNull()
    for (const junk of ['', 'hello', 'https://weixin.qq.com/x', '/q/z/1.a', '/q/m/nosignature', '/q/m/1..a', '/q/m/1.a%zz', `/q/m/1.${'a'.repeat(300)}`, '12.abc']) {
      expect(parseQrContent(junk)).toBeNull()
    }
  })

  it('routes each kind to its module page', () => {
    expect(routeForQr(parseQrContent(url)!)).toBe('/packages/meal/pages/pay/index?token=12.AbC-_dEf')
    expect(routeForQr(parseQrContent('/q/v/3.xyz')!)).toBe('/packages/vehicle/pages/car/index?token=3.xyz')
    // 资产码: the printed URL and the 编号 typed under it both open the asset's code page
    expect(routeForQr(parseQrContent('https://egj.example.gov.cn/q/a/7.Xy_z-09')!)).toBe('/packages/asset/pages/code/index?token=7.Xy_z-09')
    expect(routeForQr(parseQrContent('a7-7kq4p0')!)).toBe('/packages/asset/pages/code/index?token=A7-7KQ4P0')
    expect(parseQrContent('/q/a/A7-7KQ4P0', 'a')).toEqual({ kind: 'a', token: 'A7-7KQ4P0', payload: ['7'], signature: '7KQ4P0', short: true })
  })

  it('reads a short code typed by hand, forgiving case, spaces and look-alike letters', () => {
    const expected = { kind: 'm', token: 'M12-7KQ4P0', payload: ['12'], signature: '7KQ4P0', short: true }
    expect(parseQrContent('M12-7KQ4P0')).toEqual(expected)
    expect(parseQrContent(' m12 - 7kq4po ')).toEqual(expected)
    expect(parseQrContent('M012-7KQ4P0', 'm')).toEqual(expected)
    expect(routeForQr(parseQrContent('m12-7kq4p0')!)).toBe('/packages/meal/pages/pay/index?token=M12-7KQ4P0')
    for (const junk of ['M12-7KQ4P', 'Z12-7KQ4P0', 'M-7KQ4P0', 'M12-7KQ4PU', 'M1234567890-7KQ4P0']) expect(parseQrContent(junk)).toBeNull()
    expect(parseQrContent('M12-7KQ4P0', 'v')).toBeNull()
    // a page opened with a short code as its token builds the path form: the same code
    expect(parseQrContent('/q/m/M12-7KQ4P0')).toEqual(expected)
    expect(parseQrContent('/q/r/M12-7KQ4P0')).toBeNull()
  })
})
