// Runs the WeChat and DingTalk SIMULATORS for the demo (`npm start` starts this). Never in production.
import { loadEnv } from '../env'
import { createDingtalkSimulator } from './dingtalk'
import { listen } from './sim-server'
import { createWechatSimulator } from './wechat'

async function main() {
  const env = loadEnv()
  const wechatPort = Number(new URL(env.WECHAT_API_BASE).port)
  const dingtalkPort = Number(new URL(env.DINGTALK_API_BASE).port)
  const wechat = await listen(createWechatSimulator({ appId: env.WECHAT_APPID, secret: env.WECHAT_SECRET }).app, wechatPort)
  const dingtalk = await listen(createDingtalkSimulator({ appKey: env.DINGTALK_APPKEY, appSecret: env.DINGTALK_APPSECRET, agentId: env.DINGTALK_AGENT_ID }).app, dingtalkPort)
  console.log(`微信模拟器 (WeChat simulator): ${wechat.url}\n钉钉模拟器 (DingTalk simulator): ${dingtalk.url}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
