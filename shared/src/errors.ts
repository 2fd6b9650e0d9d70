/**
 * Stable error codes → HTTP status and the Chinese message a user sees.
 * Clients switch on `code`, never on the message text.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容有误，请检查后重试' },
  MALFORMED_JSON: { status: 400, message: '请求格式错误，无法解析' },
  AUTH_REQUIRED: { status: 401, message: '请先登录' },
  AUTH_INVALID_TOKEN: { status: 401, message: '登录已失效，请重新登录' },
  AUTH_UNKNOWN_USER: { status: 401, message: '账号不存在' },
  AUTH_WECHAT_CODE_INVALID: { status: 401, message: '微信登录凭证无效或已过期，请重新进入小程序' },
  AUTH_DINGTALK_CODE_INVALID: { status: 401, message: '钉钉登录凭证无效或已过期，请重新打开应用' },
  AUTH_DINGTALK_NOT_BOUND: { status: 403, message: '您的钉钉账号尚未关联工作人员信息，请联系管理员' },
  AUTH_BIND_NO_STAFF: { status: 404, message: '未找到该手机号对应的工作人员，请联系本单位管理员' },
  AUTH_BIND_ALREADY: { status: 409, message: '该工作人员已绑定其他微信账号' },
  FORBIDDEN: { status: 403, message: '您没有权限进行此操作' },
  NOT_FOUND: { status: 404, message: '请求的内容不存在' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持该请求方式' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请以 JSON 格式提交' },
  QR_INVALID: { status: 400, message: '无法识别的二维码，请确认扫描的是 e管家 的码' },
  QR_FORGED: { status: 400, message: '二维码校验失败，可能是伪造或已被篡改的码，请联系工作人员' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  UPSTREAM_UNAVAILABLE: { status: 502, message: '外部服务暂时不可用，请稍后再试' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
  INTERNAL: { status: 500, message: '系统繁忙，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as ErrorBody | null)?.error
  return !!error && typeof error.code === 'string' && typeof error.message === 'string'
}
