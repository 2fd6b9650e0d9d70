import { z } from './zod'

/**
 * 待办 on home: what waits for the signed-in user now. Each module adds its own kinds (visits now;
 * vehicles and rooms later) through the BFF's todo providers; home draws them all the same way.
 */
export const TodoItem = z.object({
  /** stable, e.g. 'visit.approve', 'visit.pass', 'gate.expected' */
  kind: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  /** how many things this item stands for (e.g. 3 visits to approve) */
  count: z.number().int(),
  /** the mini-app page to open, built with `pageUrl` (routes.ts), e.g. /packages/visit/pages/detail/index?id=12 */
  url: z.string(),
  /** sooner first; ties by module order */
  urgent: z.boolean(),
})
export type TodoItem = z.infer<typeof TodoItem>
export const TodoList = z.object({ items: z.array(TodoItem) })
export type TodoList = z.infer<typeof TodoList>
