import { z } from './zod'

/**
 * A row id in a path or query string: a positive integer JavaScript holds exactly (a larger one
 * would be rounded by Number() and name a different row, or none).
 */
export const IdNumber = z.coerce.number().int('编号须为正整数').positive('编号须为正整数').max(Number.MAX_SAFE_INTEGER, '编号过大')

const CURSOR_MESSAGE = '分页位置无效，请刷新后重试'

/**
 * A paging cursor (the id of the last row seen, as text). Bounded to safe integers so that every
 * cursor we hand out is one we accept back: "9999999999999999999" used to come back as
 * "10000000000000000000", which the next request then refused.
 */
export const Cursor = z
  .string()
  .regex(/^\d{1,16}$/, { error: CURSOR_MESSAGE, abort: true })
  .refine((text) => Number.isSafeInteger(Number(text)), CURSOR_MESSAGE)
