import { useCallback, useRef, useState } from 'react'
import { ApiError, errorMessage } from '../../../api/client'
import { getToken } from '../../../store/session'

export type LoadState<T> =
  | { status: 'loading' }
  | { status: 'guest' }
  | { status: 'forbidden' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: T }

export const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', errorMessage(e)))

/**
 * One thing a page shows, loaded by `load()`: not signed in, not allowed, failed, or the data.
 * A reload keeps the data on screen (no flash of "加载中"); only the latest answer counts.
 */
export function useLoad<T>(fetcher: () => Promise<T>) {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' })
  const latest = useRef(0)
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher

  const load = useCallback(async () => {
    const mine = ++latest.current
    if (!getToken()) {
      setState({ status: 'guest' })
      return
    }
    setState((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }))
    try {
      const data = await fetcherRef.current()
      if (mine === latest.current) setState({ status: 'ready', data })
    } catch (e) {
      if (mine !== latest.current) return
      const error = asApiError(e)
      if (error.status === 401) setState({ status: 'guest' })
      else if (error.status === 403) setState({ status: 'forbidden' })
      else setState({ status: 'error', message: error.message })
    }
  }, [])

  /** Puts a fresh answer from a write (the server returns the updated object) on screen. */
  const set = useCallback((data: T) => {
    latest.current += 1
    setState({ status: 'ready', data })
  }, [])

  return { state, load, set }
}
