import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { required } from '../config';
import { config, containerSingleton } from '../context';
import { SDK_CLIENT_SETTINGS } from '../sdk-clients';

/** The WebSocket API's management API (`WEBSOCKET_MANAGEMENT_ENDPOINT`), to post to connections. */
export const management: () => ApiGatewayManagementApiClient = containerSingleton(
  () => new ApiGatewayManagementApiClient({ ...SDK_CLIENT_SETTINGS, endpoint: required(config(), 'managementEndpoint') }),
);
