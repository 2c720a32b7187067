import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { CONNECTION_TTL_SECONDS, ConnectionsTable } from '../../src/runtime/realtime/connections-table';
import { startDynamoDb, type EmbeddedDynamoDb } from './support/aws';

let dynamo: EmbeddedDynamoDb;
let tableName: string;

beforeAll(async () => {
  dynamo = await startDynamoDb();
});

afterAll(async () => {
  await dynamo.stop();
});

beforeEach(async () => {
  tableName = `connections-${randomUUID()}`;
  await dynamo.createConnectionsTable(tableName);
});

const table = (now: () => number = Date.now) => new ConnectionsTable(tableName, dynamo.client, now);

async function allItems(): Promise<Record<string, string>[]> {
  const { Items = [] } = await dynamo.client.send(new ScanCommand({ TableName: tableName }));
  return Items.map((item) => Object.fromEntries(Object.entries(item).map(([name, value]) => [name, value.S ?? value.N ?? ''])));
}

describe('ConnectionsTable on DynamoDB (dynalite)', () => {
  test("a new connection is found by its user and by each of the user's groups", async () => {
    const connections = table();
    await connections.addConnection('c1', 'alice', ['g1', 'g2']);
    await connections.addConnection('c2', 'alice', ['g1', 'g2']);
    await connections.addConnection('c3', 'bob', ['g2']);

    expect((await connections.userConnections('alice')).sort()).toEqual(['c1', 'c2']);
    expect((await connections.groupConnections('g1')).sort()).toEqual(['c1', 'c2']);
    expect((await connections.groupConnections('g2')).sort()).toEqual(['c1', 'c2', 'c3']);
    expect(await connections.groupConnections('g3')).toEqual([]);
  });

  test('every item expires a little after the 2-hour connection limit (TTL attribute expiresAt)', async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    await table(() => now).addConnection('c1', 'alice', ['g1']);
    const items = await allItems();
    expect(items).toHaveLength(4); // the connection, the user's index entry, the subscription both ways round
    expect(CONNECTION_TTL_SECONDS).toBeGreaterThan(2 * 60 * 60);
    expect(CONNECTION_TTL_SECONDS).toBeLessThanOrEqual(3 * 60 * 60);
    for (const item of items) expect(Number(item.expiresAt)).toBe(now / 1000 + CONNECTION_TTL_SECONDS);
  });

  test('items past their expiry are not read, before DynamoDB gets round to deleting them', async () => {
    let now = Date.now();
    const connections = table(() => now);
    await connections.addConnection('c1', 'alice', ['g1']);
    now += (CONNECTION_TTL_SECONDS + 1) * 1000;
    expect(await connections.groupConnections('g1')).toEqual([]);
    expect(await connections.userConnections('alice')).toEqual([]);
  });

  test("subscribe and unsubscribe change every live connection of the user, and only that user's", async () => {
    const connections = table();
    await connections.addConnection('c1', 'alice', []);
    await connections.addConnection('c2', 'alice', ['g1']);
    await connections.addConnection('c3', 'bob', ['g1']);

    await connections.subscribe('alice', 'g2');
    expect((await connections.groupConnections('g2')).sort()).toEqual(['c1', 'c2']);

    await connections.unsubscribe('alice', 'g1');
    expect(await connections.groupConnections('g1')).toEqual(['c3']);
    expect((await connections.groupConnections('g2')).sort()).toEqual(['c1', 'c2']);
  });

  test('removing a connection deletes it and all its subscriptions, and nothing of other connections', async () => {
    const connections = table();
    const groups = Array.from({ length: 30 }, (_, index) => `g${index}`); // more items than one batch write of 25
    await connections.addConnection('c1', 'alice', groups);
    await connections.addConnection('c2', 'alice', ['g0']);
    await connections.removeConnection('c1');

    const left = await allItems();
    expect(left.filter((item) => item.pk.includes('c1') || item.sk.includes('c1'))).toEqual([]);
    expect(await connections.userConnections('alice')).toEqual(['c2']);
    expect(await connections.groupConnections('g0')).toEqual(['c2']);
    await connections.removeConnection('c1'); // already gone: fine
  });

  test('a group with more connections than one query page is read whole', async () => {
    const connections = table();
    const ids = Array.from({ length: 1200 }, (_, index) => `connection-${String(index).padStart(4, '0')}-${'x'.repeat(900)}`);
    for (let start = 0; start < ids.length; start += 100) {
      await Promise.all(ids.slice(start, start + 100).map((id) => connections.addConnection(id, `user-${id}`, ['big'])));
    }
    const send = jest.spyOn(dynamo.client, 'send');
    expect((await connections.groupConnections('big')).sort()).toEqual(ids);
    expect(send.mock.calls.length).toBeGreaterThan(1); // DynamoDB pages query results at 1 MB
    send.mockRestore();
  });
});
