import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'

// `shared` is TypeScript source outside src/: alias it and let babel compile it on both targets
// (the h5 runner only compiles src/ and taro packages unless told otherwise).
const sharedSrc = path.resolve(__dirname, '../../shared/src')
const isH5 = process.env.TARO_ENV === 'h5'

export default defineConfig<'webpack5'>(async () => {
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
    alias: { '@egj/shared': sharedSrc },
    defineConstants: {},
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      // modules used only by subpackages stay in those subpackages
      optimizeMainPackage: { enable: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
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
