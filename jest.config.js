/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.tsx?$': '<rootDir>/tools/jest-esbuild-transform.cjs' },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'mjs', 'json'],
  // The examples import the package by name, as users do; tests run them against the sources.
  moduleNameMapper: { '^pulumi-groupchat$': '<rootDir>/src/index.ts', '^pulumi-groupchat/client$': '<rootDir>/src/client/index.ts' },
  testTimeout: 60_000,
  maxWorkers: 2,
};
