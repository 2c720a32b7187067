import { randomUUID } from 'node:crypto';
import { configureRuntime, resetRuntime } from '../../src/runtime/context';
import { publisher } from '../../src/runtime/services/publisher';
import { handler as fanout } from '../../src/runtime/handlers/fanout';
import { LOCAL_AWS_ENVIRONMENT, motoEndpoint, newConnectionsTable, startDynamoDb, withEnvironment, type EmbeddedDynamoDb } from './support/aws';
import { ConnectionsServer } from './support/connections-server';
import { envelope, messageCreated, snsEvent } from './support/events';
import { topicWithTap } from './support/moto';

let dynamo: EmbeddedDynamoDb;
let server: ConnectionsServer;
let environment: { restore(): void };

beforeAll(async () => {
  dynamo = await startDynamoDb();
  server = await new ConnectionsServer().start();
  // The runtime's SNS and DynamoDB clients take their endpoints from the environment, as the local runtime sets them.
  environment = withEnvironment({
    ...LOCAL_AWS_ENVIRONMENT,
    AWS_ENDPOINT_URL_SNS: motoEndpoint(),
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  });
});

afterEach(() => resetRuntime());

afterAll(async () => {
  environment.restore();
  await Promise.all([dynamo.stop(), server.stop()]);
});

describe('publishing to SNS through the real SNSClient (moto server)', () => {
  test('the runtime publishes to EVENTS_TOPIC_ARN with the message and its string attributes', async () => {
    const tap = await topicWithTap();
    configureRuntime({ config: { eventsTopicArn: tap.topicArn } });
    const event = messageCreated(randomUUID(), 12);
    const message = envelope({ kind: 'group', groupId: event.groupId }, event);

    await publisher().publish(message, { eventType: 'message.created', groupId: event.groupId, seq: '12', stage: 'event' });

    expect(await tap.drain()).toEqual([
      { message, attributes: { eventType: 'message.created', groupId: event.groupId, seq: '12', stage: 'event' } },
    ]);
  });

  test("the fan-out re-publishes a big group's batches to the topic, each with its slice of connection ids", async () => {
    const tap = await topicWithTap();
    const { tableName, table } = await newConnectionsTable(dynamo);
    configureRuntime({
      config: { eventsTopicArn: tap.topicArn, connectionsTable: tableName, managementEndpoint: server.endpoint, fanoutBatchSize: 2 },
    });
    const group = randomUUID();
    const ids = Array.from({ length: 5 }, (_, index) => `${group}-${index}`);
    for (const id of ids) {
      server.connect(id);
      await table.addConnection(id, `user-${id}`, [group]);
    }
    const event = messageCreated(group, 4);

    await fanout(snsEvent({ message: envelope({ kind: 'group', groupId: group }, event) }));

    const batches = await tap.drain();
    expect(batches).toHaveLength(2);
    for (const batch of batches) {
      expect(batch.attributes).toEqual({ eventType: 'message.created', groupId: group, seq: '4', stage: 'batch' });
      expect(JSON.parse(batch.message)).toEqual({ audience: { kind: 'group', groupId: group }, event, connectionIds: expect.any(Array) });
    }
    const delivered = ids.filter((id) => server.received(id).length > 0);
    const batched = batches.flatMap((batch) => (JSON.parse(batch.message) as { connectionIds: string[] }).connectionIds);
    expect(delivered).toHaveLength(2);
    expect([...delivered, ...batched].sort()).toEqual(ids);
  });
});
