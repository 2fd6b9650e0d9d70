// One jest run for the whole workspace: shared and bff unit/route tests, and the E2E specs.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: false }, target: 'es2022' }, module: { type: 'commonjs' } }]
const swcJs = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }]

/** @type {import('jest').Config} */
module.exports = {
  // The tests wait on MariaDB, Chromium and child processes more than they compute: two workers on
  // this 2-core machine took the whole run from 396 s to 180 s (jest's default here is one).
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  projects: [
    {
      displayName: 'shared',
      rootDir: '<rootDir>/shared',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testEnvironment: 'node',
    },
    {
      // the mini-app's pure rules (which tiles home shows whom; the theme's contrast): no Taro here
      displayName: 'miniapp',
      rootDir: '<rootDir>/miniapp',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      // echarts and zrender ship ES modules only: compiled too, for the cockpit chart's test
      transform: { '^.+\\.ts$': swc, '/node_modules/(echarts|zrender)/.+\\.js$': swcJs },
      transformIgnorePatterns: ['/node_modules/(?!(echarts|zrender)/)'],
      testEnvironment: 'node',
    },
    {
      displayName: 'bff',
      rootDir: '<rootDir>/bff',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
    {
      displayName: 'e2e',
      rootDir: '<rootDir>/e2e',
      testMatch: ['<rootDir>/**/*.e2e.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testEnvironment: 'node',
      globalSetup: '<rootDir>/../bff/test/global-setup.ts',
      slowTestThreshold: 30,
    },
    {
      // After the run, not in it: dumps the run's test databases and greps its BFF logs for
      // plaintext ID numbers, mobiles and tokens. scripts/test.mjs runs it second, with
      // EGJ_LEAK_CHECK=1 (it has no global setup: that would drop the databases it checks).
      displayName: 'leaks',
      rootDir: '<rootDir>/bff',
      testMatch: ['<rootDir>/test/*.check.ts'],
      testPathIgnorePatterns: process.env.EGJ_LEAK_CHECK ? [] : ['.'],
      transform: { '^.+\\.ts$': swc },
      testEnvironment: 'node',
    },
  ],
  testTimeout: 30_000,
}
