import {
  FirmFinish,
  FirmTicket,
  FirmTokenParam,
  Location,
  LocationCreate,
  LocationList,
  LocationListQuery,
  LocationQrSheetQuery,
  LocationUpdate,
  RepairFirm,
  RepairFirmCreate,
  RepairFirmList,
  RepairFirmUpdate,
  SlaTargetsUpdate,
  TicketAssign,
  TicketAssignees,
  TicketConfirm,
  TicketCreate,
  TicketDetail,
  TicketFinish,
  TicketInfoAdd,
  TicketList,
  TicketListQuery,
  TicketPause,
  TicketPhotoTokenParam,
  TicketPlace,
  TicketPlaceQuery,
  TicketReopen,
  TicketReply,
  TicketStats,
  TicketStatsQuery,
  WorkCalendar,
  WorkCalendarQuery,
  WorkDayParam,
  WorkDaySet,
  WorkHoursUpdate,
} from '../tickets'
import { IdParam } from '../notifications'
import { XLSX } from './org-admin'
import { endpoint } from './define'

/** 报修 and 服务受理: report, dispatch, repair, confirm and rate. */
export const ticketsApi = {
  create: endpoint({ method: 'POST', path: '/api/v1/tickets', tag: 'tickets', summary: '报修（扫码或选地点，可附 6 张照片）或提交意见建议、投诉、咨询', body: TicketCreate, response: TicketDetail, status: 201, idempotent: true }),
  list: endpoint({ method: 'GET', path: '/api/v1/tickets', tag: 'tickets', summary: '工单列表：我的报修、派单队列（按到期时间）、我的维修任务、全部', query: TicketListQuery, response: TicketList }),
  place: endpoint({ method: 'GET', path: '/api/v1/tickets/place', tag: 'tickets', summary: '扫码识别报修地点（房间、资产、位置码），及该处未完成的工单', query: TicketPlaceQuery, response: TicketPlace }),
  assignees: endpoint({ method: 'GET', path: '/api/v1/tickets/assignees', tag: 'tickets', summary: '可派单的维修人员与定点维修单位（含手头工单数）', response: TicketAssignees }),
  get: endpoint({ method: 'GET', path: '/api/v1/tickets/:id', tag: 'tickets', summary: '工单详情：进度、时限（工作时间）、照片与处理记录', params: IdParam, response: TicketDetail }),
  addInfo: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/info', tag: 'tickets', summary: '报修人补充说明或照片', params: IdParam, body: TicketInfoAdd, response: TicketDetail }),
  cancel: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/cancel', tag: 'tickets', summary: '报修人撤销（接单前）', params: IdParam, response: TicketDetail }),
  assign: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/assign', tag: 'tickets', summary: '派单给维修人员或定点维修单位（可改派）', params: IdParam, body: TicketAssign, response: TicketDetail }),
  accept: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/accept', tag: 'tickets', summary: '维修人员接单', params: IdParam, response: TicketDetail }),
  start: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/start', tag: 'tickets', summary: '开始维修', params: IdParam, response: TicketDetail }),
  pause: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/pause', tag: 'tickets', summary: '暂停（等待配件、报修人或外协；暂停时间不计入时限）', params: IdParam, body: TicketPause, response: TicketDetail }),
  resume: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/resume', tag: 'tickets', summary: '恢复维修', params: IdParam, response: TicketDetail }),
  finish: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/finish', tag: 'tickets', summary: '完工：维修说明、完工照片、配件与费用', params: IdParam, body: TicketFinish, response: TicketDetail }),
  confirm: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/confirm', tag: 'tickets', summary: '报修人确认并评价（1–5 分）', params: IdParam, body: TicketConfirm, response: TicketDetail }),
  reopen: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/reopen', tag: 'tickets', summary: '未修好：退回原维修人员重新处理，时限重新计算', params: IdParam, body: TicketReopen, response: TicketDetail }),
  reply: endpoint({ method: 'POST', path: '/api/v1/tickets/:id/reply', tag: 'tickets', summary: '管理中心答复意见建议、投诉、咨询', params: IdParam, body: TicketReply, response: TicketDetail }),
  photo: endpoint({ method: 'GET', path: '/api/v1/ticket-photos/:token', tag: 'tickets', summary: '工单照片（签名地址，可直接用于图片标签）', params: TicketPhotoTokenParam, file: 'image/jpeg' }),
  stats: endpoint({ method: 'GET', path: '/api/v1/tickets/stats', tag: 'tickets', summary: '报修与服务受理月度统计（类别、单位、及时率、满意度、返修、重复报修、外协费用）', query: TicketStatsQuery, response: TicketStats }),
  statsXlsx: endpoint({ method: 'GET', path: '/api/v1/tickets/stats.xlsx', tag: 'tickets', summary: '报修月度统计（Excel）', query: TicketStatsQuery, file: XLSX }),
}

/** A contracted firm works a ticket through the signed link it was sent: no account, one ticket, expiring. */
export const firmTicketsApi = {
  get: endpoint({ method: 'GET', path: '/api/v1/firm-tickets/:token', tag: 'tickets', summary: '定点维修单位打开派单链接（免登录，单张工单，有效期内）', params: FirmTokenParam, response: FirmTicket }),
  accept: endpoint({ method: 'POST', path: '/api/v1/firm-tickets/:token/accept', tag: 'tickets', summary: '定点维修单位接单', params: FirmTokenParam, response: FirmTicket }),
  finish: endpoint({ method: 'POST', path: '/api/v1/firm-tickets/:token/finish', tag: 'tickets', summary: '定点维修单位完工（说明、照片、费用）', params: FirmTokenParam, body: FirmFinish, response: FirmTicket }),
}

/** Places that have a code: building / floor / spot, printed on A4 label sheets. */
export const locationsApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/locations', tag: 'tickets', summary: '报修地点（楼宇、楼层、位置）', query: LocationListQuery, response: LocationList }),
  create: endpoint({ method: 'POST', path: '/api/v1/locations', tag: 'tickets', summary: '新增报修地点并生成位置码', body: LocationCreate, response: Location, status: 201 }),
  update: endpoint({ method: 'PATCH', path: '/api/v1/locations/:id', tag: 'tickets', summary: '修改或停用报修地点', params: IdParam, body: LocationUpdate, response: Location }),
  qrSheet: endpoint({ method: 'GET', path: '/api/v1/locations/qr-sheet', tag: 'tickets', summary: '位置码 A4 标签打印页（HTML）', query: LocationQrSheetQuery, file: 'text/html; charset=utf-8' }),
}

/** 定点维修单位: the firms the centre has contracts with. */
export const repairFirmsApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/repair-firms', tag: 'tickets', summary: '定点维修单位', response: RepairFirmList }),
  create: endpoint({ method: 'POST', path: '/api/v1/repair-firms', tag: 'tickets', summary: '新增定点维修单位', body: RepairFirmCreate, response: RepairFirm, status: 201 }),
  update: endpoint({ method: 'PATCH', path: '/api/v1/repair-firms/:id', tag: 'tickets', summary: '修改或停用定点维修单位（留痕）', params: IdParam, body: RepairFirmUpdate, response: RepairFirm }),
}

/** The working calendar the SLA clocks count in, and the targets. */
export const workCalendarApi = {
  get: endpoint({ method: 'GET', path: '/api/v1/work-calendar', tag: 'tickets', summary: '工作日历（工作日、工作时间、法定节假日与调休）及报修时限', query: WorkCalendarQuery, response: WorkCalendar }),
  setHours: endpoint({ method: 'PUT', path: '/api/v1/work-calendar/hours', tag: 'tickets', summary: '修改工作日与工作时间（留痕）', body: WorkHoursUpdate, response: WorkCalendar }),
  setDay: endpoint({ method: 'PUT', path: '/api/v1/work-calendar/days/:date', tag: 'tickets', summary: '设置法定节假日或调休上班日（留痕）', params: WorkDayParam, body: WorkDaySet, response: WorkCalendar }),
  clearDay: endpoint({ method: 'DELETE', path: '/api/v1/work-calendar/days/:date', tag: 'tickets', summary: '取消节假日或调休设置（恢复按星期计）', params: WorkDayParam, response: WorkCalendar }),
  setTargets: endpoint({ method: 'PUT', path: '/api/v1/work-calendar/targets', tag: 'tickets', summary: '修改报修时限（按类别与紧急程度，留痕）：只对此后提交或重新处理的工单生效，已有工单保留原时限', body: SlaTargetsUpdate, response: WorkCalendar }),
}
