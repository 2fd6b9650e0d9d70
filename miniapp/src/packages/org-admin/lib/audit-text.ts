import { formatMoney, ROLE_LABELS, type AuditEntry, type Role } from '@egj/shared'

/*
 * 操作留痕 in words: what kind of record, what was done, and each changed field before → after.
 * Pure (no Taro): jest reads it. Unknown keys fall back to a readable guess, never to nothing.
 */

/** The kinds of record the log holds (`entity`), as the filter offers them. */
export const ENTITY_LABELS: Record<string, string> = {
  user: '人员',
  unit: '单位',
  merchant: '商户',
  window: '收款窗口',
  meal_period: '餐次',
  subsidy: '餐补',
  voucher: '餐券',
  vehicle: '车辆',
  driver: '驾驶员',
  room: '会议室',
  blocklist: '黑名单',
}

/** `<entity>.<verb>` → what was done */
const ACTION_LABELS: Record<string, string> = {
  'user.roles': '调整角色',
  'user.deactivate': '停用人员',
  'user.reactivate': '重新启用人员',
  'user.reset_wechat': '解除微信绑定',
  'user.import': '导入人员',
  'user.export': '导出人员名单',
  'unit.rename': '单位改名',
  'unit.move': '调整上级单位',
  'unit.activate': '启用单位',
  'unit.deactivate': '停用单位',
  'unit.delete': '删除单位',
  'meal_period.replace': '设置餐次',
  'subsidy.grant': '发放餐补',
  'voucher.issue': '发放餐券',
  'blocklist.add': '加入黑名单',
  'blocklist.remove': '移出黑名单',
}

const VERB_LABELS: Record<string, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  rename: '改名',
  move: '移动',
  deactivate: '停用',
  disable: '停用',
  reactivate: '重新启用',
  activate: '启用',
  enable: '启用',
  import: '导入',
  apply: '应用',
  roles: '调整角色',
  add: '新增',
  remove: '移除',
  grant: '发放',
  issue: '发放',
  replace: '设置',
}

const entityLabel = (entity: string) => ENTITY_LABELS[entity] ?? entity

/** 调整角色, 新增单位, 修改车辆 … */
export function actionText(action: string, entity: string): string {
  const known = ACTION_LABELS[action]
  if (known) return known
  const verb = action.includes('.') ? action.slice(action.indexOf('.') + 1) : action
  const verbText = VERB_LABELS[verb]
  return verbText ? `${verbText}${entityLabel(entity)}` : `${entityLabel(entity)} · ${action}`
}

/** The record the entry is about: 人员 #12 */
export const subjectText = (entry: Pick<AuditEntry, 'entity' | 'entityId'>) => `${entityLabel(entry.entity)} #${entry.entityId}`

const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  shortName: '简称',
  parentId: '上级单位',
  creditCode: '统一社会信用代码',
  active: '状态',
  status: '状态',
  roles: '角色',
  merchantId: '收银商户',
  merchantIds: '收银商户',
  mobile: '手机号',
  mobileMasked: '手机号',
  unitId: '单位',
  unitName: '单位',
  position: '部门/职务',
  dingtalkUserId: '钉钉 userId',
  zzdAccountId: '浙政钉 accountId',
  wechatBound: '微信绑定',
  wechat: '微信绑定',
  kind: '类型',
  plate: '车牌',
  seats: '座位数',
  capacity: '容纳人数',
  location: '位置',
  idNumberMasked: '证件号',
  reason: '原因',
  count: '人数',
  q: '查询条件',
  role: '角色',
  maxPaymentFen: '单笔上限',
  overCapPolicy: '超标处理',
  // cars and drivers
  plateNo: '车牌',
  type: '车型',
  energy: '能源',
  userId: '人员',
  onDuty: '在岗',
  // rooms
  building: '楼宇',
  floor: '楼层',
  equipment: '设备',
  photos: '照片',
  openFromMinute: '开放起',
  openToMinute: '开放止',
  requiresApproval: '需要审批',
  horizonDays: '可提前预订天数',
  // the canteen
  periods: '餐次',
  officialCapFen: '公务标准',
  month: '月份',
  amountPerPersonFen: '每人金额',
  people: '人数',
  totalFen: '合计',
  amountFen: '金额',
  purpose: '用途',
  holderName: '持券人',
  expiresOn: '有效期至',
  idType: '证件类型',
}

const MONEY_FIELDS = /Fen$/
const MINUTE_FIELDS = /Minute$/
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** The field as people say it; a person's `name` is their 姓名. */
export function fieldText(field: string, entity: string): string {
  if (field === 'name' && entity === 'user') return '姓名'
  return FIELD_LABELS[field] ?? field
}

const STATUS_WORDS: Record<string, string> = { active: '在用', disabled: '已停用', inactive: '已停用', maintenance: '维修', retired: '报废' }
const KIND_WORDS: Record<string, string> = { warn: '提醒', refuse: '拒付', sedan: '轿车', business: '商务车', minibus: '中巴', new_energy: '新能源', id_card: '居民身份证', passport: '护照' }

/** Names for ids the page knows (units), so 上级单位 reads 市财政局, not 3. */
export interface AuditNames {
  unit?: (id: number) => string | undefined
  merchant?: (id: number) => string | undefined
}

const EMPTY = '（空）'

/** One value as text: roles by their Chinese names, yes/no as words, units by name. */
export function valueText(field: string, value: unknown, names: AuditNames = {}): string {
  if (value === null || value === undefined || value === '') return EMPTY
  if (typeof value === 'boolean') {
    if (field === 'active') return value ? '在用' : '已停用'
    if (field === 'wechatBound' || field === 'wechat') return value ? '已绑定' : '未绑定'
    return value ? '是' : '否'
  }
  if ((field === 'unitId' || field === 'parentId') && typeof value === 'number') return names.unit?.(value) ?? `单位 #${value}`
  if ((field === 'merchantId' || field === 'merchantIds') && typeof value === 'number') return names.merchant?.(value) ?? `商户 #${value}`
  if (field === 'userId' && typeof value === 'number') return `人员 #${value}`
  if (typeof value === 'number' && MONEY_FIELDS.test(field)) return formatMoney(value)
  if (typeof value === 'number' && MINUTE_FIELDS.test(field)) return hhmm(value)
  if (field === 'status' && typeof value === 'string') return STATUS_WORDS[value] ?? value
  if (typeof value === 'string' && KIND_WORDS[value]) return KIND_WORDS[value]
  if (Array.isArray(value)) {
    if (!value.length) return '无'
    return value.map((item) => (field === 'roles' && typeof item === 'string' && item in ROLE_LABELS ? ROLE_LABELS[item as Role] : valueText(field, item, names))).join('、')
  }
  if (typeof value === 'object') {
    // a meal period: 午餐 11:00–13:00
    const period = value as { name?: unknown; start?: unknown; end?: unknown }
    if (typeof period.name === 'string' && typeof period.start === 'string' && typeof period.end === 'string') return `${period.name} ${period.start}–${period.end}`
    return JSON.stringify(value)
  }
  return String(value)
}

export interface ChangeLine {
  field: string
  /** null: the record had no such value before (it was created) */
  before: string | null
  /** null: it has none after (removed) */
  after: string | null
}

/** Each changed field, before → after, in the order the entry lists them. */
export function changeLines(entry: Pick<AuditEntry, 'entity' | 'before' | 'after'>, names: AuditNames = {}): ChangeLine[] {
  const before = entry.before ?? {}
  const after = entry.after ?? {}
  const keys = [...Object.keys(after), ...Object.keys(before).filter((key) => !(key in after))]
  return (
    keys
      .map((key) => ({
        field: fieldText(key, entry.entity),
        before: entry.before && key in before ? valueText(key, before[key], names) : null,
        after: entry.after && key in after ? valueText(key, after[key], names) : null,
      }))
      // a field written down though it did not change (无 → 无) says nothing
      .filter((line) => line.before === null || line.after === null || line.before !== line.after)
  )
}
