import { CONNECTION_TTL_SECONDS } from '../../src/runtime/realtime/connections-table';
import { handler as presenceSweep } from '../../src/runtime/handlers/presence-sweep';
import { handler as wsDefault } from '../../src/runtime/handlers/ws-default';
import { handler as wsDisconnect } from '../../src/runtime/handlers/ws-disconnect';
import { testUser, type TestUser } from './support/http-events';
import { useWebSocketRuntime, wsEvent } from './support/websocket-runtime';

/*
 * Typing and presence through the real handlers, the connections table on dynalite and the fan-out, with the
 * connections table's clock faked: ten seconds of typing take no time.
 */

let now = Date.now();
const { runtime, call, open, deliverPublished } = useWebSocketRuntime({ now: () => now });

type Frame = { type: string; groupId?: string; userId?: string; online?: boolean; error?: { code: string } };
const framesOf = (connectionId: string, type: string) => (runtime.server.received(connectionId) as Frame[]).filter((frame) => frame.type === type);

/** A group of `owner` with `others` approved into it. */
async function groupOf(owner: TestUser, ...others: TestUser[]): Promise<string> {
  const groupId = (await call(owner, 'createGroup', { body: { name: 'Awareness' } })).id;
  for (const user of others) {
    await call(user, 'apply', { params: { groupId } });
    await call(owner, 'approve', { params: { groupId, userId: user.sub } });
  }
  await deliverPublished();
  return groupId;
}

test('typing for 10 s reaches each other member at most 4 times; the typer and strangers get none', async () => {
  const [typist, member, stranger] = [testUser('Typist'), testUser('Member'), testUser('Stranger')];
  const groupId = await groupOf(typist, member);
  const [typistPhone, typistLaptop, memberConnection, strangerConnection] = [await open(typist), await open(typist), await open(member), await open(stranger)];
  const { seq } = await call<{ seq: number }>(typist, 'getGroup', { params: { groupId } });
  await deliverPublished();

  for (let elapsed = 0; elapsed < 10_000; elapsed += 250) {
    await wsDefault(wsEvent(typist, typistPhone, '$default', { action: 'typing', groupId }));
    await deliverPublished();
    now += 250;
  }

  expect(framesOf(memberConnection, 'typing')).toEqual(Array(4).fill({ type: 'typing', groupId, userId: typist.sub }));
  for (const own of [typistPhone, typistLaptop]) expect(framesOf(own, 'typing')).toEqual([]);
  expect(framesOf(strangerConnection, 'typing')).toEqual([]);
  expect(framesOf(typistPhone, 'error')).toEqual([]); // dropped frames are dropped silently
  // Nothing of it is stored: the group's seq did not move.
  expect((await call<{ seq: number }>(typist, 'getGroup', { params: { groupId } })).seq).toBe(seq);

  await wsDefault(wsEvent(stranger, strangerConnection, '$default', { action: 'typing', groupId }));
  expect(framesOf(strangerConnection, 'error')).toEqual([{ type: 'error', error: { code: 'forbidden', message: expect.any(String) } }]);
  await deliverPublished();
  expect(framesOf(memberConnection, 'typing')).toHaveLength(4);
});

test('presence: online on the first connection, offline only once the second closes, and on expiry', async () => {
  const [alice, bob, stranger] = [testUser('Alice'), testUser('Bob'), testUser('Stranger')];
  const groupId = await groupOf(alice, bob);
  const [bobConnection, strangerConnection] = [await open(bob), await open(stranger)];
  await deliverPublished();
  const presenceOfAlice = () => framesOf(bobConnection, 'presence.changed').filter((frame) => frame.userId === alice.sub);
  const onlineMembers = async () =>
    (await call<{ items: { user: { id: string }; online: boolean }[] }>(bob, 'listMembers', { params: { groupId } })).items
      .filter((member) => member.online)
      .map((member) => member.user.id)
      .sort();

  const phone = await open(alice);
  await deliverPublished();
  expect(presenceOfAlice()).toEqual([{ type: 'presence.changed', userId: alice.sub, online: true }]);
  const laptop = await open(alice);
  await deliverPublished();
  expect(presenceOfAlice()).toHaveLength(1);
  expect(await onlineMembers()).toEqual([alice.sub, bob.sub].sort());

  await wsDisconnect(wsEvent(alice, phone, '$disconnect'));
  await deliverPublished();
  expect(presenceOfAlice()).toHaveLength(1);
  await wsDisconnect(wsEvent(alice, laptop, '$disconnect'));
  await deliverPublished();
  expect(presenceOfAlice()).toEqual([
    { type: 'presence.changed', userId: alice.sub, online: true },
    { type: 'presence.changed', userId: alice.sub, online: false },
  ]);
  expect(await onlineMembers()).toEqual([bob.sub]);

  // A connection that is never closed goes offline when it expires, announced by the sweep.
  await open(alice);
  await deliverPublished();
  expect(presenceOfAlice()).toHaveLength(3);
  now += (CONNECTION_TTL_SECONDS - 60) * 1000;
  const bobAgain = await open(bob); // Bob's connections would expire too: a fresh one, before Alice's does
  now += 120 * 1000;
  await presenceSweep();
  await deliverPublished();
  expect(framesOf(bobAgain, 'presence.changed')).toEqual([{ type: 'presence.changed', userId: alice.sub, online: false }]);
  expect(framesOf(strangerConnection, 'presence.changed')).toEqual([]);
});
