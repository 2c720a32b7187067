/**
 * Pulumi components and a local runtime for a serverless group chat on AWS.
 *
 * @packageDocumentation
 */
export { ApiError, ERROR_STATUS } from './contract/errors';
export type { ErrorBody, ErrorCode } from './contract/errors';
