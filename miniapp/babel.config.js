// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
module.exports = {
  // hot: false — no react-refresh in our dependencies; `dev:h5` rebuilds and reloads instead
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', hot: false }]],
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
