import path from 'node:path'
import type Chain from 'webpack-chain'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { H5DeliveryPlugin } from './h5-delivery'
import { resolveWeappTarget, WeappConfigError } from './weapp-target'

// `shared` is TypeScript source outside src/: alias it and let babel compile it on both targets
// (the h5 runner only compiles src/ and taro packages unless told otherwise).
const sharedSrc = path.resolve(__dirname, '../../shared/src')
const isH5 = process.env.TARO_ENV === 'h5'
// Only our source and `shared` go through babel, and for weapp the packages that ship syntax newer
// than the oldest WeChat we support parses (config/weapp-baseline.js: ES2019) — zod's `?.` and `??`.
// WeChat's own ES6 → ES5 pass is off (project.config.json): it rewrote all the JS for iOS 8 and cost
// the main package ~30 KB. If a new dependency brings newer syntax, `pnpm check:weapp` names the
// file: add the package here.
// (folders: webpack matches a path prefix; Taro's config check refuses a RegExp here)
const NEWER_THAN_BASELINE = ['zod'].map((name) => path.dirname(require.resolve(`${name}/package.json`)))
const compileInclude = isH5 ? [sharedSrc] : [sharedSrc, ...NEWER_THAN_BASELINE]

/*
 * `shared` builds its schemas with `import { z } from 'zod'` and calls like `z.object()`, which
 * make webpack treat the whole `z` namespace as used. Only when zod sits in the same chunk as
 * `shared` can webpack concatenate the modules and the minifier drop what is unused (all of
 * zod's locales, JSON-schema tools…). Taro's default split puts node_modules in `vendors` and
 * our code in `common`, so we keep the two together on purpose.
 */
const SHARED_OR_ZOD = /[\\/](shared[\\/]src|node_modules[\\/]zod)[\\/]/
// the pass code's hashing (visit-pass.ts, @noble/hashes) is no schema: only the visit subpackage
// draws passes, so it goes there instead of into the main package with the rest of `shared`.
// The same for the 驾驶舱 and 督办 (the indicators, their schemas and endpoints): only packages/cockpit
// reads them, and in the main package they cost ~5 KB of its 600.
const SUBPACKAGE_ONLY = /[\\/](shared[\\/]src[\\/](visit-pass|cockpit|cockpit-values|contract[\\/]cockpit)\.ts|node_modules[\\/]@noble[\\/])/
function keepSharedWithZod(chain: Chain, name: string | false, extra: Record<string, unknown> = {}) {
  const split = chain.optimization.get('splitChunks')
  chain.optimization.splitChunks({
    ...split,
    ...extra,
    cacheGroups: {
      ...split.cacheGroups,
      egjShared: { name, test: (m: { resource?: string }) => SHARED_OR_ZOD.test(m.resource ?? '') && !SUBPACKAGE_ONLY.test(m.resource ?? ''), priority: 50, enforce: true },
    },
  })
}

function weappTarget(mode: string) {
  try {
    return resolveWeappTarget(process.env, mode)
  } catch (error) {
    if (!(error instanceof WeappConfigError)) throw error
    // our message alone: thrown, Taro would add a stack and "找不到项目配置文件"
    console.error(`\x1b[31m${error.message}\x1b[0m`)
    process.exit(1)
  }
}

export default defineConfig<'webpack5'>(async (_merge, { mode }) => {
  // weapp: an absolute API base and the appid (a release build refuses to start without both)
  const weapp = process.env.TARO_ENV === 'weapp' ? weappTarget(mode) : undefined
  for (const warning of weapp?.warnings ?? []) console.warn(`\x1b[33m⚠ ${warning}\x1b[0m`)
  // Taro writes dist/weapp/project.config.json from ./project.config.json with this appid
  if (weapp) process.env.TARO_APP_ID = weapp.appId
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'egj-miniapp',
    date: '2025-11-21',
    // NutUI is drawn at 375 wide; our own styles at 750 (px in our scss = rpx).
    designWidth(input) {
      const file = (input as { file?: string } | undefined)?.file?.replace(/\\+/g, '/')
      return file && file.includes('@nutui') ? 375 : 750
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // weapp and h5 in separate folders so one build never deletes the other
    outputRoot: isH5 ? 'dist/h5' : 'dist/weapp',
    plugins: ['@tarojs/plugin-html'],
    alias: { '@egj/shared': sharedSrc, 'lodash.kebabcase': path.resolve(__dirname, 'shims/kebab-case.js') },
    // Build-time settings. Taro itself only reads TARO_APP_* from .env files (which override
    // these); this also takes them from the shell, and gives every one a value so that no
    // bare `process.env` is left in the bundle (it does not exist in a browser).
    env: {
      // H5 is served by the BFF: same origin, relative URLs
      TARO_APP_API_BASE: JSON.stringify(weapp ? weapp.apiBase : (process.env.TARO_APP_API_BASE ?? '')),
      TARO_APP_DINGTALK_CORP_ID: JSON.stringify(process.env.TARO_APP_DINGTALK_CORP_ID ?? ''),
    },
    defineConstants: {},
    // H5: the browser asks every site for /favicon.ico (a 404 on every load without it)
    copy: { patterns: isH5 ? [{ from: 'src/favicon.ico', to: 'dist/h5/favicon.ico' }] : [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    // Keep Chinese text as UTF-8 in the mini-program's JS: Taro's default (ascii_only) writes
    // each character as a 6-byte \uXXXX escape instead of 3 bytes, which cost the main package
    // ~10 KB of its 600 KB budget. WeChat reads UTF-8 sources.
    // Two compress passes: a schema kept only by another unused schema (`X.extend(…)`, `z.array(X)`)
    // is dropped in the second pass, not kept by the first (−2.7 KB of weapp main package)
    terser: { enable: true, config: { output: { ascii_only: false }, compress: { passes: 2 } } },
    // WeChat templates cannot recurse, so Taro writes every component's template once per
    // nesting level into base.wxml (16 levels by default: 64 KB of the main package). Deeper
    // trees continue through Taro's own `comp` component, so fewer levels only trade a
    // component boundary deep in a page for ~16 KB of main package.
    baseLevel: 10,
    mini: {
      compile: { include: compileInclude },
      // modules used only by subpackages stay in those subpackages
      optimizeMainPackage: { enable: true },
      webpackChain(chain) {
        keepSharedWithZod(chain, 'vendors')
        // NutUI icons: the same SVG, optimised and not base64 (−13 KB of main package, see the file)
        chain.module
          .rule('egjCompactIcons')
          .test(/[\\/]@nutui[\\/]icons-react-taro[\\/]dist[\\/]es[\\/]icons[\\/][^\\/]+\.js$/)
          .enforce('pre')
          .use('compactIcons')
          .loader(path.resolve(__dirname, 'compact-icons.js'))
      },
      // NutUI's per-component sheets load in whatever order pages import them; they don't overlap
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      webpackChain(chain) {
        // Taro splits only *initial* chunks on H5, but pages load as async chunks: without
        // `chunks: 'all'` every page chunk carried its own copy of NutUI and zod (~270 KB each).
        keepSharedWithZod(chain, false, { chunks: 'all', minSize: 10000 })
        // preload the first page's chunks from index.html; .br/.gz twins of JS/CSS (see the file)
        chain.plugin('egjH5Delivery').use(H5DeliveryPlugin, [
          {
            homeRoute: 'pages/index/index',
            // app.config's preloadRule, for H5: most scans from home are canteen codes
            prefetch: { 'pages/index/index': ['packages/meal/pages/pay/index'] },
            // what home and a window code's pay page ask for before they can draw (api/early.ts)
            early: {
              'pages/index/index': ['/api/v1/me', '/api/v1/todos', '/api/v1/notifications?limit=1'],
              'packages/meal/pages/pay/index': [`/api/v1/meal/windows/resolve?code=${encodeURIComponent('/q/m/')}{token}`, '/api/v1/meal/account'],
            },
            apiBase: (process.env.TARO_APP_API_BASE ?? '').replace(/\/+$/, ''),
          },
        ])
      },
      // no fast refresh: @pmmmwh/react-refresh-webpack-plugin is not a dependency (see babel.config.js)
      devServer: { hot: false },
      compile: { include: compileInclude },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  return config
})
