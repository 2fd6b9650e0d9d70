import { AsyncLocalStorage } from 'node:async_hooks'
import pino, { type DestinationStream, type Logger } from 'pino'

export type { Logger }

/** What every log line written inside a request or a job run carries: `reqId`, or `job` + `runId`. */
export type LogContext = Readonly<Record<string, string>>

const logContext = new AsyncLocalStorage<LogContext>()

/**
 * Runs `work` with `bindings` added to every log line written inside it, however deep: services,
 * repos and adapters log through the logger they were built with and still carry the request id,
 * without a logger being passed down each call. Nested contexts add to the outer one.
 */
export function withLogContext<T>(bindings: Record<string, string>, work: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...bindings }, work)
}

/** `destination` defaults to stdout; tests pass a stream to read the lines back. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'egj-bff' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // pino merges the call's own fields into this object, so it must be a fresh copy each line.
    mixin: () => ({ ...logContext.getStore() }),
    // Tokens, codes and personal data never reach the logs.
    redact: { paths: ['req.headers.authorization', '*.token', '*.code', '*.authCode', '*.auth_code', '*.accessToken', '*.access_token', '*.appSecret', '*.appsecret', '*.mobile', '*.phoneCode'], censor: '[redacted]' },
  }
  return destination ? pino(options, destination) : pino(options)
}
