import { randomUUID } from 'node:crypto';
import type { RouteName } from '../../../src/contract/routes';
import { configureRuntime, resetRuntime } from '../../../src/runtime/context';
import { handler as api } from '../../../src/runtime/handlers/api';
import { handler as fanout } from '../../../src/runtime/handlers/fanout';
import { handler as migrate } from '../../../src/runtime/handlers/migrate';
import type { WebSocketEvent } from '../../../src/runtime/handlers/websocket-event';
import { handler as wsConnect } from '../../../src/runtime/handlers/ws-connect';
import type { ConnectionsTable } from '../../../src/runtime/realtime/connections-table';
import { testNeo4jConfig } from '../../neo4j';
import { LOCAL_AWS_ENVIRONMENT, newConnectionsTable, startDynamoDb, withEnvironment, type EmbeddedDynamoDb } from './aws';
import { ConnectionsServer } from './connections-server';
import { RecordingPublisher, snsEvent } from './events';
import { httpEvent, json, type RequestParts, type TestUser } from './http-events';

/** The pieces of {@link useWebSocketRuntime}, set once its `beforeAll` has run. */
export interface WebSocketRuntime {
  dynamo: EmbeddedDynamoDb;
  server: ConnectionsServer;
  table: ConnectionsTable;
  topic: RecordingPublisher;
}

/**
 * The WebSocket and REST handlers of the runtime on the real Neo4j and dynalite, for one test file: a
 * connections table of its own, a recording topic, and a `@connections` server. `now` is the connections
 * table's clock (typing limits, presence expiry).
 */
export function useWebSocketRuntime(options: { now?: () => number } = {}) {
  const runtime = {} as WebSocketRuntime;
  let environment: { restore(): void };

  beforeAll(async () => {
    runtime.dynamo = await startDynamoDb();
    runtime.server = await new ConnectionsServer().start();
    environment = withEnvironment({ ...LOCAL_AWS_ENVIRONMENT, AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamo.endpoint });
    const created = await newConnectionsTable(runtime.dynamo);
    runtime.table = created.table;
    runtime.topic = new RecordingPublisher();
    configureRuntime({
      config: { ...testNeo4jConfig(), connectionsTable: created.tableName, managementEndpoint: runtime.server.endpoint },
      publisher: runtime.topic,
      now: options.now,
    });
    await migrate({}, { getRemainingTimeInMillis: () => 60_000 });
  });

  afterAll(async () => {
    await resetRuntime();
    environment.restore();
    await Promise.all([runtime.dynamo.stop(), runtime.server.stop()]);
  });

  /** Calls a REST route as `user`; anything but a 2xx fails the test. */
  const call = async <T = { id: string }>(user: TestUser, name: RouteName, parts?: RequestParts) => {
    const response = await api(httpEvent(user, name, parts));
    if ((response.statusCode ?? 500) >= 300) throw new Error(`${name} answered ${response.statusCode}: ${response.body}`);
    return json<T>(response);
  };

  /** Opens a connection as API Gateway does: the server knows it, then `$connect` runs. */
  const open = async (user: TestUser): Promise<string> => {
    const connectionId = `${user.sub}-${randomUUID().slice(0, 8)}`;
    runtime.server.connect(connectionId);
    expect(await wsConnect(wsEvent(user, connectionId, '$connect'))).toEqual({ statusCode: 200 });
    return connectionId;
  };

  /** Delivers what the runtime published, as the SNS subscription would invoke the fan-out. */
  const deliverPublished = async (): Promise<void> => {
    const pending = runtime.topic.published.splice(0);
    for (const message of pending) await fanout(snsEvent(message));
    if (runtime.topic.published.length > 0) await deliverPublished();
  };

  return { runtime, call, open, deliverPublished };
}

/** A WebSocket event of `user`'s connection, with the context the $connect authorizer gave it. */
export function wsEvent(user: TestUser, connectionId: string, routeKey: string, body?: unknown): WebSocketEvent {
  return {
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      connectionId,
      routeKey,
      requestId: randomUUID(),
      authorizer: { principalId: user.sub, userId: user.sub, email: user.email, name: user.name, picture: '' },
    },
  };
}
