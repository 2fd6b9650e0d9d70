import { IdParam } from '../notifications'
import {
  Blocklist,
  BlocklistEntry,
  BlocklistEntryCreate,
  GateExpected,
  GateExpectedQuery,
  GateOnSite,
  GateScan,
  GateScanResult,
  HostList,
  HostSearchQuery,
  InvitationAccept,
  InvitationCreate,
  InvitationCreated,
  InvitationTokenParam,
  InvitationView,
  PiiAuditList,
  PiiAuditQuery,
  PiiQuery,
  Visit,
  VisitCreate,
  VisitCreated,
  VisitList,
  VisitListQuery,
  VisitorProfile,
  VisitPass,
  VisitPii,
  VisitReject,
  VisitStats,
  VisitStatsQuery,
  WalkInCreate,
} from '../visits'
import { TodoList } from '../todos'
import { Ok } from './common'
import { endpoint } from './define'

/** 访客预约: booking, invitations, the host's decision. */
export const visitsApi = {
  create: endpoint({ method: 'POST', path: '/api/v1/visits', tag: 'visits', summary: '访客预约来访（身份证件、同行人、车牌）；待被访人审批', body: VisitCreate, response: VisitCreated, status: 201, idempotent: true }),
  list: endpoint({ method: 'GET', path: '/api/v1/visits', tag: 'visits', summary: '我的来访（as=visitor）或来访我的（as=host，含升级给我审批的）', query: VisitListQuery, response: VisitList }),
  hosts: endpoint({ method: 'GET', path: '/api/v1/visits/hosts', tag: 'visits', summary: '按姓名在单位内查找被访人（只返回姓名与单位）', query: HostSearchQuery, response: HostList }),
  profile: endpoint({ method: 'GET', path: '/api/v1/visits/profile', tag: 'visits', summary: '我以前来访填过的信息（脱敏），用于再次预约', response: VisitorProfile }),
  get: endpoint({ method: 'GET', path: '/api/v1/visits/:id', tag: 'visits', summary: '一次来访（证件号、手机号脱敏）', params: IdParam, response: Visit }),
  approve: endpoint({ method: 'POST', path: '/api/v1/visits/:id/approve', tag: 'visits', summary: '被访人（或超时后单位审批人）同意来访', params: IdParam, response: Visit }),
  reject: endpoint({ method: 'POST', path: '/api/v1/visits/:id/reject', tag: 'visits', summary: '不同意来访（须填原因）', params: IdParam, body: VisitReject, response: Visit }),
  cancel: endpoint({ method: 'POST', path: '/api/v1/visits/:id/cancel', tag: 'visits', summary: '取消来访（访客或被访人，入园前）', params: IdParam, response: Visit }),
  pii: endpoint({ method: 'GET', path: '/api/v1/visits/:id/pii', tag: 'visits', summary: '查看完整证件号与手机号（被访人、门卫、管理员；须填原因，留痕）', params: IdParam, query: PiiQuery, response: VisitPii }),
}

/** Host invitations: the visitor completes the details from the link; approved at once. */
export const visitInvitationsApi = {
  create: endpoint({ method: 'POST', path: '/api/v1/visits/invitations', tag: 'visits', summary: '邀请访客，返回邀请链接', body: InvitationCreate, response: InvitationCreated, status: 201, idempotent: true }),
  view: endpoint({ method: 'GET', path: '/api/v1/visits/invitations/:token', tag: 'visits', summary: '访客打开邀请链接', params: InvitationTokenParam, response: InvitationView }),
  accept: endpoint({ method: 'POST', path: '/api/v1/visits/invitations/:token/accept', tag: 'visits', summary: '访客补全证件信息，来访即通过', params: InvitationTokenParam, body: InvitationAccept, response: Visit }),
}

/** The visitor's pass. */
export const visitPassesApi = {
  pass: endpoint({ method: 'GET', path: '/api/v1/visits/:id/pass', tag: 'visits', summary: '通行码（每 30 秒变化，带签名；含离线生成所需的密钥，只给访客本人）', params: IdParam, response: VisitPass }),
}

/** The guard at the gate. */
export const gateApi = {
  scan: endpoint({ method: 'POST', path: '/api/v1/gate/scan', tag: 'gate', summary: '扫通行码：放行（入园/离开）或拒绝及原因', body: GateScan, response: GateScanResult }),
  expected: endpoint({ method: 'GET', path: '/api/v1/gate/expected', tag: 'gate', summary: '某日预计来访人员与车辆', query: GateExpectedQuery, response: GateExpected }),
  onSite: endpoint({ method: 'GET', path: '/api/v1/gate/on-site', tag: 'gate', summary: '在园名单：已入园未离开的访客', response: GateOnSite }),
  walkIn: endpoint({ method: 'POST', path: '/api/v1/gate/walk-ins', tag: 'gate', summary: '现场登记访客，通知被访人审批', body: WalkInCreate, response: Visit, status: 201, idempotent: true }),
  checkIn: endpoint({ method: 'POST', path: '/api/v1/gate/visits/:id/check-in', tag: 'gate', summary: '为没有手机通行码的已批准访客（如现场登记）办理入园', params: IdParam, response: GateScanResult }),
  checkOut: endpoint({ method: 'POST', path: '/api/v1/gate/visits/:id/check-out', tag: 'gate', summary: '为在园访客办理离开', params: IdParam, response: GateScanResult }),
}

/** Admin: block list, personal-data audit, statistics. */
export const visitAdminApi = {
  blocklist: endpoint({ method: 'GET', path: '/api/v1/visits/blocklist', tag: 'visits-admin', summary: '黑名单', response: Blocklist }),
  block: endpoint({ method: 'POST', path: '/api/v1/visits/blocklist', tag: 'visits-admin', summary: '加入黑名单（按证件号）', body: BlocklistEntryCreate, response: BlocklistEntry, status: 201 }),
  unblock: endpoint({ method: 'DELETE', path: '/api/v1/visits/blocklist/:id', tag: 'visits-admin', summary: '移出黑名单', params: IdParam, response: Ok }),
  piiAudit: endpoint({ method: 'GET', path: '/api/v1/visits/pii-audit', tag: 'visits-admin', summary: '个人信息查看记录（谁、何时、哪次来访、原因）', query: PiiAuditQuery, response: PiiAuditList }),
  stats: endpoint({ method: 'GET', path: '/api/v1/visits/stats', tag: 'visits-admin', summary: '月度访客统计（来访量、被访单位、高峰时段）', query: VisitStatsQuery, response: VisitStats }),
  statsXlsx: endpoint({ method: 'GET', path: '/api/v1/visits/stats.xlsx', tag: 'visits-admin', summary: '月度访客统计导出 Excel', query: VisitStatsQuery, file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
}

/** 待办 on home, from every module. */
export const todosApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/todos', tag: 'home', summary: '首页待办：等我处理或今天要用的事', response: TodoList }),
}
