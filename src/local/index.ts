/**
 * The local runtime: the chat's handlers behind a local API Gateway look-alike, for `npm start` and tests.
 */
export { startLocalRuntime } from './runtime';
export type { LocalRuntime, LocalRuntimeOptions } from './runtime';
export type { ClientConfig } from './gateway';
export type { LocalHandlers } from './lambda-invoke';
