import type { ErrorCode } from '@egj/shared'
import { RateLimiterRes, type RateLimiterMySQL } from 'rate-limiter-flexible'
import type { Database } from '../db/client'
import { AppError } from './errors'
import { mysqlLimiter, retryAfterSeconds } from './rate-limit'

/**
 * What a wrong guess is answered: a code whose check or signature does not match, a token or code
 * nobody holds. (QR_INVALID is not one: text that is not shaped like our code tells a guesser
 * nothing about our codes, and a guard who scans a shop's QR by mistake is not guessing.)
 */
const WRONG_GUESS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['QR_FORGED', 'NOT_FOUND', 'VISIT_INVITATION_INVALID'])

/** The window failed look-ups are counted in. */
export const GUESS_WINDOW_SECONDS = 600

/** Who is looking a code up: the address as the BFF sees it (behind our proxy, the one it appended) and the signed-in user, if any. */
export interface Guesser {
  ip: string
  userId?: number | null
}

/** Over the limit: when it ends. */
function tooManyGuesses(msBeforeNext: number): AppError {
  const seconds = retryAfterSeconds(msBeforeNext)
  return new AppError('RATE_LIMITED', { retryAfterSeconds: seconds }, `输错编号或二维码的次数太多，请 ${Math.ceil(seconds / 60)} 分钟后再试`)
}

/**
 * Typed 编号 (`M12-7KQ4PX`: 30 bits of check), car codes, door codes, invitation links and voucher
 * codes can be guessed: failed look-ups are counted per signed-in user, or per client address for
 * a client nobody signed in, in MySQL (`mysqlLimiter`, as the login limit), so every instance shares one count. A client with
 * `failures` wrong guesses in the window gets 429 RATE_LIMITED with Retry-After for every look-up
 * until the window ends, on every instance, a right code included (else a right guess would still
 * show).
 *
 * A look-up that finds what it looks for is never counted, so a guard scanning a hundred real codes
 * is never refused; it costs one read by primary key per client key. Once this instance has seen a
 * client over the limit it refuses it without a query until the window ends.
 */
export class GuessLimiter {
  private readonly counter: RateLimiterMySQL
  /** keys this instance has seen over the limit, and until when (ms) */
  private readonly blocked = new Map<string, number>()

  constructor(
    database: Database,
    private readonly failures: number,
  ) {
    this.counter = mysqlLimiter(database, 'guess', failures, GUESS_WINDOW_SECONDS)
  }

  /** Runs a look-up for this client unless it has used up its wrong guesses; counts the look-up if it is a wrong guess. */
  async lookUp<T>(guesser: Guesser, lookUp: () => Promise<T>): Promise<T> {
    // A signed-in user is counted as themselves, wherever they are: a whole 机关 building often
    // shares one address, and one person's (or one attacker's) wrong guesses must not lock every
    // colleague behind it out of the canteen. Only a client nobody has signed in is its address.
    const keys = [guesser.userId ? `user:${guesser.userId}` : `ip:${guesser.ip}`]
    await this.refuseIfOver(keys)
    try {
      return await lookUp()
    } catch (error) {
      if (error instanceof AppError && WRONG_GUESS.has(error.code)) await this.countWrongGuess(keys)
      throw error
    }
  }

  private async refuseIfOver(keys: string[]): Promise<void> {
    let blockedFor = Math.max(0, ...keys.map((key) => this.blockedFor(key)))
    if (blockedFor === 0) {
      const counts = await Promise.all(keys.map((key) => this.counter.get(key)))
      counts.forEach((count, i) => {
        if (!count || count.consumedPoints < this.failures) return
        this.block(keys[i], count.msBeforeNext)
        blockedFor = Math.max(blockedFor, count.msBeforeNext)
      })
    }
    if (blockedFor > 0) throw tooManyGuesses(blockedFor)
  }

  private blockedFor(key: string): number {
    const until = this.blocked.get(key)
    if (until === undefined) return 0
    if (until > Date.now()) return until - Date.now()
    this.blocked.delete(key)
    return 0
  }

  /** One more failure for each key. Look-ups that raced past the check together and went over the limit are answered 429 too. */
  private async countWrongGuess(keys: string[]): Promise<void> {
    let blockedFor = 0
    for (const key of keys) {
      try {
        await this.counter.consume(key)
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection // the store failed: an ordinary 500, logged
        this.block(key, rejection.msBeforeNext)
        blockedFor = Math.max(blockedFor, rejection.msBeforeNext)
      }
    }
    if (blockedFor > 0) throw tooManyGuesses(blockedFor)
  }

  private block(key: string, ms: number): void {
    // many addresses each over the limit: forget those whose window has ended
    if (this.blocked.size >= 10_000) for (const [old, until] of this.blocked) if (until <= Date.now()) this.blocked.delete(old)
    this.blocked.set(key, Date.now() + ms)
  }
}
