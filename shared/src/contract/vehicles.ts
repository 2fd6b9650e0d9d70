import { IdParam } from '../notifications'
import {
  DispatchBoard,
  DispatchBoardQuery,
  DispatchOptions,
  DriverAdmin,
  DriverAdminList,
  DriverCreate,
  DriverUpdate,
  PublicReportCreate,
  PublicReportCreated,
  PublicVehicle,
  PublicVehicleTokenParam,
  Trip,
  TripFinish,
  TripStart,
  VehicleAdmin,
  VehicleAdminList,
  VehicleCreate,
  VehicleDispatch,
  VehicleRate,
  VehicleReject,
  VehicleReport,
  VehicleReportList,
  VehicleReportListQuery,
  VehicleReportResolve,
  VehicleRequest,
  VehicleRequestCreate,
  VehicleRequestCreated,
  VehicleRequestList,
  VehicleRequestListQuery,
  VehicleScanned,
  VehicleScanQuery,
  VehicleStats,
  VehicleStatsQuery,
  VehicleUpdate,
} from '../vehicles'
import { endpoint } from './define'

/** 一车一码: requests, the unit approver's decision, cancelling, rating. */
export const vehicleRequestsApi = {
  create: endpoint({ method: 'POST', path: '/api/v1/vehicle-requests', tag: 'vehicles', summary: '申请用车；待本单位审批人审批', body: VehicleRequestCreate, response: VehicleRequestCreated, status: 201, idempotent: true }),
  list: endpoint({ method: 'GET', path: '/api/v1/vehicle-requests', tag: 'vehicles', summary: '我的用车（requester）、待我审批（approver）、待派车（dispatcher）', query: VehicleRequestListQuery, response: VehicleRequestList }),
  get: endpoint({ method: 'GET', path: '/api/v1/vehicle-requests/:id', tag: 'vehicles', summary: '一次用车申请，含修改留痕 history', params: IdParam, response: VehicleRequest }),
  approve: endpoint({ method: 'POST', path: '/api/v1/vehicle-requests/:id/approve', tag: 'vehicles', summary: '本单位审批人同意', params: IdParam, response: VehicleRequest }),
  reject: endpoint({ method: 'POST', path: '/api/v1/vehicle-requests/:id/reject', tag: 'vehicles', summary: '本单位审批人驳回（须填原因）', params: IdParam, body: VehicleReject, response: VehicleRequest }),
  cancel: endpoint({ method: 'POST', path: '/api/v1/vehicle-requests/:id/cancel', tag: 'vehicles', summary: '申请人在出车前取消', params: IdParam, response: VehicleRequest }),
  rate: endpoint({ method: 'POST', path: '/api/v1/vehicle-requests/:id/rating', tag: 'vehicles', summary: '行程结束后评价', params: IdParam, body: VehicleRate, response: VehicleRequest }),
}

/** The dispatcher's board. */
export const dispatchApi = {
  board: endpoint({ method: 'GET', path: '/api/v1/dispatch/board', tag: 'dispatch', summary: '派车看板：待派车申请、每辆车和每位驾驶员当天的任务', query: DispatchBoardQuery, response: DispatchBoard }),
  options: endpoint({ method: 'GET', path: '/api/v1/vehicle-requests/:id/dispatch-options', tag: 'dispatch', summary: '该申请时段内空闲、座位够的车辆与在岗空闲的驾驶员', params: IdParam, response: DispatchOptions }),
  dispatch: endpoint({ method: 'POST', path: '/api/v1/vehicle-requests/:id/dispatch', tag: 'dispatch', summary: '派车（或改派，须填原因）；车辆或驾驶员时段冲突 409', params: IdParam, body: VehicleDispatch, response: VehicleRequest }),
}

/** The driver at the car. */
export const tripsApi = {
  scan: endpoint({ method: 'GET', path: '/api/v1/vehicles/scan', tag: 'trips', summary: '扫车辆码：驾驶员看到本车派给自己的任务；其他工作人员的扫码留记录', query: VehicleScanQuery, response: VehicleScanned }),
  start: endpoint({ method: 'POST', path: '/api/v1/trips/start', tag: 'trips', summary: '出车：填写出车里程（只有派车驾驶员，窗口开始前 30 分钟起）', body: TripStart, response: Trip, status: 201, idempotent: true }),
  finish: endpoint({ method: 'POST', path: '/api/v1/trips/:id/finish', tag: 'trips', summary: '收车：里程、通行费、停车费、油费/充电费与油量/电量', params: IdParam, body: TripFinish, response: Trip }),
}

/** 亮身份: anyone, no login. */
export const publicVehiclesApi = {
  get: endpoint({ method: 'GET', path: '/api/v1/public/vehicles/:token', tag: 'public', summary: '公车亮身份：车牌、车型、所属单位、当前是否执行公务（无个人信息）', params: PublicVehicleTokenParam, response: PublicVehicle }),
  report: endpoint({ method: 'POST', path: '/api/v1/public/vehicles/:token/reports', tag: 'public', summary: '反映疑似公车私用（文字、可选照片与位置；按设备/IP 限频）', params: PublicVehicleTokenParam, body: PublicReportCreate, response: PublicReportCreated, status: 201 }),
}

/** Admin: cars, drivers, codes, reports, statistics. */
export const vehicleAdminApi = {
  vehicles: endpoint({ method: 'GET', path: '/api/v1/vehicles', tag: 'vehicles-admin', summary: '车辆列表（含二维码链接）', response: VehicleAdminList }),
  createVehicle: endpoint({ method: 'POST', path: '/api/v1/vehicles', tag: 'vehicles-admin', summary: '新增车辆', body: VehicleCreate, response: VehicleAdmin, status: 201 }),
  updateVehicle: endpoint({ method: 'PATCH', path: '/api/v1/vehicles/:id', tag: 'vehicles-admin', summary: '修改车辆（车型、座位、能源、所属单位、状态：可用/维修/报废）', params: IdParam, body: VehicleUpdate, response: VehicleAdmin }),
  vehicleQrPng: endpoint({ method: 'GET', path: '/api/v1/vehicles/:id/qr.png', tag: 'vehicles-admin', summary: '车辆二维码图片（PNG）', params: IdParam, file: 'image/png' }),
  qrSheet: endpoint({ method: 'GET', path: '/api/v1/vehicles/qr-sheet', tag: 'vehicles-admin', summary: '车辆二维码打印页（HTML）', file: 'text/html; charset=utf-8' }),
  drivers: endpoint({ method: 'GET', path: '/api/v1/drivers', tag: 'vehicles-admin', summary: '驾驶员及在岗状态', response: DriverAdminList }),
  createDriver: endpoint({ method: 'POST', path: '/api/v1/drivers', tag: 'vehicles-admin', summary: '登记驾驶员', body: DriverCreate, response: DriverAdmin, status: 201 }),
  updateDriver: endpoint({ method: 'PATCH', path: '/api/v1/drivers/:id', tag: 'vehicles-admin', summary: '修改驾驶员在岗状态', params: IdParam, body: DriverUpdate, response: DriverAdmin }),
  reports: endpoint({ method: 'GET', path: '/api/v1/vehicle-reports', tag: 'vehicles-admin', summary: '公车私用反映队列', query: VehicleReportListQuery, response: VehicleReportList }),
  reportPhoto: endpoint({ method: 'GET', path: '/api/v1/vehicle-reports/:id/photo', tag: 'vehicles-admin', summary: '反映所附照片', params: IdParam, file: 'image/jpeg' }),
  resolveReport: endpoint({ method: 'POST', path: '/api/v1/vehicle-reports/:id/resolve', tag: 'vehicles-admin', summary: '处理反映（填写处理意见）', params: IdParam, body: VehicleReportResolve, response: VehicleReport }),
  stats: endpoint({ method: 'GET', path: '/api/v1/vehicles/stats', tag: 'vehicles-admin', summary: '月度用车统计：任务、里程、费用（按车、驾驶员、用车单位），百公里油耗/电耗，费用回收', query: VehicleStatsQuery, response: VehicleStats }),
  statsXlsx: endpoint({ method: 'GET', path: '/api/v1/vehicles/stats.xlsx', tag: 'vehicles-admin', summary: '月度用车统计导出 Excel（含各单位费用回收）', query: VehicleStatsQuery, file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
}
