import { IdParam } from '../notifications'
import { endpoint } from './define'
import {
  AdminUnit,
  AdminUnitList,

  AdminUserDetail,
  AdminUserList,
  AdminUserQuery,
  AuditList,
  AuditQuery,
  DeactivateResult,
  DirectoryApply,
  DirectoryApplyResult,
  DirectoryDiff,
  DirectorySyncState,
  ReasonBody,
  RolesUpdate,
  StaffImportQuery,
  StaffImportResult,
  UnitCreate,
  UnitUpdate,
  UserCreate,
  UserUpdate,
} from '../org-admin'
import { STAFF_IMPORT_MAX_BYTES } from '../org-admin-values'

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** 单位: the unit tree (admin; a 单位管理员 sees their own unit). */
export const orgUnitsApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/admin/units', tag: 'org-admin', summary: '单位列表（含停用、人数）', response: AdminUnitList }),
  create: endpoint({ method: 'POST', path: '/api/v1/admin/units', tag: 'org-admin', summary: '新增单位', body: UnitCreate, response: AdminUnit, status: 201 }),
  remove: endpoint({ method: 'DELETE', path: '/api/v1/admin/units/:id', tag: 'org-admin', summary: '删除误建的单位（已有人员、资金或业务记录的单位不能删除，只能停用）', params: IdParam, status: 204 }),
  update: endpoint({ method: 'PATCH', path: '/api/v1/admin/units/:id', tag: 'org-admin', summary: '改名、调整上级、停用或启用单位（留痕）', params: IdParam, body: UnitUpdate, response: AdminUnit }),
}

/** 人员与角色 (admin: everyone; 单位管理员: their own unit's people). */
export const orgPeopleApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/admin/users', tag: 'org-admin', summary: '查找人员（姓名 / 手机号 / 单位 / 角色；手机号打码）', query: AdminUserQuery, response: AdminUserList }),
  get: endpoint({ method: 'GET', path: '/api/v1/admin/users/:id', tag: 'org-admin', summary: '人员详情', params: IdParam, response: AdminUserDetail }),
  create: endpoint({ method: 'POST', path: '/api/v1/admin/users', tag: 'org-admin', summary: '新增一名人员', body: UserCreate, response: AdminUserDetail, status: 201 }),
  update: endpoint({ method: 'PATCH', path: '/api/v1/admin/users/:id', tag: 'org-admin', summary: '修改人员信息（姓名、手机号、单位、部门/职务、userId）', params: IdParam, body: UserUpdate, response: AdminUserDetail }),
  setRoles: endpoint({ method: 'PUT', path: '/api/v1/admin/users/:id/roles', tag: 'org-admin', summary: '授予 / 收回角色（须填原因）', params: IdParam, body: RolesUpdate, response: AdminUserDetail }),
  deactivate: endpoint({ method: 'POST', path: '/api/v1/admin/users/:id/deactivate', tag: 'org-admin', summary: '停用离岗人员：立即下线，待审批转交，饭卡余额报结算', params: IdParam, body: ReasonBody, response: DeactivateResult }),
  reactivate: endpoint({ method: 'POST', path: '/api/v1/admin/users/:id/reactivate', tag: 'org-admin', summary: '重新启用人员', params: IdParam, body: ReasonBody, response: AdminUserDetail }),
  resetWechat: endpoint({ method: 'POST', path: '/api/v1/admin/users/:id/reset-wechat', tag: 'org-admin', summary: '解除微信绑定（换手机、换微信号）', params: IdParam, response: AdminUserDetail }),
}

/** 人员导入导出 (Excel). */
export const orgImportApi = {
  template: endpoint({ method: 'GET', path: '/api/v1/admin/users/import-template.xlsx', tag: 'org-admin', summary: '人员导入模板（Excel）', file: XLSX }),
  run: endpoint({
    method: 'POST',
    path: '/api/v1/admin/users/import',
    tag: 'org-admin',
    summary: '导入人员（dryRun=true 预览逐行结果；dryRun=false 按预览导入，重复导入不产生变化）',
    query: StaffImportQuery,
    upload: { type: XLSX, maxBytes: STAFF_IMPORT_MAX_BYTES },
    response: StaffImportResult,
    idempotent: true,
  }),
  export: endpoint({ method: 'GET', path: '/api/v1/admin/users/export.xlsx', tag: 'org-admin', summary: '导出人员名单（与导入模板同列）', query: AdminUserQuery.pick({ q: true, unitId: true, role: true, status: true }), file: XLSX }),
}

/** 修改留痕: every admin write, who / when / from where / before → after / why. */
export const auditApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/admin/audit', tag: 'audit', summary: '操作留痕（按对象、时间查询）', query: AuditQuery, response: AuditList }),
  export: endpoint({ method: 'GET', path: '/api/v1/admin/audit/export.xlsx', tag: 'audit', summary: '导出操作留痕（Excel）', query: AuditQuery.omit({ cursor: true }), file: XLSX }),
}

/** 通讯录同步: 浙政钉 / 钉钉 departments and users → a diff the admin applies. */
export const directorySyncApi = {
  last: endpoint({ method: 'GET', path: '/api/v1/admin/directory-sync', tag: 'org-admin', summary: '上次通讯录同步的差异', response: DirectorySyncState }),
  run: endpoint({ method: 'POST', path: '/api/v1/admin/directory-sync', tag: 'org-admin', summary: '读取浙政钉/钉钉通讯录，生成差异（不改动人员）', response: DirectoryDiff }),
  apply: endpoint({ method: 'POST', path: '/api/v1/admin/directory-sync/apply', tag: 'org-admin', summary: '按差异新增、更新人员（不删除任何人）', body: DirectoryApply, response: DirectoryApplyResult }),
}

