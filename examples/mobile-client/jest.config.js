// The app's tests: Expo's jest preset (React Native's renderer and module mocks), run by the repository's
// `npm test` after its own suite. The SDK and the shared store are the repository's sources, never a copy;
// each package comes from this app's node_modules, as in Metro. The local runtime is started once for the run.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  preset: 'jest-expo',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  // The shared sources outside this folder find this app's packages (Babel's runtime helpers, say) too.
  modulePaths: ['<rootDir>/node_modules'],
  moduleNameMapper: {
    '^pulumi-groupchat/client$': path.join(__dirname, '../../src/client/index.ts'),
    '^@reduxjs/toolkit$': path.join(__dirname, 'node_modules/@reduxjs/toolkit'),
  },
  // Expo's and React Native's packages, and the Redux ones whose React Native build is ES modules, are compiled too.
  transformIgnorePatterns: [
    'node_modules/(?!((jest-)?react-native|@react-native(-community)?|@react-native-async-storage|expo(nent)?|@expo(nent)?/.*|expo-.*|react-redux|@reduxjs/toolkit|immer|redux|reselect)/)',
  ],
  testEnvironment: '<rootDir>/test/support/environment.js',
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 60_000,
  maxWorkers: 1,
};
