/**
 * Pulumi components and a local runtime for a serverless group chat on AWS.
 *
 * @packageDocumentation
 */
export { ApiError, ERROR_STATUS } from './contract/errors';
export type { ErrorBody, ErrorCode } from './contract/errors';

export { GoogleCognitoAuth, GroupChatBackend, GroupChatDashboard, GroupChatVpc, Neo4jInstance, RealtimeFanout } from './components';
export type {
  FunctionNetworkArgs,
  FunctionSettingsArgs,
  AlarmNotificationArgs,
  GoogleCognitoAuthArgs,
  GroupChatBackendArgs,
  GroupChatDashboardArgs,
  GroupChatVpcArgs,
  Neo4jInstanceArgs,
  RateLimitArgs,
  RealtimeFanoutArgs,
} from './components';
