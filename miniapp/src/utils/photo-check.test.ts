/// <reference types="jest" />
import { checkPhoto, imageTypeOf } from './photo-check'

const bytes = (...head: number[]) => new Uint8Array([...head, 0, 0, 0, 0]).buffer

describe('a photo checked on the phone', () => {
  it('knows JPEG and PNG by their first bytes, not by their name', () => {
    expect(imageTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg')
    expect(imageTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png')
    expect(imageTypeOf(bytes(0x47, 0x49, 0x46, 0x38))).toBeNull() // GIF
    expect(imageTypeOf(new ArrayBuffer(0))).toBeNull()
  })

  it('refuses more than 2 MB and what is not JPEG or PNG, saying so in Chinese', () => {
    expect(checkPhoto({ name: 'a.jpg', bytes: bytes(0xff, 0xd8, 0xff) }, 2 * 1024 * 1024)).toEqual({ ok: true, type: 'image/jpeg' })
    const big = new Uint8Array(2 * 1024 * 1024 + 1)
    big.set([0xff, 0xd8, 0xff])
    expect(checkPhoto({ name: 'big.jpg', bytes: big.buffer }, 2 * 1024 * 1024)).toEqual({ ok: false, problem: '照片「big.jpg」有 2.1 MB，每张不能超过 2 MB' })
    expect(checkPhoto({ name: 'x.png', bytes: bytes(1, 2, 3) }, 2 * 1024 * 1024)).toEqual({ ok: false, problem: '「x.png」不是 JPEG 或 PNG 图片' })
  })
})
