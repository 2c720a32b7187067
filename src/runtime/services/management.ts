import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { required } from '../config';
import { config, containerSingleton } from '../context';

/** The WebSocket API's management API (`WEBSOCKET_MANAGEMENT_ENDPOINT`), to post to connections. */
export const management: () => ApiGatewayManagementApiClient = containerSingleton(
  () => new ApiGatewayManagementApiClient({ endpoint: required(config(), 'managementEndpoint') }),
);
