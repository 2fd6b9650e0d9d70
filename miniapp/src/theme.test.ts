/// <reference types="jest" />
import fs from 'node:fs'
import path from 'node:path'

/*
 * The theme's text colours against the backgrounds they are drawn on, held to WCAG 2.x AA for
 * normal text (4.5:1). The colours are read from app.scss (the one place they are defined) and
 * from the configs that cannot read CSS variables (tabBar, a page's navigation bar).
 */

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG contrast ratio of two colours (1 … 21). */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

const read = (file: string) => fs.readFileSync(path.join(__dirname, file), 'utf8')

/** `--egj-name: #rrggbb` declarations of app.scss. */
function themeColours(): Record<string, string> {
  const colours: Record<string, string> = {}
  for (const [, name, hex] of read('app.scss').matchAll(/--egj-([\w-]+):\s*(#[0-9a-fA-F]{6})\b/g)) colours[name] = hex.toLowerCase()
  return colours
}

const WHITE = '#ffffff'
const theme = themeColours()

// [text, background]: every pairing the pages draw
const PAIRS: [string, string][] = [
  ...['text', 'text-2', 'text-3', 'primary', 'success', 'warning', 'danger'].flatMap((text): [string, string][] => [
    [text, 'white'],
    [text, 'bg'],
  ]),
  // a tinted label / chip / selected segment: its colour on its own tint (Pill, 机关食堂, 已验证 …)
  ['primary', 'primary-light'],
  ['success', 'success-light'],
  ['warning', 'warning-light'],
  ['danger', 'danger-light'],
  ['text-2', 'gray-light'],
  // white text on a filled button, the hero, a solid label, the gate's verdict
  ['white', 'primary'],
  ['white', 'primary-2'],
  ['white', 'success'],
  ['white', 'danger'],
]

const colour = (name: string) => (name === 'white' ? WHITE : theme[name])

describe('theme colours (app.scss) meet WCAG AA 4.5:1 for text', () => {
  it('reads the theme', () => {
    expect(Object.keys(theme)).toEqual(expect.arrayContaining(['primary', 'primary-2', 'primary-light', 'success', 'warning', 'danger', 'text', 'text-2', 'text-3', 'bg']))
  })

  it.each(PAIRS)('%s on %s', (text, background) => {
    expect(colour(text)).toMatch(/^#[0-9a-f]{6}$/)
    expect(colour(background)).toMatch(/^#[0-9a-f]{6}$/)
    expect(Number(contrast(colour(text), colour(background)).toFixed(2))).toBeGreaterThanOrEqual(4.5)
  })

  it('the tabBar and the home navigation bar use the theme blue (configs cannot read CSS variables)', () => {
    const app = read('app.config.ts')
    const tabBar = app.slice(app.indexOf('tabBar: {'))
    const selected = /selectedColor:\s*'(#[0-9a-fA-F]{6})'/.exec(tabBar)?.[1].toLowerCase()
    const unselected = /\bcolor:\s*'(#[0-9a-fA-F]{6})'/.exec(tabBar)?.[1].toLowerCase()
    const background = /backgroundColor:\s*'(#[0-9a-fA-F]{6})'/.exec(tabBar)?.[1].toLowerCase()
    expect([selected, unselected, background]).toEqual([theme.primary, theme['text-3'], WHITE])
    expect(/navigationBarBackgroundColor:\s*'(#[0-9a-fA-F]{6})'/.exec(read('pages/index/index.config.ts'))?.[1].toLowerCase()).toBe(theme.primary)
  })

  it('the old colours are gone from every page (one theme: pages use the variables)', () => {
    const offenders: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(file)
        else if (/\.(scss|tsx?)$/.test(entry.name) && !entry.name.endsWith('.test.ts') && /#(1677ff|d46b08|18a058|e5484d|3b8cff)\b/i.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(__dirname, file))
      }
    }
    walk(__dirname)
    // app.scss defines the theme (its comment names the old colours); the receipt's colour of the
    // day is a colour people compare, not text on a page
    expect(offenders.filter((file) => file !== 'app.scss' && file !== path.join('packages', 'meal', 'lib', 'colour.ts'))).toEqual([])
  })
})
