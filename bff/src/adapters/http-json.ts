import { AppError } from '../lib/errors'

export interface FetchJsonOptions {
  method?: 'GET' | 'POST'
  body?: unknown
  timeoutMs?: number
  /** attempts for network errors and 5xx (with backoff); 4xx and business errors are not retried */
  attempts?: number
  headers?: Record<string, string>
}

/**
 * JSON over HTTP for the outside services we call (WeChat, DingTalk): a timeout on every call
 * and bounded retries with backoff for the failures worth retrying.
 */
export async function fetchJson<T>(url: string, options: FetchJsonOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3
  let lastError: unknown
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: options.method ?? 'GET',
        headers: { accept: 'application/json', ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      })
      if (response.status >= 500) throw new Error(`upstream ${response.status}`)
      return (await response.json()) as T
    } catch (error) {
      lastError = error
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1)))
    }
  }
  throw new AppError('UPSTREAM_UNAVAILABLE', { cause: String(lastError) })
}

/** Caches an access token until shortly before it expires (per instance; a cache, not state). */
export class TokenCache {
  private value: string | null = null
  private expiresAt = 0
  private pending: Promise<string> | null = null

  constructor(private readonly fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>) {}

  async get(): Promise<string> {
    if (this.value && Date.now() < this.expiresAt) return this.value
    this.pending ??= this.fetchToken()
      .then(({ token, expiresInSeconds }) => {
        this.value = token
        this.expiresAt = Date.now() + Math.max(expiresInSeconds - 300, 60) * 1000
        return token
      })
      .finally(() => {
        this.pending = null
      })
    return this.pending
  }

  invalidate(): void {
    this.value = null
  }
}
