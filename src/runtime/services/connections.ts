import { required } from '../config';
import { config, containerSingleton } from '../context';
import { ConnectionsTable } from '../realtime/connections-table';

/** The connections table named by `CONNECTIONS_TABLE` (endpoint from the SDK's environment, e.g. `AWS_ENDPOINT_URL_DYNAMODB`). */
export const connections: () => ConnectionsTable = containerSingleton(() => new ConnectionsTable(required(config(), 'connectionsTable')));
