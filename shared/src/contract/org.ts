import { UnitList } from '../org'
import { endpoint } from './define'

export const orgApi = {
  units: endpoint({ method: 'GET', path: '/api/v1/org/units', tag: 'org', summary: '成员单位列表（按名称）', response: UnitList }),
}
