import { IdParam } from '../notifications'
import {
  MeetingTask,
  MeetingTaskList,
  MeetingTaskQuery,
  RoomAdmin,
  RoomAdminList,
  RoomBooking,
  RoomBookingCancel,
  RoomBookingCreate,
  RoomBookingCreated,
  RoomBookingList,
  RoomBookingListQuery,
  RoomBookingReject,
  RoomBookingUpdate,
  RoomCheckedIn,
  RoomCheckIn,
  RoomCreate,
  RoomDay,
  RoomDayQuery,
  RoomDoor,
  RoomDoorQuery,
  RoomStats,
  RoomStatsQuery,
  RoomUpdate,
} from '../rooms'
import { endpoint } from './define'

/** Finding a room and booking it; series, approval, the door code. */
export const roomsApi = {
  day: endpoint({ method: 'GET', path: '/api/v1/rooms', tag: 'rooms', summary: '某日各会议室（按容纳人数、设备筛选）及已占用时段', query: RoomDayQuery, response: RoomDay }),
  door: endpoint({ method: 'GET', path: '/api/v1/rooms/door', tag: 'rooms', summary: '门牌码页面：会议室、当前与下一场会议、当天安排', query: RoomDoorQuery, response: RoomDoor }),
  checkIn: endpoint({ method: 'POST', path: '/api/v1/rooms/check-in', tag: 'rooms', summary: '扫门牌码签到（开始前 10 分钟至开始后 15 分钟）', body: RoomCheckIn, response: RoomCheckedIn }),
}

export const roomBookingsApi = {
  create: endpoint({ method: 'POST', path: '/api/v1/room-bookings', tag: 'rooms', summary: '预订会议室（可每周重复）；时段被占 409 ROOM_SLOT_TAKEN，附冲突与可选时段', body: RoomBookingCreate, response: RoomBookingCreated, status: 201, idempotent: true }),
  list: endpoint({ method: 'GET', path: '/api/v1/room-bookings', tag: 'rooms', summary: '我的预订（organiser）或待我审批（approver）', query: RoomBookingListQuery, response: RoomBookingList }),
  get: endpoint({ method: 'GET', path: '/api/v1/room-bookings/:id', tag: 'rooms', summary: '一次预订（含所属系列）', params: IdParam, response: RoomBooking }),
  ics: endpoint({ method: 'GET', path: '/api/v1/room-bookings/:id.ics', tag: 'rooms', summary: '加入手机日历（.ics）', params: IdParam, file: 'text/calendar; charset=utf-8' }),
  update: endpoint({ method: 'PATCH', path: '/api/v1/room-bookings/:id', tag: 'rooms', summary: '修改本次、此后或整个系列（此前单独修改过的场次保留）', params: IdParam, body: RoomBookingUpdate, response: RoomBooking }),
  approve: endpoint({ method: 'POST', path: '/api/v1/room-bookings/:id/approve', tag: 'rooms', summary: '审批通过（当时再查冲突）', params: IdParam, response: RoomBooking }),
  reject: endpoint({ method: 'POST', path: '/api/v1/room-bookings/:id/reject', tag: 'rooms', summary: '审批不通过（时段立即释放）', params: IdParam, body: RoomBookingReject, response: RoomBooking }),
  cancel: endpoint({ method: 'POST', path: '/api/v1/room-bookings/:id/cancel', tag: 'rooms', summary: '取消本次、此后或整个系列', params: IdParam, body: RoomBookingCancel, response: RoomBooking }),
  end: endpoint({ method: 'POST', path: '/api/v1/room-bookings/:id/end', tag: 'rooms', summary: '提前结束会议，释放剩余时段', params: IdParam, response: RoomBooking }),
  nameplates: endpoint({ method: 'GET', path: '/api/v1/room-bookings/:id/nameplates', tag: 'rooms', summary: '桌签打印页（A4，每张对折一个名字）', params: IdParam, file: 'text/html; charset=utf-8' }),
}

export const meetingServiceApi = {
  tasks: endpoint({ method: 'GET', path: '/api/v1/meeting-service/tasks', tag: 'meeting-service', summary: '会务当日任务（会场布置提前 30 分钟，茶水、桌签、横幅、音视频、用餐）', query: MeetingTaskQuery, response: MeetingTaskList }),
  done: endpoint({ method: 'POST', path: '/api/v1/meeting-service/tasks/:id/done', tag: 'meeting-service', summary: '标记任务完成', params: IdParam, response: MeetingTask }),
}

export const roomAdminApi = {
  rooms: endpoint({ method: 'GET', path: '/api/v1/room-admin/rooms', tag: 'rooms-admin', summary: '会议室列表（含门牌码链接）', response: RoomAdminList }),
  create: endpoint({ method: 'POST', path: '/api/v1/room-admin/rooms', tag: 'rooms-admin', summary: '新增会议室', body: RoomCreate, response: RoomAdmin, status: 201 }),
  update: endpoint({ method: 'PATCH', path: '/api/v1/room-admin/rooms/:id', tag: 'rooms-admin', summary: '修改会议室（设备、开放时间、需审批、可预订天数、启停）', params: IdParam, body: RoomUpdate, response: RoomAdmin }),
  qrPng: endpoint({ method: 'GET', path: '/api/v1/room-admin/rooms/:id/qr.png', tag: 'rooms-admin', summary: '门牌码图片（PNG）', params: IdParam, file: 'image/png' }),
  qrSheet: endpoint({ method: 'GET', path: '/api/v1/room-admin/qr-sheet', tag: 'rooms-admin', summary: '门牌码打印页（HTML）', file: 'text/html; charset=utf-8' }),
  stats: endpoint({ method: 'GET', path: '/api/v1/rooms/stats', tag: 'rooms-admin', summary: '月度会议室统计：场次、参会人次、各室使用率、爽约率', query: RoomStatsQuery, response: RoomStats }),
  statsXlsx: endpoint({ method: 'GET', path: '/api/v1/rooms/stats.xlsx', tag: 'rooms-admin', summary: '月度会议室统计导出 Excel', query: RoomStatsQuery, file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
}
