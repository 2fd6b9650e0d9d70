/// <reference types="jest" />
import { isJsapiCancel, isPublicDingTalkUserAgent, isZzdPcUserAgent, isZzdUserAgent, scannedTextOf, zzdAuthCodeOf } from './platform-ua'

// User agents shaped by the markers the clients' own SDKs test for (gdt-jsapi 1.9.51's invoker and
// getEnv; dingtalk-jsapi 3.x getENV): TaurusApp(<app>/<version>), DingTalk, dingtalk-win.
const UA = {
  zzdAndroid:
    'Mozilla/5.0 (Linux; Android 12; V2145A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/101.0.4951.61 Mobile Safari/537.36 AliApp(DingTalk/2.6.0) com.alibaba.taurus.zj/2.6.0 TaurusApp(zzd/2.6.0) DingTalk(2.6.0) language/zh-Hans-CN',
  zzdIosMpaas: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 mPaaSClient/10.2.3 Nebula TaurusApp(zzd/2.6.0)',
  zzdPc: 'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.164 Safari/537.36 dingtalk-win/1.0.0 nw(0.14.7) DingTalk(2.6.0) Mojo/1.0.0 Native TaurusApp(zzd/2.6.0)',
  dingtalkAndroid:
    'Mozilla/5.0 (Linux; Android 13; PGT-AN10 Build/HONORPGT-AN10; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/114.0.5735.196 Mobile Safari/537.36 AliApp(DingTalk/7.0.40) com.alibaba.android.rimet/36381658 Channel/700159 language/zh-CN abi/64 UT4Aplus/0.2.25 colorScheme/light',
  dingtalkPc: 'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.164 Safari/537.36 dingtalk-win/1.0.0 nw(0.14.7) DingTalk(7.0.40-Release.1) Mojo/1.0.0 Native AppType(release) Channel/201200',
  wechat: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.42(0x18002a2f) NetType/WIFI Language/zh_CN',
  chrome: 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
}

describe('which client opened the H5 app', () => {
  it.each([
    ['浙政钉 on Android (TaurusApp and DingTalk)', UA.zzdAndroid, { zzd: true, zzdPc: false, dingtalk: false }],
    ['浙政钉 on iPhone in its mPaaS container (TaurusApp, no DingTalk)', UA.zzdIosMpaas, { zzd: true, zzdPc: false, dingtalk: false }],
    ['浙政钉 on Windows (TaurusApp and dingtalk-win)', UA.zzdPc, { zzd: true, zzdPc: true, dingtalk: false }],
    ['public DingTalk on Android', UA.dingtalkAndroid, { zzd: false, zzdPc: false, dingtalk: true }],
    ['public DingTalk on Windows (dingtalk-win, no TaurusApp)', UA.dingtalkPc, { zzd: false, zzdPc: false, dingtalk: true }],
    ['WeChat’s browser', UA.wechat, { zzd: false, zzdPc: false, dingtalk: false }],
    ['a phone browser', UA.chrome, { zzd: false, zzdPc: false, dingtalk: false }],
  ])('%s', (_, ua, expected) => {
    expect({ zzd: isZzdUserAgent(ua), zzdPc: isZzdPcUserAgent(ua), dingtalk: isPublicDingTalkUserAgent(ua) }).toEqual(expected)
  })
})

describe('the 浙政钉 auth code from getAuthCode', () => {
  it('takes a phone client’s `code`', () => {
    expect(zzdAuthCodeOf({ code: 'phone-code-1', expireTime: 300 })).toBe('phone-code-1')
  })
  it('takes the PC client’s `auth_code`', () => {
    expect(zzdAuthCodeOf({ auth_code: 'pc-code-1', expires_in: 300 })).toBe('pc-code-1')
  })
  it('prefers `code` when a client sends both', () => {
    expect(zzdAuthCodeOf({ code: 'a', auth_code: 'b' })).toBe('a')
  })
  it('skips an empty `code` for a real `auth_code`', () => {
    expect(zzdAuthCodeOf({ code: '', auth_code: 'pc-code-2' })).toBe('pc-code-2')
  })
  it.each([[null], [undefined], ['code'], [{}], [{ code: 42 }], [{ code: '   ' }], [{ authCode: 'camelCase is not an answer of gdt-jsapi' }]])('finds no code in %p', (answer) => {
    expect(zzdAuthCodeOf(answer)).toBeNull()
  })
})

describe('the scanners’ answers', () => {
  it('reads the scanned text', () => {
    expect(scannedTextOf({ text: 'https://egj.example.gov.cn/q/m/1.abc' })).toBe('https://egj.example.gov.cn/q/m/1.abc')
  })
  it.each([[null], [{}], [{ text: '' }], [{ text: 7 }]])('has no text in %p', (answer) => {
    expect(scannedTextOf(answer)).toBeNull()
  })
  it('tells a closed scanner (nothing to do) from a failure (our camera page instead)', () => {
    expect(isJsapiCancel({ errorCode: '-1', errorMessage: 'user cancel' })).toBe(true)
    expect(isJsapiCancel({ errorCode: -1 })).toBe(true)
    expect(isJsapiCancel({ errorMessage: '用户取消' })).toBe(true)
    expect(isJsapiCancel('scan cancelled')).toBe(true)
    expect(isJsapiCancel({ errorCode: '7', errorMessage: 'no permission' })).toBe(false)
    expect(isJsapiCancel('错误：请在 dd.ready() 回调中使用 JSAPI，当前调用函数：scan')).toBe(false)
    expect(isJsapiCancel(undefined)).toBe(false)
  })
})
