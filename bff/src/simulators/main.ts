// Runs the WeChat, WeChat Pay, DingTalk, 浙政钉 and 阿里云短信 SIMULATORS for the demo (`npm start`). Never in production.
import path from 'node:path'
import { loadOrCreateDevKeys } from '../adapters/wechatpay-keys'
import { loadEnv } from '../env'
import { createDingtalkSimulator } from './dingtalk'
import { demoDirectory } from './dingtalk-demo'
import { listen } from './sim-server'
import { createWechatSimulator } from './wechat'
import { createWechatPaySimulator } from './wechatpay'
import { createSmsSimulator } from './sms'
import { createZzdSimulator } from './zzd'
import { demoZzdUsers } from './zzd-demo'

async function main() {
  const env = loadEnv()
  const portOf = (url: string) => Number(new URL(url).port)
  const wechat = await listen(createWechatSimulator({ appId: env.WECHAT_APPID, secret: env.WECHAT_SECRET }).app, portOf(env.WECHAT_API_BASE))
  const dingtalk = await listen(createDingtalkSimulator({ appKey: env.DINGTALK_APPKEY, appSecret: env.DINGTALK_APPSECRET, agentId: env.DINGTALK_AGENT_ID, directory: demoDirectory() }).app, portOf(env.DINGTALK_API_BASE))
  // The same dev keys the BFF loads: merchant key pair (ours) and platform key pair (the simulator's).
  const keys = loadOrCreateDevKeys(path.resolve(env.WECHATPAY_DEV_KEYS_DIR))
  const pay = createWechatPaySimulator({
    mchid: env.WECHATPAY_MCHID,
    appid: env.WECHAT_APPID,
    apiV3Key: keys.apiV3Key,
    merchantPublicKeyPem: keys.merchantPublicKeyPem,
    merchantSerialNo: keys.merchantSerialNo,
    platformPrivateKeyPem: keys.platformPrivateKeyPem,
    platformPublicKeyId: keys.platformPublicKeyId,
    merchantName: 'e管家 公务餐（演示商户）',
  })
  const payServer = await listen(pay.app, portOf(env.WECHATPAY_API_BASE), '0.0.0.0')
  const sms = await listen(createSmsSimulator({ accessKeyId: env.SMS_ACCESS_KEY_ID, accessKeySecret: env.SMS_ACCESS_KEY_SECRET, signName: env.SMS_SIGN_NAME, templateCode: env.SMS_TEMPLATE_CODE }).app, portOf(env.SMS_API_BASE))
  const zzd = await listen(createZzdSimulator({ appKey: env.ZZD_APP_KEY, appSecret: env.ZZD_APP_SECRET, tenantId: env.ZZD_TENANT_ID, users: demoZzdUsers() }).app, portOf(env.ZZD_API_BASE))
  console.log(`浙政钉模拟器 (浙政钉 simulator; 免登码 POST /__sim/zzd/auth-codes {"accountId":"710001"}, 钉消息 /__sim/zzd/messages): ${zzd.url}`)
  console.log(`微信模拟器 (WeChat simulator): ${wechat.url}\n微信支付模拟器 (WeChat Pay simulator): ${payServer.url}\n钉钉模拟器 (DingTalk simulator): ${dingtalk.url}\n短信模拟器 (SMS simulator, 已收短信 /__sim/sms/messages): ${sms.url}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
