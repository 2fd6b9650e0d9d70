import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
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
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // The BFF module shape (docs/adding-a-module.md): queries in repos, HTML and xlsx in presenters,
  // one service per route file, services built from one deps object, modules meet through services.
  {
    files: ['bff/src/modules/**/*.ts'],
    ignores: ['bff/src/modules/**/*.test.ts'],
    plugins: { egj },
    rules: { 'egj/no-foreign-repo': 'error' },
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
