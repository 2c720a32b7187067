import { randomUUID } from 'node:crypto';
import { handler as wsDefault } from '../../src/runtime/handlers/ws-default';
import { handler as wsDisconnect } from '../../src/runtime/handlers/ws-disconnect';
import { testUser } from './support/http-events';
import { useWebSocketRuntime, wsEvent } from './support/websocket-runtime';

const { runtime, call, open, deliverPublished } = useWebSocketRuntime();

const messagesIn = (connectionId: string, groupId: string) =>
  (runtime.server.received(connectionId) as { type: string; groupId?: string; message?: { body: string } }[])
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
    expect((await runtime.table.groupConnections(groupId)).sort()).toEqual([ownerPhone, ownerLaptop, memberConnection].sort());

    const id = randomUUID();
    await wsDefault(wsEvent(member, memberConnection, '$default', { action: 'sendMessage', groupId, id, body: 'hi all', mentions: [owner.sub] }));
    expect(runtime.server.received(memberConnection)).toEqual([{ type: 'ack', id, groupId, message: expect.objectContaining({ id, body: 'hi all', mentions: [owner.sub] }) }]);
    await deliverPublished();
    for (const connection of [ownerPhone, ownerLaptop, memberConnection]) expect(messagesIn(connection, groupId)).toEqual(['hi all']);
    expect(runtime.server.received(outsiderConnection)).toEqual([]);

    await call(owner, 'removeMember', { params: { groupId, userId: member.sub } });
    await deliverPublished();
    expect(runtime.server.received(memberConnection)).toContainEqual(expect.objectContaining({ type: 'member.removed', userId: member.sub }));

    await wsDefault(wsEvent(owner, ownerPhone, '$default', { action: 'sendMessage', groupId, id: randomUUID(), body: 'after' }));
    await deliverPublished();
    expect(messagesIn(ownerLaptop, groupId)).toEqual(['hi all', 'after']);
    expect(messagesIn(memberConnection, groupId)).toEqual(['hi all']);
    expect(runtime.server.received(outsiderConnection)).toEqual([]);
  });

  test('ping is answered with pong on the same connection', async () => {
    const user = testUser('Pinger');
    const connectionId = await open(user);
    expect(await wsDefault(wsEvent(user, connectionId, '$default', { action: 'ping' }))).toEqual({ statusCode: 200 });
    expect(runtime.server.received(connectionId)).toEqual([{ type: 'pong', latestSeqs: {} }]);
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
    expect(runtime.server.received(connectionId)).toEqual([
      { type: 'error', error: { code: 'bad_request', message: expect.stringMatching(/JSON/) } },
      { type: 'error', error: { code: 'bad_request', message: expect.stringMatching(/Unknown action "dance"/) } },
      { type: 'error', error: { code: 'bad_request', message: expect.stringMatching(/message\.id/) } },
      { type: 'error', id, error: { code: expect.stringMatching(/^(not_found|forbidden)$/), message: expect.any(String) } },
    ]);
  });

  test('rate limit on the socket: after exactly the burst (20) a send gets rate_limited with retryAfterMs; the bucket refills', async () => {
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start); // the clock stands still while the burst is handled
    try {
      const user = testUser('Hasty');
      const groupId = (await call(user, 'createGroup', { body: { name: 'Hasty' } })).id;
      const connectionId = await open(user);
      const send = () => wsDefault(wsEvent(user, connectionId, '$default', { action: 'sendMessage', groupId, id: randomUUID(), body: 'x' }));
      await Promise.all(Array.from({ length: 23 }, send));
      const replies = runtime.server.received(connectionId) as { type: string; id: string; retryAfterMs?: number }[];
      expect(replies.filter((reply) => reply.type === 'ack')).toHaveLength(20);
      expect(replies.filter((reply) => reply.type === 'error')).toEqual(
        Array(3).fill({ type: 'error', id: expect.any(String), error: { code: 'rate_limited', message: 'Too many messages: try again in 1 s.' }, retryAfterMs: 100 }),
      );
      now.mockReturnValue(start + 100); // one token
      await send();
      expect(runtime.server.received(connectionId).at(-1)).toEqual(expect.objectContaining({ type: 'ack' }));
      await deliverPublished();
    } finally {
      now.mockRestore();
    }
  });

  test('$disconnect forgets the connection and its subscriptions', async () => {
    const user = testUser('Leaver');
    const groupId = (await call(user, 'createGroup', { body: { name: 'Short-lived' } })).id;
    const connectionId = await open(user);
    expect(await runtime.table.groupConnections(groupId)).toEqual([connectionId]);
    expect(await wsDisconnect(wsEvent(user, connectionId, '$disconnect'))).toEqual({ statusCode: 200 });
    expect(await runtime.table.groupConnections(groupId)).toEqual([]);
    expect(await runtime.table.userConnections(user.sub)).toEqual([]);
  });
});
