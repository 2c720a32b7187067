import { BatchWriteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { CONNECTION_TTL_SECONDS, ConnectionsTable, TYPING_INTERVAL_MS } from '../../src/runtime/realtime/connections-table';
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
    // The connection, the user's index entry, the subscription both ways round, and the user's presence.
    expect(items).toHaveLength(5);
    expect(CONNECTION_TTL_SECONDS).toBeGreaterThan(2 * 60 * 60);
    expect(CONNECTION_TTL_SECONDS).toBeLessThanOrEqual(3 * 60 * 60);
    const expiry = now / 1000 + CONNECTION_TTL_SECONDS;
    for (const item of items.filter((item) => !item.pk.startsWith('PRESENCE#'))) expect(Number(item.expiresAt)).toBe(expiry);
    // The presence item keeps the connection's expiry and outlives it by a day, for expirePresence to find.
    expect(items.find((item) => item.pk === 'PRESENCE#alice')).toEqual({ pk: 'PRESENCE#alice', sk: 'PRESENCE#alice', 'c#c1': String(expiry), expiresAt: String(expiry + 86_400) });
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
    // The group's side of each subscription, written directly: the paging of the read is under test here.
    for (let start = 0; start < ids.length; start += 25) {
      const items = ids.slice(start, start + 25).map((id) => ({ pk: { S: 'GROUP#big' }, sk: { S: `CONN#${id}` }, userId: { S: `user-${id}` } }));
      await dynamo.client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const send = jest.spyOn(dynamo.client, 'send');
    expect((await connections.groupConnections('big')).sort()).toEqual(ids);
    expect(send.mock.calls.length).toBeGreaterThan(1); // DynamoDB pages query results at 1 MB
    send.mockRestore();
  });

  test('presence: the first connection brings a user online, only the last one to close takes them offline', async () => {
    const connections = table();
    expect(await connections.addConnection('phone', 'alice', ['g1'])).toBe(true);
    expect(await connections.addConnection('laptop', 'alice', ['g1'])).toBe(false);
    expect(await connections.addConnection('c3', 'bob', [])).toBe(true);
    expect(await connections.onlineUsers(['alice', 'bob', 'carol'])).toEqual(new Set(['alice', 'bob']));

    expect(await connections.removeConnection('phone')).toEqual({ userId: 'alice', groupIds: ['g1'], lastConnection: false });
    expect(await connections.onlineUsers(['alice'])).toEqual(new Set(['alice']));
    expect(await connections.removeConnection('laptop')).toEqual({ userId: 'alice', groupIds: ['g1'], lastConnection: true });
    expect(await connections.removeConnection('laptop')).toBeNull(); // closed twice: only the first learns it
    expect(await connections.onlineUsers(['alice', 'bob'])).toEqual(new Set(['bob']));
  });

  test('presence: connections opening and closing concurrently leave exactly one online and one offline answer per change', async () => {
    const connections = table();
    const ids = Array.from({ length: 20 }, (_, index) => `c${index}`);
    const opened = await Promise.all(ids.map((id) => connections.addConnection(id, 'alice', [])));
    expect(opened.filter(Boolean)).toHaveLength(1);
    const closed = await Promise.all(ids.map((id) => connections.removeConnection(id)));
    expect(closed.filter((removed) => removed?.lastConnection)).toHaveLength(1);
  });

  test('presence: a connection past its expiry is offline at once, and expirePresence reports its user once', async () => {
    let now = Date.now();
    const connections = table(() => now);
    await connections.addConnection('old', 'alice', ['g1']);
    now += 60 * 60 * 1000;
    await connections.addConnection('newer', 'alice', ['g1']);
    await connections.addConnection('b1', 'bob', ['g1']);
    now += (CONNECTION_TTL_SECONDS - 30 * 60) * 1000; // 'old' has expired, 'newer' has not
    expect(await connections.onlineUsers(['alice'])).toEqual(new Set(['alice']));
    expect(await connections.expirePresence()).toEqual([]);

    await connections.removeConnection('b1');
    now += 60 * 60 * 1000; // 'newer' has expired too, without a $disconnect
    expect(await connections.onlineUsers(['alice'])).toEqual(new Set());
    expect(await connections.expirePresence()).toEqual(['alice']);
    expect(await connections.expirePresence()).toEqual([]);
    expect(await connections.addConnection('back', 'alice', [])).toBe(true);
  });

  test('typing: one slot per user and group every 3 s, across connections', async () => {
    let now = 1_000_000;
    const connections = table(() => now);
    expect(await connections.takeTypingSlot('alice', 'g1')).toBe(true);
    expect(await connections.takeTypingSlot('alice', 'g1')).toBe(false);
    expect(await connections.takeTypingSlot('alice', 'g2')).toBe(true);
    expect(await connections.takeTypingSlot('bob', 'g1')).toBe(true);
    now += TYPING_INTERVAL_MS - 1;
    expect(await connections.takeTypingSlot('alice', 'g1')).toBe(false);
    now += 1;
    expect(await connections.takeTypingSlot('alice', 'g1')).toBe(true);
  });

  test("isSubscribed and groupConnections without one user's own connections", async () => {
    const connections = table();
    await connections.addConnection('a1', 'alice', ['g1']);
    await connections.addConnection('b1', 'bob', ['g1']);
    expect(await connections.isSubscribed('a1', 'g1')).toBe(true);
    expect(await connections.isSubscribed('a1', 'g2')).toBe(false);
    expect(await connections.groupConnections('g1', 'alice')).toEqual(['b1']);
  });
});
