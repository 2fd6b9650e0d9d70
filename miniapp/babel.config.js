// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config

/*
 * weapp: compiled for the oldest JS engines our 基础库最低版本 meets (config/weapp-baseline.js:
 * iOS 13, Chrome 86 — ES2019), not for ES5. WeChat's upload step no longer turns ES6 into ES5
 * (project.config.json), and the compile check fails on any uploaded syntax newer than that.
 * H5 keeps package.json's browserslist: a browser has no such step.
 */
const weappTargets = process.env.TARO_ENV === 'weapp' ? { targets: require('./config/weapp-baseline').TARGETS } : {}

/**
 * The API contract's `summary` and `tag` (shared/src/contract) are documentation for /docs, and
 * its zod schemas are for the BFF (validation) and /openapi.json: the app only needs method, path,
 * `idempotent` and `file`, so its builds drop the rest from every `endpoint({...})`. The types are
 * unchanged (they come from the source, not the bundle).
 */
const APP_DROPS = ['summary', 'tag', 'params', 'query', 'body', 'response']
function dropContractDocs() {
  return {
    visitor: {
      CallExpression(path) {
        const [definition] = path.node.arguments
        if (path.node.callee.name !== 'endpoint' || !definition || definition.type !== 'ObjectExpression') return
        definition.properties = definition.properties.filter((p) => !(p.type === 'ObjectProperty' && APP_DROPS.includes(p.key.name)))
      },
    },
  }
}

/**
 * `shared` declares its zod schemas at the top of each module (`export const X = z.object(…)`).
 * The minifier keeps any call it cannot prove harmless, so every schema of every module — 访客,
 * 公车, 会议室 … — landed in the weapp main package, used or not. Building a schema has no side
 * effects, so the calls that run when a `shared` module loads are marked #__PURE__ (calls inside
 * functions are left alone: they run later and may matter), and those nobody uses are dropped.
 * With shared/package.json's `sideEffects` (only time.ts's dayjs plugin), a module none of whose
 * exports is used is left out — today that is zod itself: the app never parses with a schema.
 */
const SHARED_SRC = `${require('node:path').sep}shared${require('node:path').sep}src${require('node:path').sep}`
function pureSharedDeclarations() {
  const markCalls = (path) => {
    path.traverse({
      Function(inner) {
        inner.skip()
      },
      CallExpression(call) {
        call.addComment('leading', '#__PURE__')
      },
      NewExpression(call) {
        call.addComment('leading', '#__PURE__')
      },
    })
  }
  return {
    visitor: {
      Program(program, state) {
        if (!state.filename || !state.filename.includes(SHARED_SRC)) return
        for (const statement of program.get('body')) {
          const declaration = statement.isExportNamedDeclaration() ? statement.get('declaration') : statement
          if (!declaration.node || !declaration.isVariableDeclaration()) continue
          for (const declarator of declaration.get('declarations')) {
            const init = declarator.get('init')
            if (!init.node) continue
            if (init.isCallExpression() || init.isNewExpression()) init.addComment('leading', '#__PURE__')
            markCalls(init)
          }
        }
      },
    },
  }
}
module.exports = {
  // hot: false — no react-refresh in our dependencies; `dev:h5` rebuilds and reloads instead
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', hot: false, ...weappTargets }]],
  plugins: [
    dropContractDocs,
    pureSharedDeclarations,
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
