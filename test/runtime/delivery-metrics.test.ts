import { randomUUID } from 'node:crypto';
import { configureRuntime, resetRuntime } from '../../src/runtime/context';
import { handler } from '../../src/runtime/handlers/fanout';
import { DELIVERY_METRICS_NAMESPACE, deliveryMetrics } from '../../src/runtime/realtime/delivery-metrics';
import { DELIVERY_METRICS_NAMESPACE as COMPONENTS_NAMESPACE } from '../../src/components/metric-names';
import { LOCAL_AWS_ENVIRONMENT, newConnectionsTable, startDynamoDb, withEnvironment, type EmbeddedDynamoDb } from './support/aws';
import { ConnectionsServer } from './support/connections-server';
import { messageCreated, RecordingPublisher, snsEvent } from './support/events';

const COUNTS = { batchSize: 3, delivered: 2, gone: 1, failed: 0, batchesPublished: 4 };

describe('delivery metrics in the CloudWatch embedded metric format', () => {
  test('one document: _aws metadata naming the namespace, the FunctionName dimension and each metric with its unit, and the values at top level', () => {
    const event = messageCreated(randomUUID(), 9);
    const document = deliveryMetrics({ audience: { kind: 'group', groupId: event.groupId }, event, committedAt: 1_000 }, COUNTS, 'chat-fanout-x7', 1_250);
    expect(document).toEqual({
      _aws: {
        Timestamp: 1_250,
        CloudWatchMetrics: [{
          Namespace: 'GroupChat/Delivery',
          Dimensions: [['FunctionName']],
          Metrics: [
            { Name: 'CommitToPostLatency', Unit: 'Milliseconds' },
            { Name: 'BatchSize', Unit: 'Count' },
            { Name: 'DeliveredPosts', Unit: 'Count' },
            { Name: 'GoneConnections', Unit: 'Count' },
            { Name: 'FailedPosts', Unit: 'Count' },
            { Name: 'BatchesPublished', Unit: 'Count' },
          ],
        }],
      },
      FunctionName: 'chat-fanout-x7',
      eventType: 'message.created',
      groupId: event.groupId,
      seq: '9',
      stage: 'event',
      CommitToPostLatency: 250,
      BatchSize: 3,
      DeliveredPosts: 2,
      GoneConnections: 1,
      FailedPosts: 0,
      BatchesPublished: 4,
    });
    // Every metric named in the metadata has a number at the top level, as EMF requires.
    const metadata = (document._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0];
    for (const { Name } of metadata.Metrics) expect(typeof document[Name]).toBe('number');
  });

  test('no latency without a commit time or without posts', () => {
    const event = messageCreated(randomUUID(), 1);
    const names = (document: Record<string, unknown>) =>
      (document._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0].Metrics.map((metric) => metric.Name);
    expect(names(deliveryMetrics({ audience: { kind: 'group', groupId: event.groupId }, event }, COUNTS, 'f', 5))).not.toContain('CommitToPostLatency');
    expect(names(deliveryMetrics({ audience: { kind: 'group', groupId: event.groupId }, event, committedAt: 1 }, { ...COUNTS, batchSize: 0 }, 'f', 5)))
      .not.toContain('CommitToPostLatency');
  });

  test('the components watch the namespace the runtime writes', () => {
    expect(COMPONENTS_NAMESPACE).toBe(DELIVERY_METRICS_NAMESPACE);
  });
});

describe('the fan-out handler writes one EMF line per delivery on Lambda, none locally', () => {
  let dynamo: EmbeddedDynamoDb;
  let server: ConnectionsServer;
  let environment: { restore(): void };
  let written: string[];
  let stdout: jest.SpyInstance;

  beforeAll(async () => {
    dynamo = await startDynamoDb();
    server = await new ConnectionsServer().start();
    environment = withEnvironment({ ...LOCAL_AWS_ENVIRONMENT, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  });

  beforeEach(() => {
    written = [];
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });

  afterEach(() => stdout.mockRestore());

  afterAll(async () => {
    await resetRuntime();
    environment.restore();
    await Promise.all([dynamo.stop(), server.stop()]);
  });

  async function deliverToTwoLiveAndOneGone(): Promise<void> {
    await resetRuntime();
    const { tableName, table } = await newConnectionsTable(dynamo);
    configureRuntime({ config: { connectionsTable: tableName, managementEndpoint: server.endpoint, fanoutBatchSize: 100, fanoutConcurrency: 4 }, publisher: new RecordingPublisher() });
    const group = randomUUID();
    const [live1, live2, gone] = [randomUUID(), randomUUID(), randomUUID()];
    server.connect(live1, live2);
    for (const id of [live1, live2, gone]) await table.addConnection(id, `user-${id}`, [group]);
    const event = messageCreated(group, 3);
    await handler(snsEvent({ message: JSON.stringify({ audience: { kind: 'group', groupId: group }, event, committedAt: Date.now() - 40 }) }));
  }

  test('on Lambda: the line carries the batch size, the 410 and a commit-to-post latency of at least the time since the commit', async () => {
    const lambda = withEnvironment({ AWS_LAMBDA_FUNCTION_NAME: 'chat-fanout-x7' });
    try {
      await deliverToTwoLiveAndOneGone();
    } finally {
      lambda.restore();
    }
    const lines = written.filter((line) => line.includes('"_aws"'));
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(lines[0].trimEnd()).not.toContain('\n');
    const document = JSON.parse(lines[0]);
    expect(document).toMatchObject({ FunctionName: 'chat-fanout-x7', BatchSize: 3, DeliveredPosts: 2, GoneConnections: 1, FailedPosts: 0, BatchesPublished: 0 });
    expect(document.CommitToPostLatency).toBeGreaterThanOrEqual(40);
  });

  test('locally (no AWS_LAMBDA_FUNCTION_NAME): no metrics line', async () => {
    await deliverToTwoLiveAndOneGone();
    expect(written.filter((line) => line.includes('"_aws"'))).toEqual([]);
  });
});
