/// <reference types="jest" />
import { MAX_BATCH, normaliseCode, queueKey, StocktakeQueue, type BatchResult, type QueueStorage } from './stocktake-queue'

/** The phone's storage, kept as JSON text like the real one (so nothing is shared by reference). */
function memoryStorage(): QueueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    get: (key) => (data.has(key) ? JSON.parse(data.get(key)!) : ''),
    set: (key, value) => void data.set(key, JSON.stringify(value)),
    remove: (key) => void data.delete(key),
  }
}

const NETWORK = Object.assign(new Error('网络连接失败'), { code: 'NETWORK' })
const FINISHED = Object.assign(new Error('该盘点已结束'), { code: 'ASSET_STOCKTAKE_FINISHED' })
const keepsCodes = (error: unknown) => (error as { code?: string }).code === 'NETWORK'

/** A server that counts each code once and answers like POST …/scans. */
function server(expected = 10) {
  const counted = new Set<string>()
  const batches: string[][] = []
  let down = false
  let refuse: Error | null = null
  const send = jest.fn(async (codes: string[]): Promise<BatchResult> => {
    if (down) throw NETWORK
    if (refuse) throw refuse
    batches.push(codes)
    let accepted = 0
    const unknown: string[] = []
    for (const code of codes) {
      if (code.startsWith('BAD')) unknown.push(code)
      else if (!counted.has(code)) {
        counted.add(code)
        accepted += 1
      }
    }
    return { accepted, unknown, scanned: counted.size, expected }
  })
  return {
    send,
    batches,
    counted,
    goDown: () => void (down = true),
    comeBack: () => void (down = false),
    refuseWith: (error: Error) => void (refuse = error),
  }
}

describe('the stocktake scan queue', () => {
  it('keeps each scan in storage at once, one key per stocktake, and a code only once', () => {
    const storage = memoryStorage()
    const api = server()
    const queue = new StocktakeQueue({ stocktakeId: 7, storage, send: api.send, keepsCodes })
    expect(queue.add(' A1-AAAAAA ')).toBe('queued')
    expect(queue.add('A1-AAAAAA')).toBe('duplicate')
    expect(queue.add('   ')).toBe('invalid')
    expect(queue.add('x'.repeat(301))).toBe('invalid')
    expect(queue.add('https://egj.example/q/a/2.sig')).toBe('queued')
    expect(queue.pending()).toEqual(['A1-AAAAAA', 'https://egj.example/q/a/2.sig'])
    expect(JSON.parse(storage.data.get(queueKey(7))!).pending).toEqual(['A1-AAAAAA', 'https://egj.example/q/a/2.sig'])
    expect(storage.data.has(queueKey(8))).toBe(false)
    expect(api.send).not.toHaveBeenCalled()
  })

  it('sends the queue and empties it, reporting progress and codes the server did not know', async () => {
    const storage = memoryStorage()
    const api = server(3)
    const queue = new StocktakeQueue({ stocktakeId: 1, storage, send: api.send, keepsCodes })
    queue.add('A1-AAAAAA')
    queue.add('BAD-CODE')
    const outcome = await queue.flush()
    expect(outcome).toEqual({ sent: 2, accepted: 1, unknown: ['BAD-CODE'], progress: { scanned: 1, expected: 3 }, offline: false, refused: null })
    expect(queue.size).toBe(0)
    expect(JSON.parse(storage.data.get(queueKey(1))!).pending).toEqual([])
    // sent codes are still known on this phone: scanning one again is 已扫过, not a new send
    expect(queue.add('A1-AAAAAA')).toBe('duplicate')
  })

  it('keeps the codes when the network is down, and sends them once back online', async () => {
    const storage = memoryStorage()
    const api = server()
    const queue = new StocktakeQueue({ stocktakeId: 1, storage, send: api.send, keepsCodes })
    api.goDown()
    queue.add('A1-AAAAAA')
    queue.add('A2-BBBBBB')
    const offline = await queue.flush()
    expect(offline).toMatchObject({ sent: 0, offline: true, refused: null, progress: null })
    expect(queue.pending()).toEqual(['A1-AAAAAA', 'A2-BBBBBB'])
    queue.add('A3-CCCCCC')
    expect(queue.size).toBe(3)

    api.comeBack()
    const online = await queue.flush()
    expect(online).toMatchObject({ sent: 3, accepted: 3, offline: false, progress: { scanned: 3, expected: 10 } })
    expect(queue.size).toBe(0)
    expect([...api.counted]).toEqual(['A1-AAAAAA', 'A2-BBBBBB', 'A3-CCCCCC'])
  })

  it('survives the page (or the app) being closed: a new queue for the stocktake reads what was left', async () => {
    const storage = memoryStorage()
    const api = server()
    api.goDown()
    const first = new StocktakeQueue({ stocktakeId: 5, storage, send: api.send, keepsCodes })
    first.add('A1-AAAAAA')
    await first.flush()

    api.comeBack()
    const again = new StocktakeQueue({ stocktakeId: 5, storage, send: api.send, keepsCodes })
    expect(again.pending()).toEqual(['A1-AAAAAA'])
    expect(again.add('A1-AAAAAA')).toBe('duplicate')
    await again.flush()
    expect(again.size).toBe(0)
    expect(api.counted.has('A1-AAAAAA')).toBe(true)
  })

  it('reads a damaged or foreign stored value as an empty queue', () => {
    const storage = memoryStorage()
    storage.set(queueKey(2), { pending: 'nope', seen: [1, 2] })
    const queue = new StocktakeQueue({ stocktakeId: 2, storage, send: server().send, keepsCodes })
    expect(queue.pending()).toEqual([])
    expect(queue.add('A1-AAAAAA')).toBe('queued')
  })

  it(`sends at most ${MAX_BATCH} codes a request, batch after batch`, async () => {
    const api = server(1200)
    const queue = new StocktakeQueue({ stocktakeId: 1, storage: memoryStorage(), send: api.send, keepsCodes })
    for (let i = 0; i < 1200; i++) queue.add(`A${i}-AAAAAA`)
    const outcome = await queue.flush()
    expect(api.batches.map((batch) => batch.length)).toEqual([500, 500, 200])
    expect(outcome).toMatchObject({ sent: 1200, accepted: 1200, progress: { scanned: 1200, expected: 1200 } })
  })

  it('stops at the first batch that fails and keeps the rest for later', async () => {
    const api = server()
    let calls = 0
    const send = (codes: string[]) => (++calls === 2 ? Promise.reject(NETWORK) : api.send(codes))
    const queue = new StocktakeQueue({ stocktakeId: 1, storage: memoryStorage(), send, keepsCodes, batchSize: 2 })
    ;['A1-A', 'A2-A', 'A3-A', 'A4-A', 'A5-A'].forEach((code) => queue.add(code))
    const outcome = await queue.flush()
    expect(outcome).toMatchObject({ sent: 2, offline: true })
    expect(queue.pending()).toEqual(['A3-A', 'A4-A', 'A5-A'])
  })

  it('drops a batch the server refuses for good (the stocktake is finished) and says why', async () => {
    const api = server()
    api.refuseWith(FINISHED)
    const queue = new StocktakeQueue({ stocktakeId: 1, storage: memoryStorage(), send: api.send, keepsCodes })
    queue.add('A1-AAAAAA')
    const outcome = await queue.flush()
    expect(outcome.refused).toBe(FINISHED)
    expect(outcome.offline).toBe(false)
    expect(queue.size).toBe(0)
  })

  it('runs one flush at a time; codes scanned while a batch is on its way go in the next one', async () => {
    const api = server()
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const send = jest.fn(async (codes: string[]) => {
      await gate
      return api.send(codes)
    })
    const queue = new StocktakeQueue({ stocktakeId: 1, storage: memoryStorage(), send, keepsCodes })
    queue.add('A1-AAAAAA')
    const first = queue.flush()
    queue.add('A2-BBBBBB')
    const second = queue.flush()
    release()
    const [a, b] = await Promise.all([first, second])
    expect(send).toHaveBeenCalledTimes(2)
    expect(send.mock.calls.map(([codes]) => codes)).toEqual([['A1-AAAAAA'], ['A2-BBBBBB']])
    expect(a.sent).toBe(2)
    expect(b.sent).toBe(2)
    expect(queue.size).toBe(0)
  })

  it('forgets the stocktake once cleared', async () => {
    const storage = memoryStorage()
    const queue = new StocktakeQueue({ stocktakeId: 3, storage, send: server().send, keepsCodes })
    queue.add('A1-AAAAAA')
    queue.clear()
    expect(storage.data.has(queueKey(3))).toBe(false)
    expect(queue.size).toBe(0)
  })

  it('trims what it keeps', () => {
    expect(normaliseCode('  A12-7KQ4PX\n')).toBe('A12-7KQ4PX')
    expect(normaliseCode('')).toBeNull()
  })
})
