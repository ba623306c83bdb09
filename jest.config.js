import { availableParallelism } from 'node:os';

/** @type {import('jest').Config} */
export default {
  // Test files spend most of their time waiting on PostgreSQL, so two workers finish the suite in
  // well under half the time even on two cores, where jest's default would be one.
  maxWorkers: Math.max(2, availableParallelism()),
  rootDir: '.',
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // One copy of graphql for CommonJS and ESM importers alike, or instanceof checks fail.
    '^graphql$': '<rootDir>/node_modules/graphql/index.js',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      },
    ],
  },
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  // Hooks start a whole app on a fresh database; on a loaded 2-core machine that can pass 30 s.
  testTimeout: 60_000,
};
