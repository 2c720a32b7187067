import { randomUUID } from 'node:crypto';
import type { EmbeddedDynamoDb } from '../../../src/local/embedded-dynamodb';
import { ConnectionsTable } from '../../../src/runtime/realtime/connections-table';

export { type EmbeddedDynamoDb, LOCAL_AWS, LOCAL_AWS_ENVIRONMENT, startDynamoDb } from '../../../src/local/embedded-dynamodb';

/**
 * Sets environment variables for the duration of a test file, as Lambda would (the SDK clients the runtime
 * creates read them); restores the previous values afterwards.
 */
export function withEnvironment(variables: Record<string, string>): { restore(): void } {
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  return {
    restore() {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}

/** The moto server `npm test` started (tools/moto-local.mjs). */
export function motoEndpoint(): string {
  const endpoint = process.env.MOTO_ENDPOINT;
  if (!endpoint) {
    throw new Error('MOTO_ENDPOINT is not set: run the tests with `npm test`, which starts moto server, or set MOTO_ENDPOINT.');
  }
  return endpoint;
}

/** A connections table of its own (a random name) on the embedded DynamoDB. */
export async function newConnectionsTable(dynamo: EmbeddedDynamoDb): Promise<{ tableName: string; table: ConnectionsTable }> {
  const tableName = `connections-${randomUUID()}`;
  await dynamo.createConnectionsTable(tableName);
  return { tableName, table: new ConnectionsTable(tableName, dynamo.client) };
}
