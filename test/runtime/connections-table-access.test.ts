import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONNECTIONS_TABLE_ACTIONS, type ConnectionsTableUser } from '../../src/components/iam';
import { configureRuntime } from '../../src/runtime/context';
import { handler as presenceSweep } from '../../src/runtime/handlers/presence-sweep';
import { handler as wsDefault } from '../../src/runtime/handlers/ws-default';
import { handler as wsDisconnect } from '../../src/runtime/handlers/ws-disconnect';
import { CONNECTION_TTL_SECONDS } from '../../src/runtime/realtime/connections-table';
import { testUser } from './support/http-events';
import { useWebSocketRuntime, wsEvent } from './support/websocket-runtime';

/*
 * Each function's role allows only the DynamoDB actions of CONNECTIONS_TABLE_ACTIONS on the connections table
 * (the component tests assert the policies). Here every handler runs its paths against dynalite behind a
 * proxy that records the action of each request (`X-Amz-Target`), so a handler that starts using another
 * action fails here before it fails with AccessDenied on AWS, and an action no handler uses any more is seen.
 */

let now = Date.now();
const { runtime, call, open, deliverPublished } = useWebSocketRuntime({ now: () => now });

const used = new Map<string, Set<string>>();
let current = 'no handler';
let proxy: Server;

/** Runs `work` as `handler`: the DynamoDB requests made meanwhile are recorded as its. */
async function as<T>(handler: ConnectionsTableUser, work: () => Promise<T>): Promise<T> {
  current = handler;
  try {
    return await work();
  } finally {
    current = 'no handler';
  }
}

beforeAll(async () => {
  const target = new URL(runtime.dynamo.endpoint);
  proxy = createServer((incoming, answer) => {
    const action = String(incoming.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, 'dynamodb:');
    if (!used.has(current)) used.set(current, new Set());
    used.get(current)!.add(action);
    const upstream = request({ host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (response) => {
      answer.writeHead(response.statusCode ?? 500, response.headers);
      response.pipe(answer);
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  // The runtime's DynamoDB client is made again, at the proxy (the environment is restored after the file).
  process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  configureRuntime({});
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
});

test('every function sends exactly the DynamoDB actions its role allows, on every path it has', async () => {
  const [alice, bob, carol] = [testUser('Alice'), testUser('Bob'), testUser('Carol')];
  const connect = (user: typeof alice) => as('ws-connect', () => open(user));
  const deliver = () => as('fanout', deliverPublished);
  const [alicePhone, bobPhone, carolPhone] = [await connect(alice), await connect(bob), await connect(carol)];

  // REST: subscriptions follow joins and removals; members carry their presence; applying takes a rate-limit token.
  const groupId = (await as('api', () => call(alice, 'createGroup', { body: { name: 'Access' } }))).id;
  for (const user of [bob, carol]) {
    await as('api', () => call(user, 'apply', { params: { groupId } }));
    await as('api', () => call(alice, 'approve', { params: { groupId, userId: user.sub } }));
  }
  await as('api', () => call(bob, 'listMembers', { params: { groupId } }));
  await as('api', () => call(alice, 'removeMember', { params: { groupId, userId: carol.sub } }));
  await deliver();

  // $default: typing, a message (a rate-limit token) and a ping (nothing from the table).
  await as('ws-default', () => wsDefault(wsEvent(alice, alicePhone, '$default', { action: 'typing', groupId })));
  await as('ws-default', () => wsDefault(wsEvent(alice, alicePhone, '$default', { action: 'sendMessage', groupId, id: randomUUID(), body: 'hi' })));
  await as('ws-default', () => wsDefault(wsEvent(alice, alicePhone, '$default', { action: 'ping' })));
  // The fan-out meets a connection that is gone (410) and forgets it.
  runtime.server.disconnect(bobPhone);
  await deliver();

  await as('ws-disconnect', () => wsDisconnect(wsEvent(carol, carolPhone, '$disconnect')));
  // Alice's connection expires without a $disconnect; the sweep takes her offline.
  now += (CONNECTION_TTL_SECONDS + 60) * 1000;
  expect(await as('presence-sweep', () => presenceSweep())).toEqual({ offline: 1 });
  await deliver();

  const recorded = Object.fromEntries([...used].map(([handler, actions]) => [handler, [...actions].sort()]));
  const allowed = Object.fromEntries(Object.entries(CONNECTIONS_TABLE_ACTIONS).map(([handler, actions]) => [handler, [...actions].sort()]));
  expect(recorded).toEqual(allowed);
  // Some forty handler invocations on Neo4j and dynalite: over a minute on a loaded 2-core machine.
}, 240_000);
