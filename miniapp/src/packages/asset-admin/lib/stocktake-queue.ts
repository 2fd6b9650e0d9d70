/*
 * The 盘点 page's local queue of scanned codes. Every scan is written to the phone's storage first
 * (one key per stocktake), then sent in batches; a batch that fails for want of a network (or of
 * an answer) stays queued and goes again when the phone is back online or the page is shown again.
 * Sending a code twice is harmless: the server counts an asset once per stocktake.
 * Pure: storage, sending and the kind of failure are passed in (the page gives Taro's storage and
 * the contract's request), so the rules are tested without Taro (stocktake-queue.test.ts).
 */

/** The phone's key–value storage (Taro.getStorageSync / setStorageSync / removeStorageSync). */
export interface QueueStorage {
  get(key: string): unknown
  set(key: string, value: unknown): void
  remove(key: string): void
}

/** What the server answers for a batch (POST /api/v1/asset-stocktakes/:id/scans). */
export interface BatchResult {
  accepted: number
  unknown: string[]
  scanned: number
  expected: number
}

export interface QueueOptions {
  stocktakeId: number
  storage: QueueStorage
  send: (codes: string[]) => Promise<BatchResult>
  /** whether a failed send may work later (no network, no answer, server trouble): the codes stay queued */
  keepsCodes: (error: unknown) => boolean
  /** the server takes at most this many codes a request */
  batchSize?: number
}

export type AddOutcome = 'queued' | 'duplicate' | 'invalid'

export interface FlushOutcome {
  /** codes the server took in this flush */
  sent: number
  /** newly counted assets in this flush */
  accepted: number
  /** codes the server did not know (not an asset code, or forged), all batches of this flush */
  unknown: string[]
  /** the last answer's progress, when a batch went through */
  progress: { scanned: number; expected: number } | null
  /** a batch failed for want of a network: what is left stays queued */
  offline: boolean
  /** a batch was refused for good (e.g. the stocktake is finished): its codes were dropped */
  refused: unknown
}

interface Stored {
  /** waiting to be sent, in scan order */
  pending: string[]
  /** every code taken on this phone for this stocktake (to say 已扫过 at once) */
  seen: string[]
}

export const MAX_BATCH = 500
const MAX_CODE_LENGTH = 300

/** The storage key of a stocktake's queue. */
export const queueKey = (stocktakeId: number) => `egj.asset.stocktake.${stocktakeId}`

/** One scan's text as the queue keeps it (trimmed), or null when it cannot be a code. */
export function normaliseCode(text: string): string | null {
  const code = text.trim()
  return code && code.length <= MAX_CODE_LENGTH ? code : null
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

export class StocktakeQueue {
  private readonly key: string
  private readonly batchSize: number
  private state: Stored
  private running: Promise<FlushOutcome> | null = null

  constructor(private readonly options: QueueOptions) {
    this.key = queueKey(options.stocktakeId)
    this.batchSize = Math.max(1, Math.min(MAX_BATCH, options.batchSize ?? MAX_BATCH))
    this.state = this.read()
  }

  /** Codes waiting to be sent. */
  pending(): string[] {
    return [...this.state.pending]
  }

  get size(): number {
    return this.state.pending.length
  }

  /** Whether this phone has taken the code in this stocktake already (sent or not). */
  has(text: string): boolean {
    const code = normaliseCode(text)
    return code !== null && this.state.seen.includes(code)
  }

  /** Queues a scanned code (stored at once); a code already taken here is not queued again. */
  add(text: string): AddOutcome {
    const code = normaliseCode(text)
    if (!code) return 'invalid'
    if (this.state.seen.includes(code)) return 'duplicate'
    this.state = { pending: [...this.state.pending, code], seen: [...this.state.seen, code] }
    this.write()
    return 'queued'
  }

  /**
   * Sends what is queued, batch after batch, until the queue is empty or a batch fails. One flush
   * at a time: a call while one runs waits for it, then sends what was queued meanwhile.
   */
  flush(): Promise<FlushOutcome> {
    if (this.running) {
      const current = this.running
      return current.then((first) => (this.state.pending.length && !first.offline && !first.refused ? this.flush().then((next) => merge(first, next)) : first))
    }
    const run = this.sendAll().finally(() => {
      if (this.running === run) this.running = null
    })
    this.running = run
    return run
  }

  /** Forgets the stocktake's queue (after it is finished). */
  clear(): void {
    this.state = { pending: [], seen: [] }
    this.options.storage.remove(this.key)
  }

  private async sendAll(): Promise<FlushOutcome> {
    let outcome: FlushOutcome = { sent: 0, accepted: 0, unknown: [], progress: null, offline: false, refused: null }
    while (this.state.pending.length) {
      const batch = this.state.pending.slice(0, this.batchSize)
      try {
        const result = await this.options.send(batch)
        this.drop(batch)
        outcome = merge(outcome, { sent: batch.length, accepted: result.accepted, unknown: result.unknown, progress: { scanned: result.scanned, expected: result.expected }, offline: false, refused: null })
      } catch (error) {
        if (this.options.keepsCodes(error)) return { ...outcome, offline: true }
        this.drop(batch)
        return { ...outcome, refused: error }
      }
    }
    return outcome
  }

  /** Takes sent (or refused) codes off the queue; codes queued meanwhile stay. */
  private drop(batch: string[]): void {
    const done = new Set(batch)
    this.state = { ...this.state, pending: this.state.pending.filter((code) => !done.has(code)) }
    this.write()
  }

  private read(): Stored {
    let value: unknown
    try {
      value = this.options.storage.get(this.key)
    } catch {
      value = null
    }
    const stored = (value ?? {}) as Partial<Stored>
    const pending = isStringList(stored.pending) ? stored.pending : []
    const seen = isStringList(stored.seen) ? stored.seen : []
    return { pending, seen: [...new Set([...seen, ...pending])] }
  }

  private write(): void {
    this.options.storage.set(this.key, { pending: this.state.pending, seen: this.state.seen })
  }
}

function merge(a: FlushOutcome, b: FlushOutcome): FlushOutcome {
  return {
    sent: a.sent + b.sent,
    accepted: a.accepted + b.accepted,
    unknown: [...a.unknown, ...b.unknown],
    progress: b.progress ?? a.progress,
    offline: b.offline,
    refused: b.refused,
  }
}
