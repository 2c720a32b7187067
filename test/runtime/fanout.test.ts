import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../src/contract/limits';
import { configureRuntime, resetRuntime } from '../../src/runtime/context';
import { handler } from '../../src/runtime/handlers/fanout';
import { ConnectionsTable } from '../../src/runtime/realtime/connections-table';
import { LOCAL_AWS_ENVIRONMENT, newConnectionsTable, startDynamoDb, withEnvironment, type EmbeddedDynamoDb } from './support/aws';
import { ConnectionsServer } from './support/connections-server';
import { envelope, messageCreated, RecordingPublisher, snsEvent } from './support/events';

let dynamo: EmbeddedDynamoDb;
let server: ConnectionsServer;
let environment: { restore(): void };
let table: ConnectionsTable;
let publisher: RecordingPublisher;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  server = await new ConnectionsServer().start();
  // As on Lambda: the runtime's own SDK clients find the table through the environment.
  environment = withEnvironment({ ...LOCAL_AWS_ENVIRONMENT, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
});

afterAll(async () => {
  await resetRuntime();
  environment.restore();
  await Promise.all([dynamo.stop(), server.stop()]);
});

/** A fresh table and runtime, fanning out in batches of `batchSize`. */
async function setUp(batchSize = 100): Promise<void> {
  await resetRuntime();
  const created = await newConnectionsTable(dynamo);
  table = created.table;
  publisher = new RecordingPublisher();
  configureRuntime({
    config: { connectionsTable: created.tableName, managementEndpoint: server.endpoint, fanoutBatchSize: batchSize, fanoutConcurrency: 4 },
    publisher,
  });
}

/** Opens `count` connections of distinct users on the server and in the table, subscribed to `groupIds`. */
async function connect(count: number, groupIds: string[], prefix = randomUUID()): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  for (const id of ids) {
    server.connect(id);
    await table.addConnection(id, `user-${id}`, groupIds);
  }
  return ids;
}

describe('the fan-out handler (SNS-triggered) through the real ApiGatewayManagementApiClient', () => {
  test("delivers a group event once to every connection subscribed to the group, and to no one else's", async () => {
    await setUp();
    const [group, other] = [randomUUID(), randomUUID()];
    const members = await connect(5, [group]);
    const outsiders = await connect(3, [other]);
    const event = messageCreated(group, 7);

    await handler(snsEvent({ message: envelope({ kind: 'group', groupId: group }, event) }));

    for (const id of members) expect(server.received(id)).toEqual([event]);
    for (const id of outsiders) expect(server.received(id)).toEqual([]);
  });

  test("delivers a users event to every connection of those users only", async () => {
    await setUp();
    const group = randomUUID();
    const prefix = randomUUID();
    server.connect(`${prefix}-a1`, `${prefix}-a2`, `${prefix}-b`);
    await table.addConnection(`${prefix}-a1`, 'applicant', []);
    await table.addConnection(`${prefix}-a2`, 'applicant', []);
    await table.addConnection(`${prefix}-b`, 'bystander', [group]);
    const event = messageCreated(group, 1);

    await handler(snsEvent({ message: envelope({ kind: 'users', userIds: ['applicant', 'nobody-connected'] }, event) }));

    expect(server.received(`${prefix}-a1`)).toEqual([event]);
    expect(server.received(`${prefix}-a2`)).toEqual([event]);
    expect(server.received(`${prefix}-b`)).toEqual([]);
  });

  test('a 410 deletes exactly the target connection from the table; the others keep receiving', async () => {
    await setUp();
    const group = randomUUID();
    const [live, stale, other] = await connect(3, [group]);
    server.disconnect(stale); // API Gateway closed it; $disconnect never came

    await handler(snsEvent({ message: envelope({ kind: 'group', groupId: group }, messageCreated(group, 1)) }));

    expect((await table.groupConnections(group)).sort()).toEqual([live, other].sort());
    expect(await table.userConnections(`user-${stale}`)).toEqual([]);
    expect(await table.userConnections(`user-${live}`)).toEqual([live]);
    expect(server.received(live)).toHaveLength(1);
    expect(server.received(other)).toHaveLength(1);
  });

  test('a throttled post (429) is retried after a pause and then delivered', async () => {
    await setUp();
    const group = randomUUID();
    const [target] = await connect(1, [group]);
    server.throttle(target, 2);

    await handler(snsEvent({ message: envelope({ kind: 'group', groupId: group }, messageCreated(group, 1)) }));

    expect(server.attempts.filter((id) => id === target)).toHaveLength(3);
    expect(server.received(target)).toHaveLength(1);
    expect(await table.groupConnections(group)).toEqual([target]); // throttling is not gone
  });

  test('only a 410 removes a connection: a 500, or a 429 still refused after every retry, keeps it', async () => {
    await setUp();
    const group = randomUUID();
    const [failing, throttled] = await connect(2, [group]);
    server.fail(failing, Infinity); // every attempt, the SDK's own retries included
    server.throttle(throttled, Infinity); // every attempt: the fan-out gives up after its fifth

    await handler(snsEvent({ message: envelope({ kind: 'group', groupId: group }, messageCreated(group, 1)) }));

    expect(server.received(failing)).toEqual([]);
    expect(server.received(throttled)).toEqual([]);
    expect((await table.groupConnections(group)).sort()).toEqual([failing, throttled].sort());
    expect(await table.userConnections(`user-${failing}`)).toEqual([failing]);
    server.fail(failing, 0);
    server.throttle(throttled, 0);
    await handler(snsEvent({ message: envelope({ kind: 'group', groupId: group }, messageCreated(group, 2)) }));
    expect(server.received(failing)).toHaveLength(1);
    expect(server.received(throttled)).toHaveLength(1);
  });

  test('a big group is split: batches after the first are re-published with their connection ids, and each is delivered by another invocation', async () => {
    await setUp(3);
    const group = randomUUID();
    const members = await connect(8, [group]);
    const event = messageCreated(group, 3);

    await handler(snsEvent({ message: envelope({ kind: 'group', groupId: group }, event) }));
    const deliveredFirst = members.filter((id) => server.received(id).length === 1);
    expect(deliveredFirst).toHaveLength(3);

    expect(publisher.published).toHaveLength(2);
    const batches = publisher.published.map(({ message }) => JSON.parse(message) as { connectionIds: string[]; event: unknown });
    for (const { attributes } of publisher.published) {
      expect(attributes).toEqual({ eventType: 'message.created', groupId: group, seq: '3', stage: 'batch' });
    }
    expect(batches.map((batch) => batch.connectionIds.length).sort()).toEqual([2, 3]);
    expect([...deliveredFirst, ...batches.flatMap((batch) => batch.connectionIds)].sort()).toEqual([...members].sort());

    // The topic invokes the fan-out again for each batch (in parallel on AWS).
    await Promise.all(publisher.published.map((batch) => handler(snsEvent(batch))));
    for (const id of members) expect(server.received(id)).toEqual([event]);
    expect(publisher.published).toHaveLength(2); // a batch is never split again
  });

  test('an event over the 128 KB WebSocket message limit goes out as a pointer to fetch over REST', async () => {
    await setUp();
    const group = randomUUID();
    const [target] = await connect(1, [group]);
    const big = messageCreated(group, 42, LIMITS.webSocketMessageBytes + 1);

    await handler(snsEvent({ message: envelope({ kind: 'group', groupId: group }, big) }));

    expect(server.received(target)).toEqual([{ type: 'event.pointer', groupId: group, seq: 42, eventType: 'message.created' }]);
  });

  test('a message on the topic that is not an envelope fails the invocation (SNS retries it, then its DLQ)', async () => {
    await setUp();
    await expect(handler(snsEvent({ message: '{"hello":"world"}' }))).rejects.toThrow(/not an envelope/);
  });
});
