import Taro from '@tarojs/taro'

// The bearer token lives in local storage (weapp storage / H5 localStorage via Taro).
const TOKEN_KEY = 'egj.token'

export function getToken(): string | null {
  const token: unknown = Taro.getStorageSync(TOKEN_KEY)
  return typeof token === 'string' && token ? token : null
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_KEY, token)
}

export function clearToken(): void {
  Taro.removeStorageSync(TOKEN_KEY)
}
