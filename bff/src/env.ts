import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1')

const DEV_SECRET = 'dev-only-secret-change-me-0123456789'
const DINGTALK_API = 'https://oapi.dingtalk.com'
const ZZD_API = 'https://openplatform-pro.ding.zj.gov.cn'
/** an address on this machine: only a simulator answers there */
const isLoopback = (url: string) => /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(new URL(url).hostname)
const DEV_DINGTALK_APPKEY = 'dingdevappkey'
const DEV_SMS_ACCESS_KEY_ID = 'dev-sms-key'
const DEV_VISIT_PASS_SECRET = 'dev-only-visit-pass-secret-change-me'

/** Every setting, parsed once at boot. Nothing else reads process.env. */
export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z.url({ protocol: /^mysql$/, error: 'DATABASE_URL 必须是 mysql://user:pass@host:port/db' }),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    /** base of the URLs printed in QR codes, e.g. https://egj.example.gov.cn */
    PUBLIC_BASE_URL: z.url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** username-only login for the demo and tests; the route answers 404 when off */
    DEV_LOGIN: bool,
    SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
    /** HMAC key for QR tokens; printed stickers stay valid as long as this does not change */
    QR_SECRET: z.string().min(16).default(DEV_SECRET),
    /** server key the per-visit pass secrets are derived from (HMAC); changing it voids every pass handed out */
    VISIT_PASS_SECRET: z.string().min(16, 'VISIT_PASS_SECRET 至少 16 个字符').default(DEV_VISIT_PASS_SECRET),
    /** master key for personal data at rest (64 hex chars): SM4-CTR + HMAC-SM3, see lib/pii.ts */
    PII_KEY: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, 'PII_KEY 必须是 64 位十六进制')
      .default('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'),
    /** key rotation: `k2:<64 hex>,k1:<64 hex>`, the first current; unset = PII_KEY as k1 */
    PII_KEYS: z.string().optional(),
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean)),
    TRUST_PROXY: bool,
    /** with TRUST_PROXY: how many proxies of ours stand in front (nginx: 1). The client address is the entry they appended, never one the client wrote itself. */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(5).default(1),
    /** folder of the built H5 app to serve at / (the demo and the E2E tests) */
    H5_DIST: z.string().optional(),
    JOBS_ENABLED: z
      .enum(['true', 'false', '1', '0'])
      .default('true')
      .transform((v) => v === 'true' || v === '1'),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    /** wrong codes and tokens looked up (a typed 编号, a car's or door's code, an invitation link) per client address and per user in 10 minutes; over it, 429 */
    FAILED_LOOKUPS_PER_10_MINUTES: z.coerce.number().int().min(1).default(20),
    /** 访客预约: a pending visit nobody answered for this long goes to the host unit's approver */
    VISIT_ESCALATE_AFTER_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    /** 访客预约: personal data of a visit is purged this many days after its end (statistics stay) */
    VISIT_PII_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    /** 一车一码: a trip longer than this (km) is refused at finish as implausible, asking the driver to check the reading */
    TRIP_MAX_KM: z.coerce.number().int().min(1).max(100_000).default(1500),
    /** 一车一码: …and so is an average speed above this (km/h) over the trip's elapsed time */
    TRIP_MAX_AVG_KMH: z.coerce.number().int().min(1).max(1000).default(120),
    /** 一车一码: charge-back rate per km (分), plus the trip's tolls, parking and fuel/charging */
    VEHICLE_CHARGE_PER_KM_FEN: z.coerce.number().int().min(0).max(100_000).default(150),
    /** 一车一码: 公车私用 reports per device (or per address without a device id) per hour */
    VEHICLE_REPORTS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
    /** 公物仓: the longest loan in days, both ends counted (at most the product's 90) */
    ASSET_LOAN_MAX_DAYS: z.coerce.number().int().min(1).max(90).default(90),
    /** GET /metrics then requires `Authorization: Bearer <token>`; required in production, unset = open (dev, test) */
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN 至少 16 个字符').optional(),
    /** 扫普通链接二维码打开小程序: the verification file WeChat gives for the rule https://<domain>/q/, as `<name>.txt:<content>`; served at /q/<name>.txt */
    WECHAT_QR_VERIFY_FILE: z
      .string()
      .regex(/^[\w-]{1,64}\.txt:\S{1,256}$/, 'WECHAT_QR_VERIFY_FILE 格式为 <文件名>.txt:<文件内容>（微信后台下载的校验文件）')
      .transform((value) => ({ name: value.slice(0, value.indexOf(':')), content: value.slice(value.indexOf(':') + 1) }))
      .optional(),

    WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
    WECHAT_APPID: z.string().default('wx0000000000000000'),
    WECHAT_SECRET: z.string().default('dev-wechat-secret'),
    /** subscribe-message templates (公众平台 → 订阅消息, one-time, each with fields thing1 事项 and thing2 内容): 审批结果, 通行与派车, and everything else */
    WECHAT_APPROVAL_TEMPLATE_ID: z.string().min(1).default('tmpl-egj-approval'),
    WECHAT_TRIP_TEMPLATE_ID: z.string().min(1).default('tmpl-egj-trip'),
    WECHAT_NOTICE_TEMPLATE_ID: z.string().min(1).default('tmpl-egj-notice'),
    WECHATPAY_API_BASE: z.url().default('https://api.mch.weixin.qq.com'),
    WECHATPAY_MCHID: z.string().default('1900000001'),
    WECHATPAY_MERCHANT_SERIAL: z.string().optional(),
    /** PEM of the merchant API private key (apiclient_key.pem) */
    WECHATPAY_MERCHANT_PRIVATE_KEY: z.string().optional(),
    WECHATPAY_API_V3_KEY: z.string().length(32).optional(),
    /** PEM of 微信支付公钥 and its id (PUB_KEY_ID_…) */
    WECHATPAY_PLATFORM_PUBLIC_KEY: z.string().optional(),
    WECHATPAY_PLATFORM_PUBLIC_KEY_ID: z.string().optional(),
    /** outside production without keys: generated dev keys kept here (shared with the simulator) */
    /** ms before a WeChat Pay call counts as unanswered (the outcome is then unknown, never refused) */
    WECHATPAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    WECHATPAY_DEV_KEYS_DIR: z.string().default('.data/wechatpay'),
    DINGTALK_API_BASE: z.url().default(DINGTALK_API),
    /** DingTalk's current API (the access token: POST /v1.0/oauth2/accessToken) */
    DINGTALK_API_V1_BASE: z.url().default('https://api.dingtalk.com'),
    DINGTALK_APPKEY: z.string().default(DEV_DINGTALK_APPKEY),
    DINGTALK_APPSECRET: z.string().default('dev-dingtalk-secret'),
    DINGTALK_AGENT_ID: z.string().default('100000001'),
    /** 浙政钉 open platform: https://openplatform-pro.ding.zj.gov.cn (政务外网), https://openplatform.dg-work.cn for testing; the demo and tests: the simulator */
    ZZD_API_BASE: z.url().default(ZZD_API),
    /** the 浙政钉 app's AppKey / AppSecret (开放平台 → 应用 → 凭证与基础信息); unset: 浙政钉 sign-in and 钉消息 are off */
    ZZD_APP_KEY: z.string().trim().default(''),
    ZZD_APP_SECRET: z.string().trim().default(''),
    /** the organisation's 浙政钉 租户 id (tenantId): sign-ins from another 租户 are refused, 工作通知 go to this one */
    ZZD_TENANT_ID: z.string().trim().regex(/^\d*$/, 'ZZD_TENANT_ID 是浙政钉租户 id（数字）').default(''),
    /** ms before a 浙政钉 call counts as unanswered (sign-in then answers 503; a 钉消息 is retried) */
    ZZD_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    /** 阿里云短信 (dysmsapi SendSms): a 定点维修单位 gets its ticket's link by SMS. Dev defaults talk to the simulator (bff/src/simulators/sms.ts). */
    SMS_API_BASE: z.url().default('https://dysmsapi.aliyuncs.com'),
    SMS_ACCESS_KEY_ID: z.string().default(DEV_SMS_ACCESS_KEY_ID),
    SMS_ACCESS_KEY_SECRET: z.string().default('dev-sms-secret'),
    SMS_SIGN_NAME: z.string().default('e管家'),
    /** the console's template, one variable `${content}` */
    SMS_TEMPLATE_CODE: z.string().default('SMS_000000001'),
    /** ms before a send counts as unanswered (unknown: the delivery job tries again) */
    SMS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    // 浙政钉 half set up would fail at the first sign-in: say so at boot instead
    if (env.ZZD_APP_KEY && (!env.ZZD_APP_SECRET || !env.ZZD_TENANT_ID))
      ctx.addIssue({ code: 'custom', path: ['ZZD_APP_SECRET'], message: '设置了 ZZD_APP_KEY 时必须同时设置 ZZD_APP_SECRET 与 ZZD_TENANT_ID' })
    if (env.NODE_ENV !== 'production') return
    if (env.QR_SECRET === DEV_SECRET) ctx.addIssue({ code: 'custom', path: ['QR_SECRET'], message: '生产环境必须设置 QR_SECRET' })
    if (env.VISIT_PASS_SECRET === DEV_VISIT_PASS_SECRET) ctx.addIssue({ code: 'custom', path: ['VISIT_PASS_SECRET'], message: '生产环境必须设置 VISIT_PASS_SECRET' })
    if (/^0011/.test(env.PII_KEY)) ctx.addIssue({ code: 'custom', path: ['PII_KEY'], message: '生产环境必须设置 PII_KEY' })
    if (env.DEV_LOGIN) ctx.addIssue({ code: 'custom', path: ['DEV_LOGIN'], message: '生产环境不得开启 DEV_LOGIN' })
    if (!env.METRICS_TOKEN) ctx.addIssue({ code: 'custom', path: ['METRICS_TOKEN'], message: '生产环境必须设置 METRICS_TOKEN（/metrics 的访问令牌）' })
    if (!env.WECHATPAY_MERCHANT_PRIVATE_KEY || !env.WECHATPAY_MERCHANT_SERIAL || !env.WECHATPAY_API_V3_KEY || !env.WECHATPAY_PLATFORM_PUBLIC_KEY || !env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID)
      ctx.addIssue({ code: 'custom', path: ['WECHATPAY_MERCHANT_PRIVATE_KEY'], message: '生产环境必须配置微信支付商户密钥、APIv3 密钥与微信支付公钥' })
    if (env.SMS_ACCESS_KEY_ID === DEV_SMS_ACCESS_KEY_ID) ctx.addIssue({ code: 'custom', path: ['SMS_ACCESS_KEY_ID'], message: '生产环境必须配置阿里云短信的 AccessKey（SMS_ACCESS_KEY_ID / SMS_ACCESS_KEY_SECRET）' })
    if (!env.ZZD_APP_KEY || !env.ZZD_APP_SECRET || !env.ZZD_TENANT_ID)
      ctx.addIssue({ code: 'custom', path: ['ZZD_APP_SECRET'], message: '生产环境必须配置浙政钉应用的 ZZD_APP_KEY、ZZD_APP_SECRET 与 ZZD_TENANT_ID' })
    if (!env.ZZD_API_BASE.startsWith('https://') || isLoopback(env.ZZD_API_BASE))
      ctx.addIssue({ code: 'custom', path: ['ZZD_API_BASE'], message: '生产环境的 ZZD_API_BASE 必须是浙政钉开放平台的 https 地址（不能是本机的模拟器）' })
    if (!env.PUBLIC_BASE_URL) ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: '生产环境必须设置 PUBLIC_BASE_URL' })
  })
  .transform((env) => ({ ...env, PUBLIC_BASE_URL: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT || 3000}` }))

export type Env = z.infer<typeof EnvSchema>

/**
 * DingTalk is set up for this deployment: an app key of its own, or (the demo, the tests) a
 * simulator's address in place of DingTalk's. Jobs that only make sense with it (the nightly
 * 通讯录同步) are registered only then.
 */
export const dingtalkConfigured = (env: Pick<Env, 'DINGTALK_API_BASE' | 'DINGTALK_APPKEY'>) => env.DINGTALK_APPKEY !== DEV_DINGTALK_APPKEY || env.DINGTALK_API_BASE !== DINGTALK_API

/** 浙政钉 is set up for this deployment (an app key): its sign-in and 钉消息 are on. */
export const zzdConfigured = (env: Pick<Env, 'ZZD_APP_KEY'>) => env.ZZD_APP_KEY !== ''

/** Parses the environment; on bad config prints every problem and exits non-zero. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source)
  if (parsed.success) return parsed.data
  console.error('配置错误 (invalid configuration):')
  for (const issue of parsed.error.issues) console.error(`  ${issue.path.join('.') || '(root)'}: ${issue.message}`)
  process.exit(1)
}
