import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import path from 'node:path'

/*
 * Mini-app boundaries (ARCHITECTURE.md point 14, and WeChat's package split): a subpackage
 * (miniapp/src/packages/<a>/) never imports another subpackage's files — on weapp that code is
 * not there when <a> loads — and the main package (pages/, components/, utils/ …) never imports
 * a subpackage's files, which would drag them into the main package. Shared code goes in
 * components/, hooks/ or utils/. A small local rule: it resolves each relative import.
 */
const PACKAGE_OF = /[\\/]miniapp[\\/]src[\\/]packages[\\/]([^\\/]+)/
const miniapp = {
  rules: {
    'package-boundaries': {
      meta: {
        type: 'problem',
        docs: { description: 'no imports across mini-app subpackages, nor from the main package into one' },
        messages: {
          cross: "packages/{{from}} may not import from packages/{{to}} ('{{source}}'): move what both need to components/, hooks/ or utils/",
          intoSub: "the main package may not import from packages/{{to}} ('{{source}}'): it would be bundled into the main package",
        },
        schema: [],
      },
      create(context) {
        const file = context.filename
        if (!/[\\/]miniapp[\\/]src[\\/]/.test(file)) return {}
        const from = PACKAGE_OF.exec(file)?.[1]
        const check = (node) => {
          const source = node.source?.value
          if (typeof source !== 'string' || !source.startsWith('.')) return
          const to = PACKAGE_OF.exec(path.resolve(path.dirname(file), source))?.[1]
          if (!to || to === from) return
          if (from) context.report({ node, messageId: 'cross', data: { from, to, source } })
          else context.report({ node, messageId: 'intoSub', data: { to, source } })
        }
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check }
      },
    },
  },
}
import egj from './scripts/eslint-plugin-egj.mjs'

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'bff/drizzle/**', 'miniapp/.temp/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['miniapp/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, miniapp },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'miniapp/package-boundaries': 'error',
      // every platform branch in one file, so a page is the same code on weapp, H5 and DingTalk
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.type='MemberExpression'][object.object.name='process'][object.property.name='env'][property.name='TARO_ENV']",
          message: 'process.env.TARO_ENV only in miniapp/src/utils/platform.ts: add a named constant or function there and use it here',
        },
      ],
    },
  },
  {
    // platform.ts is the one place; app.config.ts is build-time config that Taro reads in Node
    // (it cannot import platform.ts, which needs the Taro runtime)
    files: ['miniapp/src/utils/platform.ts', 'miniapp/src/app.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // The BFF module shape (docs/adding-a-module.md): queries in repos, HTML and xlsx in presenters,
  // one service per route file, services built from one deps object, modules meet through services.
  {
    files: ['bff/src/modules/**/*.ts'],
    ignores: ['bff/src/modules/**/*.test.ts'],
    plugins: { egj },
    rules: { 'egj/no-foreign-repo': 'error', 'egj/no-sibling-feature': 'error', 'egj/no-hand-formatted-money': 'error' },
  },
  {
    files: ['bff/src/modules/**/*.ts'],
    ignores: ['bff/src/modules/**/*.presenter.ts', 'bff/src/modules/**/*.test.ts', 'bff/src/modules/**/*.service.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TemplateElement[value.raw=/<(!doctype|html|body|table|figure|div)\\b/i]',
          message: 'HTML is built in a *.presenter.ts, not here.',
        },
      ],
    },
  },
  {
    files: ['bff/src/modules/**/*.ts'],
    ignores: ['bff/src/modules/**/*.repo.ts', 'bff/src/modules/**/*.presenter.ts', 'bff/src/modules/**/*.test.ts', 'bff/src/modules/**/*.cli.ts', 'bff/src/modules/**/*.check.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['drizzle-orm', 'drizzle-orm/*'], allowTypeImports: true, message: 'Database queries live in *.repo.ts: add a repo function and call it.' },
            { group: ['**/db/schema', '**/db/schema/*'], allowTypeImports: true, message: 'Tables are queried in *.repo.ts only: add a repo function and call it.' },
            { group: ['exceljs', 'qrcode'], message: 'Workbooks and code images are built by a *.presenter.ts.' },
          ],
        },
      ],
    },
  },
  {
    // one writer for every workbook: it keeps user text that reads as a formula inert (lib/xlsx.ts);
    // one QR label sheet and PNG for every module (lib/qr-sheet.presenter.ts)
    files: ['bff/src/modules/**/*.presenter.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'qrcode', message: 'Print codes with qrLabelSheet() / qrCodePng() from lib/qr-sheet.presenter.ts: one sheet, escaped, for every module.' }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='writeBuffer']", message: 'Write a workbook with workbookBuffer() from lib/xlsx.ts: it prefixes text that a spreadsheet would take for a formula.' },
      ],
    },
  },
  {
    // page paths come from the route table (ARCHITECTURE.md point 15); tests may spell out the URL they expect
    files: ['bff/src/**/*.ts', 'shared/src/**/*.ts', 'miniapp/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', 'shared/src/routes.ts'],
    plugins: { egj },
    rules: { 'egj/page-path-from-table': 'error' },
  },
  {
    files: ['bff/src/modules/**/*.routes.ts'],
    plugins: { egj },
    rules: { 'egj/one-service-per-route-file': 'error' },
  },
  {
    files: ['bff/src/modules/**/*.service.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TemplateElement[value.raw=/<(!doctype|html|body|table|figure|div)\\b/i]',
          message: 'HTML is built in a *.presenter.ts, not here.',
        },
        {
          selector: 'MethodDefinition[kind="constructor"] > FunctionExpression[params.length>1]',
          message: 'A service takes one deps object (`constructor(private readonly deps: XServiceDeps)`), not positional arguments.',
        },
      ],
    },
  },
)
