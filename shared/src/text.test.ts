import type { ZodType } from 'zod'
import { contractEntries } from './contract'
import { CONTROL_CHARACTERS_MESSAGE, hasVisibleText, multiLine, reasonText, singleLine } from './text'

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? [] : result.error!.issues.map((issue) => issue.message))

/** What no free-text field takes: CR alone, NUL, ESC, tab, DEL, NEL, LINE / PARAGRAPH SEPARATOR — as [U+XXXX, the character]. */
const CONTROLS = ['\r', '\u0000', '\u001b', '\t', '\u007f', '\u0085', '\u2028', '\u2029'].map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c])

describe('singleLine()', () => {
  it.each([...CONTROLS, ['U+000A', '\n']])('refuses %s inside the text, with the Chinese message', (_, control) => {
    expect(messages(singleLine().safeParse(`Meet${control}ATTENDEE:mailto:evil@x.com`))).toEqual([CONTROL_CHARACTERS_MESSAGE])
  })

  it('trims, and keeps what people type (Chinese, full-width punctuation, emoji, accents)', () => {
    expect(singleLine().parse('  关于「集约化」的专题会议，第 3 次 🙂 Café  ')).toBe('关于「集约化」的专题会议，第 3 次 🙂 Café')
    // a line break typed at either end is trimmed away, not refused
    expect(singleLine().parse('周例会\r\n')).toBe('周例会')
  })
})

describe('multiLine()', () => {
  it('keeps line feeds and turns CRLF into LF', () => {
    expect(multiLine().parse('张三\r\n李四\n王五')).toBe('张三\n李四\n王五')
  })

  it.each(CONTROLS)('refuses %s (a CR alone included)', (_, control) => {
    expect(messages(multiLine().safeParse(`第一行${control}第二行`))).toEqual([CONTROL_CHARACTERS_MESSAGE])
  })
})

describe('reasonText()', () => {
  const reason = reasonText('查看原因', 100)

  it.each(['\u200b', ' \u200b\u00a0\u3000 ', '\ufeff', '\u200d\u200c\u2060', '\u202e', '\n\u200b\n'])('refuses %j: nothing visible', (text) => {
    expect(messages(reason.safeParse(text))).toEqual(['请填写查看原因'])
  })

  it('takes a reason that shows, even next to invisible characters', () => {
    expect(reason.parse('核实身份')).toBe('核实身份')
    expect(reason.parse('\u200b核实\n身份')).toBe('\u200b核实\n身份')
    expect(messages(reason.safeParse(''))).toEqual(['请填写查看原因'])
    expect(messages(reason.safeParse('核'.repeat(101)))).toEqual(['查看原因不能超过 100 个字'])
  })

  it('hasVisibleText is the same rule', () => {
    expect(hasVisibleText('\u200b \u3000')).toBe(false)
    expect(hasVisibleText('a')).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------
// Every text field a request carries refuses control characters: free text through the helpers
// above, formats (dates, plates, cursors …) through their own regex. Only what a scanner reads
// or a platform hands over is checked elsewhere: it is parsed as a code, never stored as text.
// ---------------------------------------------------------------------------------------------

// (`codes`: a stocktake's batch of scanned asset codes)
const MACHINE_FIELDS = new Set(['code', 'codes', 'content', 'token', 'authCode', 'phoneCode'])

interface Def {
  type: string
  shape?: Record<string, ZodType>
  innerType?: ZodType
  in?: ZodType
  element?: ZodType
  options?: ZodType[]
  left?: ZodType
  right?: ZodType
}
const defOf = (schema: ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def

/** Each string inside a request schema, by its path. */
function stringFields(schema: ZodType, path: string): { path: string; schema: ZodType }[] {
  const def = defOf(schema)
  switch (def.type) {
    case 'string':
      return [{ path, schema }]
    case 'object':
      return Object.entries(def.shape!).flatMap(([key, inner]) => stringFields(inner, path ? `${path}.${key}` : key))
    case 'array':
      return stringFields(def.element!, `${path}[]`)
    case 'optional':
    case 'nullable':
    case 'default':
      return stringFields(def.innerType!, path)
    case 'pipe':
      return stringFields(def.in!, path)
    case 'union':
      return def.options!.flatMap((option) => stringFields(option, path))
    case 'intersection':
      return [...stringFields(def.left!, path), ...stringFields(def.right!, path)]
    default:
      return []
  }
}

describe('every text field of every request', () => {
  const fields = contractEntries().flatMap(({ name, endpoint }) =>
    (['params', 'query', 'body'] as const).flatMap((part) => (endpoint[part] ? stringFields(endpoint[part], '').map((field) => ({ ...field, where: `${name} ${part} ${field.path}` })) : [])),
  )
  const textFields = fields.filter((field) => !MACHINE_FIELDS.has(field.path.split('.').pop()!.replace('[]', '')))

  it('finds the free-text fields (the walk reaches them)', () => {
    expect(textFields.map((field) => field.where)).toEqual(expect.arrayContaining(['roomBookings.create body title', 'visits.pii query reason', 'visits.create body companions[].name', 'vehicleRequests.create body note']))
  })

  it.each(CONTROLS)('refuses %s', (_, control) => {
    const taking = textFields.filter((field) => field.schema.safeParse(`会议${control}名称`).success).map((field) => field.where)
    expect(taking).toEqual([])
  })
})
