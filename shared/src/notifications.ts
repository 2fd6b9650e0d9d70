import { z } from './zod'
import { Cursor, IdNumber } from './ids'

export const Notification = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string(),
  /** in-app page to open when tapped, built with `pageUrl` (routes.ts), e.g. `/packages/meal/pages/receipt/index?id=1` */
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string().describe('ISO 8601, UTC'),
})
export type Notification = z.infer<typeof Notification>

export const NotificationList = z.object({
  items: z.array(Notification),
  unreadCount: z.number().int(),
  nextCursor: z.string().nullable(),
})
export type NotificationList = z.infer<typeof NotificationList>

export const NotificationListQuery = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})
export type NotificationListQuery = z.infer<typeof NotificationListQuery>

export const IdParam = z.object({ id: IdNumber })
