// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config

/*
 * weapp: our code (and `shared`) as ES2019 instead of ES5. WeChat's upload step turns ES6+
 * into ES5 for old clients anyway (project.config.json `es6` + `enhance`, the same step we
 * already rely on for zod, see config/index.ts), so transpiling here only made the main package
 * bigger: regenerator state machines for every async function, class and spread helpers.
 * H5 keeps package.json's browserslist: a browser has no such step.
 */
const weappTargets = process.env.TARO_ENV === 'weapp' ? { targets: { chrome: '80', ios: '13' } } : {}
module.exports = {
  // hot: false — no react-refresh in our dependencies; `dev:h5` rebuilds and reloads instead
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', hot: false, ...weappTargets }]],
  plugins: [
    // NutUI on demand: each component with only its own stylesheet. Importing the whole
    // dist/style.css would add ~300 KB of wxss to the weapp main package.
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
        customStyleName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}/style/css`,
      },
      'nutui-react-taro',
    ],
    // icons: one module per icon instead of the barrel file
    [
      'import',
      {
        libraryName: '@nutui/icons-react-taro',
        libraryDirectory: 'dist/es/icons',
        camel2DashComponentName: false,
      },
      'nutui-icons-react-taro',
    ],
  ],
}
