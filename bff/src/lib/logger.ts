import pino, { type Logger } from 'pino'

export type { Logger }

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'egj-bff' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Tokens, codes and personal data never reach the logs.
    redact: { paths: ['req.headers.authorization', '*.token', '*.code', '*.authCode', '*.mobile', '*.phoneCode'], censor: '[redacted]' },
  })
}
