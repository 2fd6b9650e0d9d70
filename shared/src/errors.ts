/**
 * Stable error codes → HTTP status and the Chinese message a user sees.
 * Clients switch on `code`, never on the message text.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容有误，请检查后重试' },
  MALFORMED_JSON: { status: 400, message: '请求格式错误，无法解析' },
  MALFORMED_BODY: { status: 400, message: '请求内容无法解码，与声明的压缩方式（Content-Encoding）不符' },
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
  METHOD_NOT_IMPLEMENTED: { status: 501, message: '服务器不支持该请求方式' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请以 JSON 格式提交' },
  UNSUPPORTED_CONTENT_ENCODING: { status: 415, message: '不支持该压缩方式（Content-Encoding），请使用 gzip 或不压缩' },
  QR_INVALID: { status: 400, message: '无法识别的二维码，请确认扫描的是 e管家 的码' },
  QR_FORGED: { status: 400, message: '二维码校验失败，可能是伪造或已被篡改的码，请联系工作人员' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: '缺少 Idempotency-Key 请求头，请更新小程序后重试' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: '同一个请求编号被用于不同的内容，请重新发起' },
  MEAL_NO_ACCOUNT: { status: 409, message: '您还没有饭卡账户，请使用微信支付' },
  MEAL_INSUFFICIENT_BALANCE: { status: 409, message: '饭卡余额不足，请充值或使用微信支付' },
  MEAL_OVER_CAP: { status: 409, message: '金额超过本餐次公务餐标准' },
  MEAL_OFFICIAL_NO_PERIOD: { status: 409, message: '当前不在用餐时段，不能按公务餐支付' },
  MEAL_POSSIBLE_DUPLICATE: { status: 409, message: '您在 2 分钟内已在该窗口付过款，确认要再付一笔吗？' },
  MEAL_AMOUNT_TOO_LARGE: { status: 422, message: '单笔金额超过该商户的上限' },
  MEAL_WINDOW_CLOSED: { status: 409, message: '该窗口已停用，请到其他窗口付款' },
  MEAL_WECHAT_ONLY_IN_WECHAT: { status: 409, message: '请在微信中打开以使用微信支付' },
  MEAL_PAYMENT_NOT_PAID: { status: 409, message: '该笔订单尚未支付成功' },
  MEAL_PAYMENT_ALREADY_PAID: { status: 409, message: '这笔订单已支付成功' },
  MEAL_PAYMENT_CLOSED: { status: 409, message: '这笔订单已关闭，请重新扫码付款' },
  MEAL_REFUND_EXCEEDS: { status: 409, message: '退款金额超过可退金额' },
  MEAL_REFUND_NOT_SAME_DAY: { status: 409, message: '收银员只能退当天的款，更早的请联系管理员' },
  MEAL_REFUND_REFUSED: { status: 409, message: '微信支付拒绝了这笔退款，款项未退出，可稍后重试或联系管理员' },
  MEAL_VOUCHER_INVALID: { status: 409, message: '餐券无效、已使用或已过期' },
  MEAL_VOUCHER_NOT_ENOUGH: { status: 409, message: '金额超过餐券面值' },
  MEAL_SUBSIDY_ALREADY_RUN: { status: 409, message: '该单位本月餐补已发放，不能重复发放' },
  VISIT_WINDOW_PAST: { status: 422, message: '到访时间已过，请重新选择' },
  VISIT_WINDOW_TOO_FAR: { status: 422, message: '最多可预约 60 天内的来访' },
  VISIT_HOST_NOT_FOUND: { status: 404, message: '未找到该被访人，请按姓名重新查找' },
  VISIT_NOT_ACCEPTED: { status: 403, message: '暂时无法为您办理来访预约，请与被访人联系' },
  VISIT_BLOCKED: { status: 403, message: '该证件在黑名单中，不能登记入园' },
  VISIT_NOT_PENDING: { status: 409, message: '这次来访已经处理过了' },
  VISIT_NOT_DECIDER: { status: 403, message: '只有被访人（超时后为其单位审批人）可以审批这次来访' },
  VISIT_CANNOT_CANCEL: { status: 409, message: '这次来访已入园、已结束或已取消，不能再取消' },
  VISIT_INVITATION_INVALID: { status: 404, message: '邀请链接无效或已取消，请联系邀请人' },
  VISIT_INVITATION_USED: { status: 409, message: '该邀请已由其他人填写，请联系邀请人重新邀请' },
  VISIT_PASS_NOT_READY: { status: 409, message: '来访尚未通过审批，暂时没有通行码' },
  VISIT_PASS_CLOSED: { status: 409, message: '来访已结束或已取消，通行码已失效' },
  VISIT_BLOCKLIST_EXISTS: { status: 409, message: '该证件已在黑名单中' },
  GATE_NOT_ON_SITE: { status: 409, message: '该访客不在园内' },
  GATE_NOT_APPROVED: { status: 409, message: '来访尚未通过审批，不能入园' },
  WECHATPAY_SIGNATURE_INVALID: { status: 401, message: '微信支付通知签名校验失败' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  UPSTREAM_UNAVAILABLE: { status: 502, message: '外部服务暂时不可用，请稍后再试' },
  UPSTREAM_REJECTED: { status: 502, message: '外部服务拒绝了该请求，请稍后再试或联系管理员' },
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
