import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { qrCodePng, qrLabelSheet } from './qr-sheet.presenter'

const scan = (png: Buffer) => {
  const image = PNG.sync.read(png)
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data
}

describe('the one QR label sheet every module prints', () => {
  it('escapes every text it is given (names come from users), and each label carries its own code and 编号', async () => {
    const evil = `<script>alert("x")</script>&'`
    const html = await qrLabelSheet({
      title: `${evil} 窗口码`,
      heading: `扫码支付 ${evil}`,
      hint: `提示 ${evil}`,
      empty: '没有',
      labels: [
        { url: 'https://egj.example/q/m/1.abc?a=1&b=2', title: `食堂 ${evil}`, subtitle: `窗口 ${evil}`, shortCode: 'M1-7KQ4PX' },
        { url: 'https://egj.example/q/m/2.def', title: '"><img src=x onerror=alert(1)>', subtitle: '2号窗口', shortCode: 'M2-<b>' },
      ],
    })
    // the sheet's own markup and nothing else: no <script>, no second <img>, no <b> from a 编号
    const tags = [...html.matchAll(/<([!a-z]+)/gi)].map((match) => match[1].toLowerCase())
    expect([...new Set(tags)].sort()).toEqual(['!doctype', 'b', 'body', 'br', 'figcaption', 'figure', 'head', 'html', 'img', 'main', 'meta', 'p', 'style', 'title'])
    expect(tags.filter((tag) => tag === 'img')).toHaveLength(2)
    expect(tags.filter((tag) => tag === 'b')).toHaveLength(2)
    const escaped = '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#38;&#39;'
    expect(html).toContain(`<title>${escaped} 窗口码</title>`)
    expect(html.split(`<p class="heading">扫码支付 ${escaped}</p>`)).toHaveLength(3) // on both labels
    expect(html).toContain(`alt="食堂 ${escaped}"`)
    expect(html).toContain(`<figcaption><b>食堂 ${escaped}</b><br>窗口 ${escaped}</figcaption>`)
    expect(html).toContain('alt="&#34;&#62;&#60;img src=x onerror=alert(1)&#62;"')
    expect(html).toContain('编号 M1-7KQ4PX')
    expect(html).toContain('编号 M2-&#60;b&#62;')
    const images = [...html.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((match) => scan(Buffer.from(match[1], 'base64')))
    expect(images).toEqual(['https://egj.example/q/m/1.abc?a=1&b=2', 'https://egj.example/q/m/2.def'])
  })

  it('says so when there is nothing to print (escaped too)', async () => {
    const html = await qrLabelSheet({ title: '门牌码', heading: '会议室门牌码', hint: '', empty: '没有启用的<会议室>', labels: [] })
    expect(html).toContain('<main><p>没有启用的&#60;会议室&#62;</p></main>')
    expect(html).toContain('size: A4')
  })

  it('a PNG of its own scans to the URL', async () => {
    expect(scan(await qrCodePng('https://egj.example/q/v/9.xyz'))).toBe('https://egj.example/q/v/9.xyz')
  })
})
