import { IdParam, NotificationList, NotificationListQuery } from '../notifications'
import { Ok } from './common'
import { endpoint } from './define'

export const notificationsApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/notifications', tag: 'notifications', summary: '消息列表（新的在前）与未读数', query: NotificationListQuery, response: NotificationList }),
  readAll: endpoint({ method: 'POST', path: '/api/v1/notifications/read-all', tag: 'notifications', summary: '全部标为已读', response: Ok }),
  read: endpoint({ method: 'POST', path: '/api/v1/notifications/:id/read', tag: 'notifications', summary: '标为已读', params: IdParam, response: Ok }),
}
