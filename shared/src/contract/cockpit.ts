import {
  Breakdown,
  BreakdownQuery,
  Cockpit,
  CockpitQuery,
  CockpitRecords,
  IndicatorKeyParam,
  IndicatorSettings,
  LightHistory,
  LightHistoryQuery,
  RecordsQuery,
  SupervisionDetail,
  SupervisionList,
  SupervisionListQuery,
  SupervisionReply,
  SupervisionReturn,
  ThresholdsUpdate,
  Trend,
  TrendQuery,
} from '../cockpit'
import { IdParam } from '../notifications'
import { endpoint } from './define'

/** 驾驶舱: the leaders' view of today, trends, lights and the records behind each number. */
export const cockpitApi = {
  today: endpoint({ method: 'GET', path: '/api/v1/cockpit', tag: 'cockpit', summary: '驾驶舱：某日（默认今天）各项指标、亮灯与督办数，全市或某单位', query: CockpitQuery, response: Cockpit }),
  trend: endpoint({ method: 'GET', path: '/api/v1/cockpit/indicators/:key/trend', tag: 'cockpit', summary: '指标走势：近 N 天（默认 30 天）每天的数值与亮灯', params: IndicatorKeyParam, query: TrendQuery, response: Trend }),
  breakdown: endpoint({ method: 'GET', path: '/api/v1/cockpit/indicators/:key/breakdown', tag: 'cockpit', summary: '指标分解：按单位（公务餐也可按食堂）', params: IndicatorKeyParam, query: BreakdownQuery, response: Breakdown }),
  records: endpoint({ method: 'GET', path: '/api/v1/cockpit/indicators/:key/records', tag: 'cockpit', summary: '指标明细：这个数字所数的每一条记录', params: IndicatorKeyParam, query: RecordsQuery, response: CockpitRecords }),
  lights: endpoint({ method: 'GET', path: '/api/v1/cockpit/indicators/:key/lights', tag: 'cockpit', summary: '亮灯记录：指标灯色的每次变化', params: IndicatorKeyParam, query: LightHistoryQuery, response: LightHistory }),
  settings: endpoint({ method: 'GET', path: '/api/v1/cockpit/indicators/:key/thresholds', tag: 'cockpit', summary: '指标阈值及最近一次修改', params: IndicatorKeyParam, response: IndicatorSettings }),
  setThresholds: endpoint({ method: 'PUT', path: '/api/v1/cockpit/indicators/:key/thresholds', tag: 'cockpit', summary: '修改黄灯、红灯阈值（须说明原因，记入修改留痕）', params: IndicatorKeyParam, body: ThresholdsUpdate, response: IndicatorSettings }),
} as const

/** 督办: a red light's item for the unit, replied to by its approver, closed or returned by the centre. */
export const supervisionApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/supervision', tag: 'supervision', summary: '督办事项：管理中心与领导看全部，单位审批人看本单位', query: SupervisionListQuery, response: SupervisionList }),
  get: endpoint({ method: 'GET', path: '/api/v1/supervision/:id', tag: 'supervision', summary: '督办详情与处理记录', params: IdParam, response: SupervisionDetail }),
  reply: endpoint({ method: 'POST', path: '/api/v1/supervision/:id/reply', tag: 'supervision', summary: '单位审批人回复整改情况', params: IdParam, body: SupervisionReply, response: SupervisionDetail }),
  close: endpoint({ method: 'POST', path: '/api/v1/supervision/:id/close', tag: 'supervision', summary: '管理中心销号', params: IdParam, response: SupervisionDetail }),
  return: endpoint({ method: 'POST', path: '/api/v1/supervision/:id/return', tag: 'supervision', summary: '管理中心退回，单位重新整改', params: IdParam, body: SupervisionReturn, response: SupervisionDetail }),
} as const
