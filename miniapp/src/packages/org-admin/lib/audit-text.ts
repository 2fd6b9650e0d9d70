import { ROLE_LABELS, type AuditEntry, type Role } from '@egj/shared'

/*
 * 操作留痕 in words: what kind of record, what was done, and each changed field before → after.
 * Pure (no Taro): jest reads it. Unknown keys fall back to a readable guess, never to nothing.
 */

/** The kinds of record the log holds (`entity`), as the filter offers them. */
export const ENTITY_LABELS: Record<string, string> = {
  unit: '单位',
  user: '人员',
  merchant: '商户',
  window: '收款窗口',
  period: '餐次',
  subsidy: '餐补',
  voucher: '餐券',
  vehicle: '车辆',
  driver: '驾驶员',
  room: '会议室',
  blocklist: '黑名单',
  threshold: '阈值设置',
  setting: '设置',
  directory_sync: '通讯录同步',
}

/** `<entity>.<verb>` → what was done */
const ACTION_LABELS: Record<string, string> = {
  'user.roles': '调整角色',
  'user.deactivate': '停用人员',
  'user.reactivate': '重新启用人员',
  'user.reset_wechat': '解除微信绑定',
  'user.resetWechat': '解除微信绑定',
  'user.import': '导入人员',
  'user.export': '导出人员名单',
  'unit.rename': '单位改名',
  'unit.move': '调整上级单位',
  'blocklist.create': '加入黑名单',
  'blocklist.delete': '移出黑名单',
  'directory_sync.apply': '应用通讯录差异',
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
  dingtalkUserId: '浙政钉/钉钉 userId',
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
}

/** The field as people say it; a person's `name` is their 姓名. */
export function fieldText(field: string, entity: string): string {
  if (field === 'name' && entity === 'user') return '姓名'
  return FIELD_LABELS[field] ?? field
}

const STATUS_WORDS: Record<string, string> = { active: '在用', disabled: '已停用', inactive: '已停用' }

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
  if (field === 'status' && typeof value === 'string') return STATUS_WORDS[value] ?? value
  if (Array.isArray(value)) {
    if (!value.length) return '无'
    return value.map((item) => (field === 'roles' && typeof item === 'string' && item in ROLE_LABELS ? ROLE_LABELS[item as Role] : valueText(field, item, names))).join('、')
  }
  if (typeof value === 'object') return JSON.stringify(value)
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
