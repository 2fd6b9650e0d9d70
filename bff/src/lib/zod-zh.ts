import { z } from 'zod'

/** zod's own Chinese locale, for the rare issue kinds the map below does not word itself. */
const zhCN = z.locales.zhCN().localeError

const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文本',
  boolean: 'true 或 false',
  array: '列表',
  object: '对象',
  date: '日期',
  bigint: '整数',
}

const FORMAT_NAMES: Record<string, string> = { url: '网址', email: '邮箱地址', uuid: 'UUID', datetime: 'ISO 8601 时间', date: '日期', ipv4: 'IPv4 地址', ipv6: 'IPv6 地址' }

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

/**
 * Chinese wording of zod's issues for the `details` of a VALIDATION_FAILED answer, one per field
 * ("不能小于 100", "必填", "须为整数"). Messages a schema sets itself (e.g. "日期格式为 YYYY-MM-DD")
 * take precedence over this map. Applied at parse time in the BFF only: the mini-app shows the
 * server's messages, and zod's locales would cost its main package bytes it does not have.
 */
export const zhErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必填'
      return `须为${TYPE_NAMES[issue.expected] ?? issue.expected}`
    case 'too_small': {
      const min = show(issue.minimum)
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${min} 个字`
      if (issue.origin === 'array' || issue.origin === 'set') return Number(issue.minimum) <= 1 ? '至少要有 1 项' : `至少 ${min} 项`
      return issue.inclusive ? `不能小于 ${min}` : `须大于 ${min}`
    }
    case 'too_big': {
      const max = show(issue.maximum)
      if (issue.origin === 'string') return `不能超过 ${max} 个字`
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`
      if (issue.origin === 'int' && Number(issue.maximum) === Number.MAX_SAFE_INTEGER) return '数值过大'
      return issue.inclusive ? `不能大于 ${max}` : `须小于 ${max}`
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `须为 ${show(issue.values[0])}` : `须为以下之一：${issue.values.map(show).join('、')}`
    case 'invalid_format':
      return FORMAT_NAMES[issue.format] ? `不是有效的${FORMAT_NAMES[issue.format]}` : '格式不正确'
    case 'not_multiple_of':
      return `须为 ${show(issue.divisor)} 的倍数`
    case 'unrecognized_keys':
      return `不支持的字段：${issue.keys.join('、')}`
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return '格式不正确'
    case 'custom':
      return '内容不正确'
    default:
      return zhCN(issue)
  }
}
