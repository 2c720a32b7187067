import { randomUUID } from 'node:crypto';
import type { RouteName } from '../../src/contract/routes';
import { configureRuntime, resetRuntime } from '../../src/runtime/context';
import { handler as api } from '../../src/runtime/handlers/api';
import { handler as fanout } from '../../src/runtime/handlers/fanout';
import { handler as migrate } from '../../src/runtime/handlers/migrate';
import type { WebSocketEvent } from '../../src/runtime/handlers/websocket-event';
import { handler as wsConnect } from '../../src/runtime/handlers/ws-connect';
import { handler as wsDefault } from '../../src/runtime/handlers/ws-default';
import { handler as wsDisconnect } from '../../src/runtime/handlers/ws-disconnect';
import { ConnectionsTable } from '../../src/runtime/realtime/connections-table';
import { LOCAL_AWS_ENVIRONMENT, newConnectionsTable, startDynamoDb, withEnvironment, type EmbeddedDynamoDb } from './support/aws';
import { ConnectionsServer } from './support/connections-server';
import { RecordingPublisher, snsEvent } from './support/events';
import { httpEvent, json, testUser, type RequestParts, type TestUser } from './support/http-events';
import { testNeo4jConfig } from '../neo4j';

let dynamo: EmbeddedDynamoDb;
let server: ConnectionsServer;
let environment: { restore(): void };
let table: ConnectionsTable;
let topic: RecordingPublisher;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  server = await new ConnectionsServer().start();
  environment = withEnvironment({ ...LOCAL_AWS_ENVIRONMENT, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  const created = await newConnectionsTable(dynamo);
  table = created.table;
  topic = new RecordingPublisher();
  configureRuntime({
    config: {
      ...testNeo4jConfig(),
      connectionsTable: created.tableName,
      managementEndpoint: server.endpoint,
    },
    publisher: topic,
  });
  await migrate({}, { getRemainingTimeInMillis: () => 60_000 });
});

afterAll(async () => {
  await resetRuntime();
  environment.restore();
  await Promise.all([dynamo.stop(), server.stop()]);
});

const call = async (user: TestUser, name: RouteName, parts?: RequestParts) => {
  const response = await api(httpEvent(user, name, parts));
  if ((response.statusCode ?? 500) >= 300) throw new Error(`${name} answered ${response.statusCode}: ${response.body}`);
  return json<{ id: string }>(response);
};

/** A WebSocket event of `user`'s connection, with the context the $connect authorizer gave it. */
function wsEvent(user: TestUser, connectionId: string, routeKey: string, body?: unknown): WebSocketEvent {
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

/** Opens a connection as API Gateway does: the server knows it, then `$connect` runs. */
async function open(user: TestUser): Promise<string> {
  const connectionId = `${user.sub}-${randomUUID().slice(0, 8)}`;
  server.connect(connectionId);
  expect(await wsConnect(wsEvent(user, connectionId, '$connect'))).toEqual({ statusCode: 200 });
  return connectionId;
}

/** Delivers what the runtime published, as the SNS subscription would invoke the fan-out. */
async function deliverPublished(): Promise<void> {
  const pending = topic.published.splice(0);
  for (const message of pending) await fanout(snsEvent(message));
  if (topic.published.length > 0) await deliverPublished();
}

const messagesIn = (connectionId: string, groupId: string) =>
  (server.received(connectionId) as { type: string; groupId?: string; message?: { body: string } }[])
    .filter((event) => event.type === 'message.created' && event.groupId === groupId)
    .map((event) => event.message?.body);

describe('the WebSocket handlers with the fan-out, on the real Neo4j and dynalite', () => {
  test('members receive messages live; outsiders never; a removed member stops at once', async () => {
    const [owner, member, outsider] = [testUser('Owner'), testUser('Member'), testUser('Outsider')];
    const groupId = (await call(owner, 'createGroup', { body: { name: 'Live' } })).id;
    await call(member, 'apply', { params: { groupId } });
    await call(owner, 'approve', { params: { groupId, userId: member.sub } });
    await deliverPublished();

    // $connect subscribes each connection to its user's groups (read from Neo4j).
    const [ownerPhone, ownerLaptop, memberConnection, outsiderConnection] = [await open(owner), await open(owner), await open(member), await open(outsider)];
    expect((await table.groupConnections(groupId)).sort()).toEqual([ownerPhone, ownerLaptop, memberConnection].sort());

    const id = randomUUID();
    await wsDefault(wsEvent(member, memberConnection, '$default', { action: 'sendMessage', groupId, id, body: 'hi all' }));
    expect(server.received(memberConnection)).toEqual([{ type: 'ack', id, groupId, message: expect.objectContaining({ id, body: 'hi all' }) }]);
    await deliverPublished();
    for (const connection of [ownerPhone, ownerLaptop, memberConnection]) expect(messagesIn(connection, groupId)).toEqual(['hi all']);
    expect(server.received(outsiderConnection)).toEqual([]);

    await call(owner, 'removeMember', { params: { groupId, userId: member.sub } });
    await deliverPublished();
    expect(server.received(memberConnection)).toContainEqual(expect.objectContaining({ type: 'member.removed', userId: member.sub }));

    await wsDefault(wsEvent(owner, ownerPhone, '$default', { action: 'sendMessage', groupId, id: randomUUID(), body: 'after' }));
    await deliverPublished();
    expect(messagesIn(ownerLaptop, groupId)).toEqual(['hi all', 'after']);
    expect(messagesIn(memberConnection, groupId)).toEqual(['hi all']);
    expect(server.received(outsiderConnection)).toEqual([]);
  });

  test('ping is answered with pong on the same connection', async () => {
    const user = testUser('Pinger');
    const connectionId = await open(user);
    expect(await wsDefault(wsEvent(user, connectionId, '$default', { action: 'ping' }))).toEqual({ statusCode: 200 });
    expect(server.received(connectionId)).toEqual([{ type: 'pong', latestSeqs: {} }]);
  });

  test('bad actions are answered with an error the client can show, not a dropped connection', async () => {
    const user = testUser('Clumsy');
    const connectionId = await open(user);
    const groupId = randomUUID();
    const id = randomUUID();
    await wsDefault(wsEvent(user, connectionId, '$default', 'not json'));
    await wsDefault(wsEvent(user, connectionId, '$default', { action: 'dance' }));
    await wsDefault(wsEvent(user, connectionId, '$default', { action: 'sendMessage', groupId, id: 'nope', body: 'x' }));
    await wsDefault(wsEvent(user, connectionId, '$default', { action: 'sendMessage', groupId, id, body: 'x' }));
    expect(server.received(connectionId)).toEqual([
      { type: 'error', error: { code: 'bad_request', message: expect.stringMatching(/JSON/) } },
      { type: 'error', error: { code: 'bad_request', message: expect.stringMatching(/Unknown action "dance"/) } },
      { type: 'error', error: { code: 'bad_request', message: expect.stringMatching(/message\.id/) } },
      { type: 'error', id, error: { code: expect.stringMatching(/^(not_found|forbidden)$/), message: expect.any(String) } },
    ]);
  });

  test('$disconnect forgets the connection and its subscriptions', async () => {
    const user = testUser('Leaver');
    const groupId = (await call(user, 'createGroup', { body: { name: 'Short-lived' } })).id;
    const connectionId = await open(user);
    expect(await table.groupConnections(groupId)).toEqual([connectionId]);
    expect(await wsDisconnect(wsEvent(user, connectionId, '$disconnect'))).toEqual({ statusCode: 200 });
    expect(await table.groupConnections(groupId)).toEqual([]);
    expect(await table.userConnections(user.sub)).toEqual([]);
  });
});
