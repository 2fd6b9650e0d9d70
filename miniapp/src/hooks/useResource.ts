import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { ApiError, asApiError } from '../api/client'
import { getToken } from '../store/token'

/**
 * What a page knows about one thing it shows. `PageGate` draws every state but `ready`.
 * - guest: not signed in (no token, or the server said 401)
 * - forbidden: signed in, but a 403
 * - error: anything else (no network, server trouble, not found); `error.code` says which
 */
export type ResourceState<T> =
  | { status: 'loading' }
  | { status: 'guest' }
  | { status: 'forbidden'; error: ApiError }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: T }

export interface ResourceOptions<T> {
  /** reload when any of these change (compared as JSON); the first load happens on mount */
  key?: unknown[]
  /** false: wait (e.g. until another answer is known); state stays `loading` */
  enabled?: boolean
  /** false: the endpoint is public; do not show `guest` without a token */
  auth?: boolean
  /** reload every time the page is shown again (back from login, from another page); default true */
  refreshOnShow?: boolean
  /** data known already (a cache): shown at once, refreshed in the background */
  initial?: T | null
}

export interface Resource<T> {
  state: ResourceState<T>
  /** the data when ready, else undefined */
  data: T | undefined
  /** load again; data already on screen stays there meanwhile (no flash of 加载中) */
  reload: () => Promise<void>
  /** put a fresh answer from a write (the server returns the updated object) on screen */
  set: (data: T) => void
  /** what the page showed is no longer valid (e.g. a write said the window closed): show this error */
  fail: (error: ApiError) => void
}

/**
 * THE way a page loads what it shows (ARCHITECTURE.md point 14): one fetcher, one state.
 * Only the latest answer counts, so a slow old answer never overwrites a newer one.
 * Not `swr` / TanStack Query: see docs/adding-a-module.md (weight in the weapp main package, and
 * their focus/online listeners assume a browser `window`).
 */
export function useResource<T>(fetcher: () => Promise<T>, options: ResourceOptions<T> = {}): Resource<T> {
  const { enabled = true, auth = true, refreshOnShow = true, initial } = options
  const [state, setState] = useState<ResourceState<T>>(() => (initial != null && (!auth || getToken()) ? { status: 'ready', data: initial } : { status: 'loading' }))
  const latest = useRef(0)
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher
  const enabledRef = useRef(enabled)
  enabledRef.current = enabled

  const startedAt = useRef(0)
  // a promise chain, not async/await: babel's regenerator would add ~0.5 KB to the main package
  const reload = useCallback((): Promise<void> => {
    const mine = ++latest.current
    startedAt.current = Date.now()
    if (auth && !getToken()) {
      setState({ status: 'guest' })
      return Promise.resolve()
    }
    setState((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }))
    return fetcherRef.current().then(
      (data) => {
        if (mine === latest.current) setState({ status: 'ready', data })
      },
      (e: unknown) => {
        if (mine !== latest.current) return
        const error = asApiError(e)
        if (error.status === 401) setState({ status: 'guest' })
        else if (error.status === 403) setState({ status: 'forbidden', error })
        else setState({ status: 'error', error })
      },
    )
  }, [auth])

  const set = useCallback((data: T) => {
    latest.current += 1
    setState({ status: 'ready', data })
  }, [])

  const fail = useCallback((error: ApiError) => {
    latest.current += 1
    setState({ status: 'error', error })
  }, [])

  const keyText = JSON.stringify(options.key ?? [])
  useEffect(() => {
    if (enabled) void reload()
  }, [keyText, enabled, reload])

  // a return to this page (from login, from another page). The first show is the mount, which
  // the effect above has just loaded (or is about to).
  const shown = useRef(false)
  useDidShow(() => {
    if (!shown.current) {
      shown.current = true
      return
    }
    if (refreshOnShow && enabledRef.current && Date.now() - startedAt.current > 500) void reload()
  })

  return { state, data: state.status === 'ready' ? state.data : undefined, reload, set, fail }
}

/** For a value that is not loaded but known (or refused) at once: the same states, no fetch. */
export function readyState<T>(data: T): ResourceState<T> {
  return { status: 'ready', data }
}
