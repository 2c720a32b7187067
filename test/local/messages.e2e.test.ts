import { randomUUID } from 'node:crypto';
import { ApiError } from '../../src/client';
import type { GroupEvent, Message, PushedEvent } from '../../src/client';
import type { LocalRuntime } from '../../src/local';
import { TestUser, connectionIdsOf, signIn, startRuntime } from './harness';

type StoredEvent = Extract<GroupEvent, { type: 'message.created' | 'message.updated' | 'message.deleted' | 'reaction.added' | 'reaction.removed' }>;
const MESSAGE_EVENTS = ['message.created', 'message.updated', 'message.deleted', 'reaction.added', 'reaction.removed'];

/** A view of the group's top-level messages built only from the events a user was handed, as an app keeps one. */
function viewOf(user: TestUser, groupId: string) {
  const view = new Map<string, { body: string | null; deleted: boolean; reactions: Record<string, number> }>();
  for (const event of eventsOf(user, groupId)) {
    if (event.type === 'reaction.added' || event.type === 'reaction.removed') {
      const entry = view.get(event.messageId)!;
      entry.reactions[event.emoji] = event.count;
      if (event.count === 0) delete entry.reactions[event.emoji];
    } else {
      const reactions = view.get(event.message.id)?.reactions ?? {};
      view.set(event.message.id, { body: event.message.body, deleted: event.message.deletedAt != null, reactions });
    }
  }
  return view;
}

const eventsOf = (user: TestUser, groupId: string) =>
  user.events.filter((event): event is StoredEvent => MESSAGE_EVENTS.includes(event.type) && (event as StoredEvent).groupId === groupId);

const is = (type: string, test: (event: StoredEvent) => boolean) => (event: PushedEvent) =>
  event.type === type && test(event as StoredEvent);

describe('editing, deleting and reacting, end to end through the SDK and the local runtime', () => {
  let runtime: LocalRuntime;
  let a: TestUser;
  let b: TestUser;
  let groupId: string;
  let first: Message;

  beforeAll(async () => {
    runtime = await startRuntime();
    [a, b] = [await signIn(runtime, 'Ada'), await signIn(runtime, 'Ben')];
    const group = await a.api.createGroup({ name: `Edits ${randomUUID().slice(0, 8)}` });
    groupId = group.id;
    a.realtime.follow(groupId, group.seq);
    await b.api.apply(groupId);
    await a.api.approve(groupId, b.sub);
    await b.waitForEvent((event) => event.type === 'member.joined' && event.groupId === groupId);
  });
  afterAll(async () => {
    a?.realtime.close();
    b?.realtime.close();
    await runtime?.stop();
  });

  it("each sees the other's edits, deletes and reactions live", async () => {
    first = await a.api.postMessage(groupId, { id: randomUUID(), body: 'Lunch at noon?', mentions: [b.sub] });
    await b.waitForEvent(is('message.created', (event) => 'message' in event && event.message.id === first.id));

    const edited = await a.api.editMessage(groupId, first.id, { body: 'Lunch at one?', mentions: [] });
    expect(edited).toMatchObject({ body: 'Lunch at one?', mentions: [], editedAt: expect.any(String) });
    const update = await b.waitForEvent(is('message.updated', (event) => 'message' in event && event.message.id === first.id));
    expect(update).toMatchObject({ message: { body: 'Lunch at one?', editedAt: edited.editedAt } });
    expect((update as StoredEvent).seq).toBeGreaterThan(first.seq);

    expect(await b.api.addReaction(groupId, first.id, '👍')).toEqual({ emoji: '👍', count: 1, mine: true });
    expect(await a.waitForEvent(is('reaction.added', (event) => 'userId' in event && event.userId === b.sub))).toMatchObject({ messageId: first.id, emoji: '👍', count: 1 });
    expect(await a.api.addReaction(groupId, first.id, '👍')).toEqual({ emoji: '👍', count: 2, mine: true });
    expect(await b.waitForEvent(is('reaction.added', (event) => 'userId' in event && event.userId === a.sub))).toMatchObject({ count: 2 });

    const mistake = await b.realtime.sendMessage(groupId, { id: randomUUID(), body: 'wrong group, sorry' });
    await a.waitForEvent(is('message.created', (event) => 'message' in event && event.message.id === mistake.id));
    const tombstone = await b.api.deleteMessage(groupId, mistake.id);
    expect(tombstone).toMatchObject({ id: mistake.id, body: null, mentions: [], deletedAt: expect.any(String) });
    const deleted = await a.waitForEvent(is('message.deleted', (event) => 'message' in event && event.message.id === mistake.id));
    expect(deleted).toMatchObject({ message: { body: null, deletedAt: tombstone.deletedAt } });
    // Deleting again answers the same and tells nobody anything new.
    expect(await b.api.deleteMessage(groupId, mistake.id)).toEqual(tombstone);
    await expect(b.api.addReaction(groupId, mistake.id, '👍')).rejects.toMatchObject({ code: 'conflict' });
  });

  it("after B's socket drops, what happened meanwhile arrives by catch-up, exactly once, and both views match the store", async () => {
    const [connectionId] = connectionIdsOf(runtime, b.sub);
    b.gate.blocked = true;
    runtime.registry.get(connectionId!)!.socket.terminate();
    await b.waitForState('reconnecting');
    const handedBefore = b.events.length;

    const doomed = await a.api.postMessage(groupId, { id: randomUUID(), body: 'gone soon' });
    await a.api.editMessage(groupId, first.id, { body: 'Lunch at two?' });
    await a.api.addReaction(groupId, first.id, '🎉');
    await b.api.removeReaction(groupId, first.id, '👍'); // B's own change, made over REST while its socket is down
    await a.api.deleteMessage(groupId, doomed.id);
    await runtime.topic.drain();
    expect(b.events.length).toBe(handedBefore);

    b.gate.blocked = false;
    await b.waitForState('open');
    await b.waitForEvent(is('message.deleted', (event) => 'message' in event && event.message.id === doomed.id));
    // One more live event after the catch-up, so nothing is still on its way.
    const last = await a.api.addReaction(groupId, first.id, '👀');
    await b.waitForEvent(is('reaction.added', (event) => 'emoji' in event && event.emoji === '👀'));
    expect(last.count).toBe(1);

    for (const user of [a, b]) {
      const seqs = eventsOf(user, groupId).map((event) => event.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y)); // exactly once, in seq order
    }
    expect(eventsOf(b, groupId).map((event) => event.seq)).toEqual(eventsOf(a, groupId).map((event) => event.seq));

    const page = await b.api.listMessages(groupId);
    const stored = new Map(page.items.map((message) => [message.id, {
      body: message.body,
      deleted: message.deletedAt != null,
      reactions: Object.fromEntries(message.reactions.map((reaction) => [reaction.emoji, reaction.count])),
    }]));
    expect(viewOf(b, groupId)).toEqual(stored);
    expect(viewOf(a, groupId)).toEqual(stored);
    expect(stored.get(first.id)).toEqual({ body: 'Lunch at two?', deleted: false, reactions: { '👍': 1, '🎉': 1, '👀': 1 } });
    expect(stored.get(doomed.id)).toEqual({ body: null, deleted: true, reactions: {} });
  });

  it('over the rate limit the SDK throws ApiError rate_limited with retryAfterMs, on REST and on the socket (one bucket)', async () => {
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start); // the clock stands still while the burst is handled
    try {
      const post = () => a.api.postMessage(groupId, { id: randomUUID(), body: 'spam' }).then(() => 'ok', (error: unknown) => error);
      const answers = await Promise.all(Array.from({ length: 22 }, post));
      expect(answers.filter((answer) => answer === 'ok')).toHaveLength(20);
      const refused = answers.filter((answer) => answer !== 'ok');
      expect(refused).toHaveLength(2);
      for (const error of refused) expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 }); // Retry-After: 1
      expect(refused[0]).toBeInstanceOf(ApiError);
      const overSocket = await a.realtime.sendMessage(groupId, { id: randomUUID(), body: 'spam' }).catch((error: unknown) => error);
      expect(overSocket).toMatchObject({ code: 'rate_limited', retryAfterMs: 100 });
      // Reactions have a bucket of their own.
      expect(await a.api.addReaction(groupId, first.id, '🍕')).toMatchObject({ count: 1 });
      now.mockReturnValue(start + 100);
      expect(await a.realtime.sendMessage(groupId, { id: randomUUID(), body: 'one more' })).toMatchObject({ body: 'one more' });
    } finally {
      now.mockRestore();
    }
  });
});
