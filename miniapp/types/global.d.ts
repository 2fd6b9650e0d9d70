/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string
  export default src
}
declare module '*.jpg' {
  const src: string
  export default src
}
declare module '*.svg' {
  const src: string
  export default src
}
declare module '*.css'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    /** the platform being built (Taro replaces it at build time) */
    TARO_ENV: 'weapp' | 'h5' | 'alipay' | 'swan' | 'tt' | 'qq' | 'jd' | 'harmony' | 'rn'
    /** BFF base URL, e.g. https://egj.example.gov.cn; empty = same origin (the BFF serves the H5 build) */
    TARO_APP_API_BASE?: string
    /** DingTalk / 浙政钉 corpId for the free-login auth code */
    TARO_APP_DINGTALK_CORP_ID?: string
    /** the mini-program's appid (Taro writes it into project.config.json) */
    TARO_APP_ID?: string
  }
}
