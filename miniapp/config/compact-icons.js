/*
 * webpack loader (weapp): NutUI's icons carry their SVG as a base64 data URI (drawn as a CSS mask),
 * 1.2 KB of SVG → 1.6 KB of base64 each, with path coordinates to 0.01 of a 1024-unit grid. The
 * main pages show about twenty of them: ~24 KB of the 600 KB main package. Here each becomes the
 * same SVG optimised by svgo, coordinates rounded to whole grid units (an icon drawn 48 px wide at
 * 3× moves by at most 0.07 device pixel), in a percent-encoded (not base64) data URI.
 * The URI lands in a JS string "…" and a CSS url('…'): quotes, <, >, # and % are escaped.
 */
const { optimize } = require('svgo')

const BASE64_SVG = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g
const ESCAPES = { '%': '%25', '"': '%22', "'": '%27', '<': '%3C', '>': '%3E', '#': '%23' }

function compactSvgUri(base64) {
  const svg = Buffer.from(base64, 'base64').toString('utf8')
  const { data } = optimize(svg, { multipass: true, floatPrecision: 0 })
  return `data:image/svg+xml,${data.replace(/[%"'<>#]/g, (c) => ESCAPES[c])}`
}

module.exports = function compactIcons(source) {
  return source.replace(BASE64_SVG, (_, base64) => compactSvgUri(base64))
}
module.exports.compactSvgUri = compactSvgUri
