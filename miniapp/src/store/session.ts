import { useCallback, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { authApi } from '@egj/shared'
import type { Me } from '@egj/shared'
import { ApiError, request } from '../api/client'
import { clearToken, getToken, setToken } from './token'

export { getToken, setToken }

// The last /me we saw, so a page shown again renders the user at once while it refreshes.
let cachedMe: Me | null = null

/** Signs in: keeps the token and the user from a login response. */
export function saveLogin(token: string, user: Me): void {
  setToken(token)
  cachedMe = user
}

/** Forgets the session locally (the server side is `POST /api/v1/auth/logout`). */
export function clear(): void {
  clearToken()
  cachedMe = null
}

export function isLoggedIn(): boolean {
  return getToken() !== null
}

export interface MeState {
  me: Me | null
  loading: boolean
  /** set when /me failed for a reason other than "not logged in" (e.g. no network) */
  error: ApiError | null
  reload: () => Promise<void>
}

/** The signed-in user (GET /api/v1/me), refreshed every time the page is shown. */
export function useMe(): MeState {
  const [me, setMe] = useState<Me | null>(() => (getToken() ? cachedMe : null))
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const reload = useCallback(async () => {
    if (!getToken()) {
      cachedMe = null
      setMe(null)
      setError(null)
      return
    }
    setLoading(true)
    try {
      cachedMe = await request(authApi.me)
      setMe(cachedMe)
      setError(null)
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', '系统繁忙，请稍后再试')
      // 401: the client already dropped the token; show the logged-out state, not an error
      if (err.status === 401) {
        cachedMe = null
        setMe(null)
        setError(null)
      } else {
        setError(err)
      }
    } finally {
      setLoading(false)
    }
  }, [])

  useDidShow(() => {
    void reload()
  })

  return { me, loading, error, reload }
}
