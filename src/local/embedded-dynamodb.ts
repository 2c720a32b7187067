import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Local region and credentials: dynalite (and moto) accept any. */
export const LOCAL_AWS = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } as const;

/** The environment that points the SDK's default region and credential chains at local endpoints. */
export const LOCAL_AWS_ENVIRONMENT = {
  AWS_REGION: LOCAL_AWS.region,
  AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
};

/** An in-memory DynamoDB (the `dynalite` package) on a loopback port. */
export interface EmbeddedDynamoDb {
  endpoint: string;
  /** A client of this endpoint; destroyed by `stop`. */
  client: DynamoDBClient;
  /** Creates a table shaped like the connections table: `pk`/`sk` string keys, TTL on `expiresAt`. */
  createConnectionsTable(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts dynalite on a free loopback port. */
export async function startDynamoDb(): Promise<EmbeddedDynamoDb> {
  // dynalite ships no types; its default export makes an http.Server.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  return {
    endpoint,
    client,
    async createConnectionsTable(name) {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      await client
        .send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }))
        .catch(() => undefined); // dynalite does not implement TTL; items then simply stay until the process ends.
    },
    async stop() {
      client.destroy();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
