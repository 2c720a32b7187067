import { required } from '../config';
import { clockOverride, config, containerSingleton } from '../context';
import { ConnectionsTable } from '../realtime/connections-table';
import { SDK_CLIENT_SETTINGS } from '../sdk-clients';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The connections table named by `CONNECTIONS_TABLE` (endpoint from the SDK's environment, e.g. `AWS_ENDPOINT_URL_DYNAMODB`). */
export const connections: () => ConnectionsTable = containerSingleton(
  () => new ConnectionsTable(required(config(), 'connectionsTable'), new DynamoDBClient(SDK_CLIENT_SETTINGS), clockOverride()),
);
