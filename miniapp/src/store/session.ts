import type { Me } from '@egj/shared'
import { request } from '../api/client'
import { useResource } from '../hooks/useResource'
import { clearToken, getToken, setToken } from './token'
import { authApi } from '@egj/shared'

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

/**
 * The signed-in user (GET /api/v1/me), refreshed every time the page is shown; the last one seen
 * is on screen at once. `state` is a resource state: a network failure is an `error`, never
 * `guest` — a signed-in user must not look signed out because the network is down.
 */
export function useMe() {
  const resource = useResource(
    () =>
      request(authApi.me).then((me) => {
        cachedMe = me
        return me
      }),
    { initial: cachedMe },
  )
  if (resource.state.status === 'guest') cachedMe = null
  return { state: resource.state, me: resource.data ?? null, reload: resource.reload }
}
