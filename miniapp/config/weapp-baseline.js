/*
 * The oldest WeChat a release of this mini-program runs on, and what that means for its JS.
 *
 * The privacy consent flow (wx.onNeedPrivacyAuthorization, __usePrivacyCheck__) needs 基础库
 * 2.32.3, so that is the 基础库最低版本 to set in the console (设置 → 基本设置 → 基础库最低版本设置;
 * older clients are asked to update WeChat). WeChat's own compatibility data (miniprogram-compat,
 * "微信小程序 JS 执行环境兼容信息", linked from the JavaScript 支持情况 page) maps that base library
 * to the JS engines it can meet: iOS 13 JavaScriptCore and Chrome 86.
 *
 * So Taro's babel compiles the weapp build — our code and the node_modules that ship newer syntax —
 * to those engines, and WeChat's upload step does no second "ES6 → ES5" pass (project.config.json
 * es6/enhance off: its fixed target {chrome 53, ios 8} only made the main package bigger).
 * scripts/weapp-compile-check.mjs parses every uploaded .js at ECMA_VERSION and fails on anything
 * newer: ES2019 is the newest edition iOS 13.0 parses whole (`?.` and `??` came in iOS 13.4).
 */
const { getBrowsersList } = require('miniprogram-compat')

const MIN_BASE_LIBRARY = '2.32.3'

module.exports = {
  MIN_BASE_LIBRARY,
  /** babel targets (browserslist queries), e.g. ['ios 13', 'chrome 86'] */
  TARGETS: getBrowsersList(MIN_BASE_LIBRARY),
  /** the syntax floor those engines parse, checked on what WeChat uploads */
  ECMA_VERSION: 2019,
}
