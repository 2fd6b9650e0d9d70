// Draws the four tabBar icons (81×81 PNG, as WeChat asks) into src/assets/tabbar/.
// WeChat's tabBar takes only PNG/JPG files, so we rasterise two simple shapes here
// rather than ship an image toolchain. Run: node scripts/make-tab-icons.mjs
import { deflateSync } from 'node:zlib'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SIZE = 81
const SS = 4 // supersampling per axis, for smooth edges
const out = join(dirname(fileURLToPath(import.meta.url)), '../src/assets/tabbar')

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}
function png(rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE)
  for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** inside(x, y) → boolean in icon coordinates (0..81); returns the PNG in one colour */
function draw(inside, [r, g, b]) {
  const rgba = Buffer.alloc(SIZE * SIZE * 4)
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let hits = 0
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) if (inside(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS)) hits++
      const i = (y * SIZE + x) * 4
      rgba[i] = r
      rgba[i + 1] = g
      rgba[i + 2] = b
      rgba[i + 3] = Math.round((255 * hits) / (SS * SS))
    }
  }
  return png(rgba)
}

// a house: roof triangle + body, with a door cut out
function home(x, y) {
  const roof = y >= 10 && y <= 40 && Math.abs(x - 40.5) <= ((y - 10) / 30) * 33
  const body = x >= 19 && x <= 62 && y >= 36 && y <= 71
  const door = x >= 34 && x <= 47 && y >= 50 && y <= 71
  return (roof || body) && !door
}

// a person: round head + rounded shoulders
function mine(x, y) {
  const head = (x - 40.5) ** 2 + (y - 26) ** 2 <= 14 ** 2
  const shoulders = y <= 71 && ((x - 40.5) / 28) ** 2 + ((y - 74) / 28) ** 2 <= 1
  return head || shoulders
}

const GREY = [0x8a, 0x8f, 0x99]
const BLUE = [0x16, 0x77, 0xff] // the app's primary colour, see app.scss

mkdirSync(out, { recursive: true })
writeFileSync(join(out, 'home.png'), draw(home, GREY))
writeFileSync(join(out, 'home-active.png'), draw(home, BLUE))
writeFileSync(join(out, 'mine.png'), draw(mine, GREY))
writeFileSync(join(out, 'mine-active.png'), draw(mine, BLUE))
console.log('tabBar icons written to', out)
