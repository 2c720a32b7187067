/**
 * The local runtime: the chat's handlers behind a local API Gateway look-alike, for `npm start` and tests.
 */
export { startLocalRuntime } from './runtime';
export type { LocalRuntime, LocalRuntimeOptions } from './runtime';
export { LocalGateway, PortInUseError } from './gateway';
export type { ClientConfig } from './gateway';
export { DataFolderError, dataFolderLayout } from './data-folder';
export type { DataFolderLayout } from './data-folder';
export type { LocalHandlers } from './lambda-invoke';
