import { createHash } from 'node:crypto'
import type { Logger } from '../../../lib/logger'
import {
  GRANTABLE_ROLES,
  ROLE_LABELS,
  STAFF_COLUMNS,
  STAFF_IMPORT_MAX_ROWS,
  UNIT_ADMIN_GRANTABLE,
  UserCreate,
  isValidMobile,
  maskMobile,
  normaliseMobile,
  type AdminUserQuery,
  type Parsed,
  type Role,
  type StaffImportQuery,
  type StaffImportResult,
  type StaffImportRow,
} from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { isDuplicateKey, withTransaction } from '../../../db/client'
import type { Actor, AuthUser } from '../../../lib/auth'
import { AppError } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { PiiVault } from '../../../lib/pii'
import type { AuditActor, AuditService } from '../../audit/audit.service'
import type { AuthService } from '../../auth/auth.service'
import { writeStaff, type StaffChange } from '../common/staff-writer'
import * as staff from '../common/staff.repo'
import { EXAMPLE_NAME, staffWorkbook, templateWorkbook, type StaffSheetRow } from './import.presenter'
import * as repo from './import.repo'
import { readStaffWorkbook, type SheetRow } from './workbook.presenter'

export interface StaffImportServiceDeps {
  db: Db
  pii: PiiVault
  audit: AuditService
  auth: Pick<AuthService, 'accessChanged'>
  log: Logger
}

/** Who imports: an admin (every unit), a 单位管理员 (their own unit; null: they have none), or the system (the seed). */
export interface Importer {
  actor: AuditActor | null
  unitId: number | null | 'all'
}

const [NAME, MOBILE, UNIT, POSITION, USER_ID, ROLES] = STAFF_COLUMNS
/** The answer lists at most this many rows, and this many errors (the counts are always exact). */
const LISTED = 1000
/** An export holds at most this many people. */
const EXPORT_MAX = 50_000
const USER_ID_FORMAT = /^[\w.@-]+$/

const ROLE_BY_NAME = new Map<string, Role>([...GRANTABLE_ROLES.map((role) => [ROLE_LABELS[role], role] as const), ...GRANTABLE_ROLES.map((role) => [role, role] as const)])
const ROLE_ORDER = new Map<Role, number>(GRANTABLE_ROLES.map((role, i) => [role, i]))
const sortRoles = (roles: Iterable<Role>) => [...new Set(roles)].sort((a, b) => (ROLE_ORDER.get(a) ?? 99) - (ROLE_ORDER.get(b) ?? 99))
const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((role) => b.includes(role))
const roleNames = (roles: readonly Role[]) => roles.map((role) => ROLE_LABELS[role]).join('、')

export const importerOf = (user: AuthUser, actor: AuditActor | null): Importer => ({ actor, unitId: user.roles.includes('admin') ? 'all' : (user.unit?.id ?? null) })

interface RowError {
  row: number
  field: string
  message: string
}

/** A row that passed every check, and what the import does with it. */
interface Planned {
  row: number
  action: 'create' | 'update' | 'unchanged'
  change: StaffChange
  mobile: string
  mobileHash: string
  unitName: string
  changes: string[]
}

interface Plan {
  planned: Planned[]
  errors: RowError[]
  current: Map<number, staff.StaffRecord>
  digest: string
}

/** A row's cells, checked one by one (before anything is compared with the database). */
interface CheckedRow {
  row: number
  name: string
  mobile: string | null
  unit: staff.UnitRef | null
  position: string | null
  dingtalkUserId: string | null
  /** null: the cell was empty */
  roles: Role[] | null
}

const firstIssue = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? null : (result.error?.issues[0]?.message ?? '格式不正确'))
const withField = (field: string, message: string) => (message.startsWith(field) || message.startsWith('请') ? message : `${field}${message}`)

/**
 * 人员导入 / 导出 (Excel). The import is planned the same way for the dry run and the real run —
 * every row checked, matched (浙政钉/钉钉 userId first, then mobile) and compared — and the plan's
 * digest lets the real run refuse when it would no longer do what the admin previewed. Writes go
 * through writeStaff() in one transaction, each person with an audit row.
 */
export class StaffImportService {
  constructor(private readonly deps: StaffImportServiceDeps) {}

  /** The template: the columns, one example row, and a sheet 说明 with the units and roles this importer may use. */
  async template(importer: Importer): Promise<Buffer> {
    const units = (await staff.allUnits(this.deps.db)).filter((unit) => unit.active && (importer.unitId === 'all' || unit.id === importer.unitId)).sort((a, b) => a.id - b.id)
    const roles = importer.unitId === 'all' ? GRANTABLE_ROLES.filter((role) => role !== 'cashier') : UNIT_ADMIN_GRANTABLE
    const example: StaffSheetRow = [EXAMPLE_NAME, '13800000000', units[0]?.shortName ?? units[0]?.name ?? '市发改委', '办公室 科员', '', roleNames(['staff'])]
    const rules = [
      `第一行是表头，请勿修改；从第二行起每行一名人员。第 2 行“${EXAMPLE_NAME}”是示例，导入前请删除。`,
      `${NAME}、${MOBILE}、${UNIT}必填；${MOBILE}为 11 位手机号，${UNIT}填写下方单位的全称或简称。`,
      `先按 ${USER_ID} 查找已有人员，再按${MOBILE}查找：找到则更新，找不到则新增。`,
      `${ROLES}可填多个，用顿号（、）分隔；新增人员不填时为“${ROLE_LABELS.staff}”，已有人员不填时角色不变。`,
      `${ROLE_LABELS.cashier}须指定食堂，请在人员详情中授予；已有的${ROLE_LABELS.cashier}角色导入时保留。`,
      `${POSITION}、${USER_ID}不填时保持原值不变。`,
      '已停用的人员不会被导入，请先在人员详情中重新启用。',
      ...(importer.unitId === 'all' ? [] : ['单位管理员只能导入本单位人员。']),
      `请不要使用公式；一次最多导入 ${STAFF_IMPORT_MAX_ROWS} 行，文件不超过 5 MB。`,
      '先“预览”查看逐行结果，确认后再导入；同一文件重复导入不会产生变化。',
    ]
    return templateWorkbook(example, units, roles.map((role) => ROLE_LABELS[role]), rules)
  }

  /** POST …/import: the dry run or the real run, once per Idempotency-Key. */
  async run(actor: Actor, query: Parsed<typeof StaffImportQuery>, upload: Buffer, idempotencyKey: string): Promise<StaffImportResult> {
    const importer = importerOf(actor, actor)
    // a file that is no workbook, too big or of the wrong shape is refused before anything is written
    const rows = await readStaffWorkbook(upload)
    const fileHash = createHash('sha256').update(upload).digest('hex')
    const request = { userId: actor.id, scope: 'org.import', key: idempotencyKey, body: { sha256: fileHash, dryRun: query.dryRun, plan: query.plan ?? null } }
    const { response } = await idempotent(this.deps.db, request, {
      work: async (tx) => ({ id: 0, response: await this.apply(tx, importer, rows, { dryRun: query.dryRun, plan: query.plan }) }),
    })
    return response
  }

  /** The real run of a workbook without a key (the demo seed): the same reading, plan and writes as the route. */
  async importWorkbook(importer: Importer, file: Buffer): Promise<StaffImportResult> {
    const rows = await readStaffWorkbook(file)
    return withTransaction(this.deps.db, (tx) => this.apply(tx, importer, rows, { dryRun: false }))
  }

  /** GET …/export.xlsx: the staff list with the template's columns, full mobiles; who exported is on the record. */
  async exportWorkbook(importer: Importer, query: Pick<Parsed<typeof AdminUserQuery>, 'q' | 'unitId' | 'role' | 'status'>): Promise<Buffer> {
    const q = query.q?.trim() ?? ''
    const mobile = normaliseMobile(q)
    const filter: repo.ExportFilter = {
      ...(q && isValidMobile(mobile) ? { mobileHash: this.deps.pii.blindIndex(mobile) } : q ? { name: q } : {}),
      unitId: query.unitId,
      role: query.role,
      status: query.status,
    }
    let scope = query.unitId ? String(query.unitId) : 'all'
    if (importer.unitId !== 'all') {
      // a 单位管理员: their own unit only (another unit asked for: nobody)
      scope = String(importer.unitId ?? 'none')
      filter.unitId = query.unitId && query.unitId !== importer.unitId ? -1 : (importer.unitId ?? -1)
    }
    const people = await repo.staffForExport(this.deps.db, filter, EXPORT_MAX)
    await withTransaction(this.deps.db, (tx) =>
      this.deps.audit.record(tx, importer.actor, {
        action: 'user.export',
        entity: 'user',
        entityId: scope,
        after: { count: people.length, ...(q ? { q: filter.mobileHash ? maskMobile(mobile) : q } : {}), ...(query.role ? { role: ROLE_LABELS[query.role] } : {}), status: query.status },
      }),
    )
    return staffWorkbook(
      people.map((person) => [
        person.name,
        person.mobileEnc ? this.readableMobile(person.id, person.mobileEnc) : '',
        person.unitName ?? '',
        person.position ?? '',
        person.dingtalkUserId ?? '',
        roleNames(sortRoles(person.roles.filter((role) => ROLE_ORDER.has(role)))),
      ]),
    )
  }

  /**
   * A mobile for the export: one that cannot be opened (sealed under a retired key, damaged) is
   * left blank and logged, so one bad row never costs the admin the whole workbook.
   */
  private readableMobile(userId: number, sealed: string): string {
    const mobile = this.deps.pii.openOrNull(sealed)
    if (mobile === null) this.deps.log.warn({ userId }, 'staff export: a mobile could not be opened')
    return mobile ?? ''
  }

  /** Plans the rows and, for a real run, writes the plan — in the caller's transaction. */
  private async apply(tx: Tx, importer: Importer, rows: SheetRow[], options: { dryRun: boolean; plan?: string }): Promise<StaffImportResult> {
    const plan = await this.plan(tx, importer, rows)
    if (!options.dryRun && options.plan && options.plan !== plan.digest) throw new AppError('ORG_IMPORT_PLAN_CHANGED', { plan: plan.digest })
    if (!options.dryRun) {
      const writes = plan.planned.filter((item) => item.action !== 'unchanged')
      try {
        if (writes.length) await writeStaff(tx, this.deps, importer.actor, writes.map((item) => item.change), plan.current, `人员导入：${rows.length} 行`)
      } catch (error) {
        // someone took a mobile or a userId of the file since it was read: nothing is written
        if (isDuplicateKey(error)) throw new AppError('ORG_IMPORT_PLAN_CHANGED')
        throw error
      }
    }
    const count = (action: Planned['action']) => plan.planned.filter((item) => item.action === action).length
    const listed: StaffImportRow[] = plan.planned
      .filter((item) => item.action !== 'unchanged')
      .slice(0, LISTED)
      .map((item) => ({ row: item.row, action: item.action, name: item.change.name, mobileMasked: maskMobile(item.mobile), unitName: item.unitName, changes: item.changes }))
    const errors = plan.errors.length > LISTED ? [...plan.errors.slice(0, LISTED), { row: 0, field: '', message: `另有 ${plan.errors.length - LISTED} 处错误未列出，请先改正以上错误后重新预览` }] : plan.errors
    return { dryRun: options.dryRun, created: count('create'), updated: count('update'), unchanged: count('unchanged'), errors, rows: listed, plan: plan.digest }
  }

  /** What the import does with each row: the same for the dry run and the real run, given the same database. */
  private async plan(tx: Tx, importer: Importer, rows: SheetRow[]): Promise<Plan> {
    const errors: RowError[] = []
    const fail = (row: number, field: string, message: string) => errors.push({ row, field, message })
    const units = await staff.allUnits(tx)
    const checked = rows.map((row) => this.checkCells(row, units, importer, fail))

    // duplicates within the file: every row of a group is named, none is imported
    const lower = (text: string) => text.toLowerCase()
    const duplicates = (key: (row: CheckedRow) => string | null, field: string, what: string) => {
      const groups = new Map<string, number[]>()
      for (const row of checked) {
        const value = key(row)
        if (value !== null) groups.set(value, [...(groups.get(value) ?? []), row.row])
      }
      for (const group of groups.values())
        if (group.length > 1) for (const row of group) fail(row, field, `${what}与第 ${group.filter((other) => other !== row).join('、')} 行重复`)
    }
    duplicates((row) => row.mobile, MOBILE, MOBILE)
    // userIds are compared as the database's unique index does (case-insensitive)
    duplicates((row) => (row.dingtalkUserId ? lower(row.dingtalkUserId) : null), USER_ID, USER_ID)

    const hashes = new Map<number, string>()
    for (const row of checked) if (row.mobile) hashes.set(row.row, this.deps.pii.blindIndex(row.mobile))
    const found = await staff.staffMatching(tx, [...new Set(hashes.values())], [...new Set(checked.flatMap((row) => (row.dingtalkUserId ? [row.dingtalkUserId] : [])))])
    const byHash = new Map(found.filter((person) => person.mobileHash).map((person) => [person.mobileHash!, person]))
    const byUserId = new Map(found.filter((person) => person.dingtalkUserId).map((person) => [lower(person.dingtalkUserId!), person]))

    // match each row to a person: by userId first, then by mobile
    const matched = new Map<number, staff.StaffRecord>()
    const rowsOfPerson = new Map<number, number[]>()
    for (const row of checked) {
      const hash = hashes.get(row.row)
      const byId = row.dingtalkUserId ? byUserId.get(lower(row.dingtalkUserId)) : undefined
      const byMobile = hash ? byHash.get(hash) : undefined
      if (byId && byMobile && byId.id !== byMobile.id) {
        fail(row.row, MOBILE, `${MOBILE}已被其他人员使用（与 ${USER_ID} 对应的不是同一人）`)
        continue
      }
      const person = byId ?? byMobile
      if (!person) continue
      if (importer.unitId !== 'all' && person.unitId !== importer.unitId) {
        // never say who, nor in which unit
        fail(row.row, byId ? USER_ID : MOBILE, '只能导入本单位人员')
        continue
      }
      if (person.status !== 'active') {
        fail(row.row, NAME, '该人员已停用，请先重新启用')
        continue
      }
      matched.set(row.row, person)
      rowsOfPerson.set(person.id, [...(rowsOfPerson.get(person.id) ?? []), row.row])
    }
    for (const group of rowsOfPerson.values())
      if (group.length > 1) for (const row of group) fail(row, USER_ID, `与第 ${group.filter((other) => other !== row).join('、')} 行是同一人员（${USER_ID} 与${MOBILE}分属不同行）`)

    // roles: what the file asks for, against what the importer may grant and what the person has
    const rolesOf = new Map<number, Role[] | null>()
    for (const row of checked) {
      const person = matched.get(row.row)
      const had = person?.roles ?? []
      const keeps = (role: Role) => role === 'cashier' || (importer.unitId !== 'all' && ROLE_ORDER.has(role) && !(UNIT_ADMIN_GRANTABLE as readonly Role[]).includes(role))
      if (row.roles === null) {
        // an existing person keeps their roles; a new one (or someone with no staff role yet) is 机关干部
        rolesOf.set(row.row, person && had.some((role) => ROLE_ORDER.has(role)) ? null : ['staff'])
        continue
      }
      let ok = true
      for (const role of row.roles) {
        if (role === 'cashier' && !had.includes('cashier')) {
          fail(row.row, ROLES, `${ROLE_LABELS.cashier}须指定食堂，请在人员详情中授予`)
          ok = false
        } else if (keeps(role) && role !== 'cashier' && !had.includes(role)) {
          fail(row.row, ROLES, `单位管理员只能授予${roleNames(UNIT_ADMIN_GRANTABLE)}`)
          ok = false
        }
      }
      if (ok) rolesOf.set(row.row, sortRoles([...row.roles, ...had.filter(keeps)]))
    }

    // never take the admin role from the last active admins
    const losingAdmin = checked.filter((row) => matched.get(row.row)?.roles.includes('admin') && rolesOf.get(row.row) && !rolesOf.get(row.row)!.includes('admin'))
    if (losingAdmin.length && losingAdmin.length >= (await staff.activeAdminCount(tx)))
      for (const row of losingAdmin) fail(row.row, ROLES, `不能收回最后一位${ROLE_LABELS.admin}的${ROLE_LABELS.admin}角色`)

    const failed = new Set(errors.map((error) => error.row))
    const planned: Planned[] = []
    const current = new Map<number, staff.StaffRecord>()
    for (const row of checked) {
      if (failed.has(row.row) || !row.mobile || !row.unit || !rolesOf.has(row.row)) continue
      const roles = rolesOf.get(row.row)!
      const person = matched.get(row.row)
      const mobileHash = hashes.get(row.row)!
      if (!person) {
        planned.push({
          row: row.row,
          action: 'create',
          change: { userId: null, name: row.name, mobile: row.mobile, unitId: row.unit.id, position: row.position, dingtalkUserId: row.dingtalkUserId, roles: roles ?? ['staff'] },
          mobile: row.mobile,
          mobileHash,
          unitName: row.unit.name,
          changes: [],
        })
        continue
      }
      const position = row.position ?? person.position
      const dingtalkUserId = row.dingtalkUserId ?? person.dingtalkUserId
      const mobileChanged = mobileHash !== person.mobileHash
      const rolesChanged = roles !== null && !sameRoles(roles, person.roles)
      const changes = [
        row.name !== person.name && NAME,
        mobileChanged && MOBILE,
        row.unit.id !== person.unitId && UNIT,
        position !== person.position && POSITION,
        dingtalkUserId !== person.dingtalkUserId && USER_ID,
        rolesChanged && ROLES,
      ].filter((change) => change !== false)
      current.set(person.id, person)
      planned.push({
        row: row.row,
        action: changes.length ? 'update' : 'unchanged',
        change: { userId: person.id, name: row.name, mobile: mobileChanged ? row.mobile : null, unitId: row.unit.id, position, dingtalkUserId, roles: rolesChanged ? roles : null },
        mobile: row.mobile,
        mobileHash,
        unitName: row.unit.name,
        changes,
      })
    }
    errors.sort((a, b) => a.row - b.row || STAFF_COLUMNS.indexOf(a.field as never) - STAFF_COLUMNS.indexOf(b.field as never))
    return { planned, errors, current, digest: digestOf(planned) }
  }

  /** Checks one row's cells on their own; errors go to `fail`. */
  private checkCells(sheetRow: SheetRow, units: staff.UnitRef[], importer: Importer, fail: (row: number, field: string, message: string) => void): CheckedRow {
    const { row } = sheetRow
    const [nameCell, mobileCell, unitCell, positionCell, userIdCell, rolesCell] = sheetRow.cells.map((cell) => cell ?? '')
    const out: CheckedRow = { row, name: '', mobile: null, unit: null, position: null, dingtalkUserId: null, roles: null }
    // a lone UTF-16 surrogate has no UTF-8 form: the audit row's JSON would refuse it (a 500)
    const broken = sheetRow.cells.findIndex((cell) => /\p{Cs}/u.test(cell ?? ''))
    if (broken >= 0) {
      fail(row, STAFF_COLUMNS[broken], `${STAFF_COLUMNS[broken]}含有无法识别的字符，请删除后重新输入`)
      return out
    }

    const name = UserCreate.shape.name.safeParse(nameCell)
    if (!name.success) fail(row, NAME, withField(NAME, firstIssue(name)!))
    else if (name.data === EXAMPLE_NAME) fail(row, NAME, '这是模板中的示例行，请删除后再导入')
    else out.name = name.data

    const mobile = normaliseMobile(mobileCell.trim())
    if (!mobile) fail(row, MOBILE, `请填写${MOBILE}`)
    else if (!isValidMobile(mobile)) fail(row, MOBILE, `${MOBILE}格式不正确，应为 11 位手机号`)
    else out.mobile = mobile

    const unitText = unitCell.trim()
    if (!unitText) fail(row, UNIT, `请填写${UNIT}`)
    else {
      const byName = units.find((unit) => unit.name === unitText)
      const byShortName = units.filter((unit) => unit.shortName === unitText)
      const unit = byName ?? (byShortName.length === 1 ? byShortName[0] : undefined)
      if (!byName && byShortName.length > 1) fail(row, UNIT, `简称“${unitText}”对应多个单位，请填写单位全称`)
      else if (!unit) fail(row, UNIT, `单位“${unitText}”不存在，请填写“说明”页中的单位全称或简称`)
      else if (!unit.active) fail(row, UNIT, `单位“${unitText}”已停用`)
      else if (importer.unitId !== 'all' && unit.id !== importer.unitId) fail(row, UNIT, '只能导入本单位人员')
      else out.unit = unit
    }

    const position = UserCreate.shape.position.safeParse(positionCell)
    if (!position.success) fail(row, POSITION, withField(POSITION, firstIssue(position)!))
    else out.position = position.data || null

    const userId = userIdCell.trim()
    if (userId.length > 64) fail(row, USER_ID, `${USER_ID} 不能超过 64 个字符`)
    else if (userId && !USER_ID_FORMAT.test(userId)) fail(row, USER_ID, `${USER_ID} 只能包含字母、数字和 _ . @ -`)
    else out.dingtalkUserId = userId || null

    const tokens = rolesCell.split(/[、，,;；\s]+/).filter(Boolean)
    if (tokens.length) {
      const roles: Role[] = []
      for (const token of tokens) {
        const role = ROLE_BY_NAME.get(token) ?? ROLE_BY_NAME.get(token.toLowerCase())
        if (role) roles.push(role)
        else fail(row, ROLES, `没有“${token}”这个角色，可填写：${roleNames(GRANTABLE_ROLES)}`)
      }
      // what the importer may grant is checked against the person's roles (one they already have stays)
      if (roles.length === tokens.length) out.roles = sortRoles(roles)
    }
    return out
  }
}

/** A digest of what the run does, row by row (mobiles by their blind index): the same file and database give the same digest. */
function digestOf(planned: Planned[]): string {
  const hash = createHash('sha256')
  for (const item of planned) {
    const { change } = item
    hash.update(JSON.stringify([item.row, item.action, change.userId, change.name, item.mobileHash, change.unitId, change.position, change.dingtalkUserId, change.roles, item.changes]))
    hash.update('\n')
  }
  return hash.digest('hex')
}
