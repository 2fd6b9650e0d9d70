import { z } from '../zod'

/** The answer of an action that has nothing else to say. */
export const Ok = z.object({ ok: z.literal(true) })
export type Ok = z.infer<typeof Ok>
