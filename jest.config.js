// One jest run for the whole workspace: shared and bff unit/route tests, and the E2E specs.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: false }, target: 'es2022' }, module: { type: 'commonjs' } }]

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'shared',
      rootDir: '<rootDir>/shared',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
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
  ],
  testTimeout: 30_000,
}
