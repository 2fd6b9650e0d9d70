import { ERRORS, type ErrorCode } from '@egj/shared'

/** The one error type services throw: a stable code, the status and message come from shared's table. */
export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? ERRORS[code].message)
    this.status = ERRORS[code].status
  }
}

export const notFound = (what?: string) => new AppError('NOT_FOUND', undefined, what ? `${what}不存在` : undefined)
export const forbidden = () => new AppError('FORBIDDEN')
