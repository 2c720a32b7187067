import type { GroupEvent, Message, Page } from '../../src/client';
import { openGroup, openThread, sendMessage } from '../../examples/chat-core/chat-slice';
import { eventReceived } from '../../examples/chat-core/events';
import { deleteMessage, editMessage, toggleReaction } from '../../examples/chat-core/message-changes';
import { describeReactors, loadReactors } from '../../examples/chat-core/reactors-slice';
import { loadMe } from '../../examples/chat-core/session-slice';
import { fakeServices, group, me, member, message, other } from './fixtures';

const page = (items: Message[]): Page<Message> => ({ items, prev: null, next: null });

/** A store with one group open on `messages`, and a thread of `replies` under the first one. */
async function opened(messages: Message[], replies: Message[] = []) {
  const g = group();
  const mine = messages.map((m) => ({ ...m, groupId: g.id }));
  const fake = fakeServices({
    listMessages: async () => page(mine),
    getMe: async () => me,
    listMembers: async () => [member(me, 'owner'), member(other)],
    listReplies: async () => page(replies.map((m) => ({ ...m, groupId: g.id, parentId: mine[0]!.id }))),
  });
  await fake.store.dispatch(loadMe());
  await fake.store.dispatch(openGroup(g.id));
  const chat = () => fake.store.getState().chat[g.id]!;
  const event = (e: GroupEvent, who = me.id) => fake.store.dispatch(eventReceived({ event: e, me: who }));
  return { ...fake, groupId: g.id, ids: mine.map((m) => m.id), chat, event };
}

describe('message changes in the chat store', () => {
  it('an edit, mine or pushed, replaces the message in the list and in an open thread', async () => {
    const { store, groupId, ids, chat, event, services } = await opened([message('x', 1, { replyCount: 1 })], [message('x', 1)]);
    await store.dispatch(openThread({ groupId, messageId: ids[0]! }));
    const reply = chat().threads[ids[0]!]!.items[0]!;
    services.api.editMessage = async (_g, messageId, body) => ({ ...chat().messages[0]!, id: messageId, body: body.body, editedAt: '2026-01-01T00:01:00.000Z' });
    await store.dispatch(editMessage({ groupId, messageId: ids[0]!, body: 'fixed' }));
    expect(chat().messages[0]).toMatchObject({ body: 'fixed', editedAt: '2026-01-01T00:01:00.000Z', replyCount: 1 });

    event({ type: 'message.updated', groupId, seq: 9, message: { ...reply, body: 'reply, edited', editedAt: '2026-01-01T00:02:00.000Z' } });
    expect(chat().threads[ids[0]!]!.items[0]).toMatchObject({ body: 'reply, edited', editedAt: '2026-01-01T00:02:00.000Z' });
  });

  it('a deletion leaves a tombstone that keeps its place and its reply count', async () => {
    const { groupId, ids, chat, event } = await opened([message('x', 1, { replyCount: 3 }), message('x', 2)]);
    const tombstone = { ...chat().messages[0]!, body: null, mentions: [], reactions: [], replyCount: 2, deletedAt: '2026-01-01T00:03:00.000Z' };
    event({ type: 'message.deleted', groupId, seq: 9, message: tombstone });
    expect(chat().messages.map((m) => m.id)).toEqual(ids);
    expect(chat().messages[0]).toMatchObject({ body: null, deletedAt: '2026-01-01T00:03:00.000Z', replyCount: 3 });
  });

  it('deleting through the API shows the tombstone the API answers with', async () => {
    const { store, groupId, ids, chat, services } = await opened([message('x', 1)]);
    services.api.deleteMessage = async () => ({ ...chat().messages[0]!, body: null, deletedAt: '2026-01-01T00:03:00.000Z' });
    await store.dispatch(deleteMessage({ groupId, messageId: ids[0]! }));
    expect(chat().messages[0]!.body).toBeNull();
  });

  it('toggles my reaction: adds it, then takes it back; counts follow the answers', async () => {
    const { store, groupId, ids, chat, calls, services } = await opened([message('x', 1)]);
    let count = 1;
    services.api.addReaction = async (_g, _m, emoji) => (calls.push({ method: 'add', args: [emoji] }), { emoji, count: ++count, mine: true });
    services.api.removeReaction = async (_g, _m, emoji) => (calls.push({ method: 'remove', args: [emoji] }), { emoji, count: --count, mine: false });
    await store.dispatch(toggleReaction({ groupId, messageId: ids[0]!, emoji: '👍' }));
    expect(chat().messages[0]!.reactions).toEqual([{ emoji: '👍', count: 2, mine: true }]);
    expect(store.getState().reactors[ids[0]!]).toEqual({ '👍': [me.id] });
    await store.dispatch(toggleReaction({ groupId, messageId: ids[0]!, emoji: '👍' }));
    expect(chat().messages[0]!.reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
    expect(calls.map((call) => call.method).slice(-2)).toEqual(['add', 'remove']);
    expect(store.getState().reactors[ids[0]!]).toEqual({ '👍': [] });
  });

  it('reads who reacted before the page was loaded, and not again while everyone is known', async () => {
    const reactions = [{ emoji: '🎉', count: 2, mine: true }, { emoji: '👍', count: 1, mine: false }];
    const { store, groupId, ids, calls, services, event } = await opened([message('x', 1, { reactions })]);
    const messageId = ids[0]!;
    event({ type: 'reaction.added', groupId, seq: 3, messageId, emoji: '👍', userId: other.id, count: 1 }); // seen live
    services.api.listReactions = async (g, m) => {
      calls.push({ method: 'listReactions', args: [g, m] });
      return [
        { emoji: '🎉', count: 2, users: [{ id: me.id, name: me.name }, { id: other.id, name: other.name }] },
        { emoji: '👍', count: 1, users: [{ id: other.id, name: other.name }] },
      ];
    };
    const asked = () => calls.filter((call) => call.method === 'listReactions');
    await store.dispatch(loadReactors({ groupId, messageId })); // the 🎉 made before the page are not known
    expect(asked()).toEqual([{ method: 'listReactions', args: [groupId, messageId] }]);
    expect(store.getState().reactors[messageId]).toEqual({ '🎉': [me.id, other.id], '👍': [other.id] });
    await store.dispatch(loadReactors({ groupId, messageId })); // all known now
    expect(asked()).toHaveLength(1);
    const names = (id: string) => (id === other.id ? 'Other' : 'Me');
    expect(describeReactors(reactions[0]!, store.getState().reactors[messageId]!['🎉']!, me.id, names)).toBe('You and Other reacted with 🎉');

    event({ type: 'reaction.added', groupId, seq: 4, messageId, emoji: '🎉', userId: 'third', count: 3 }); // live: known
    await store.dispatch(loadReactors({ groupId, messageId }));
    expect(asked()).toHaveLength(1);
    await store.dispatch(loadReactors({ groupId, messageId: 'not-loaded' }));
    expect(asked()).toHaveLength(1);
  });

  it("takes others' reactions from events: counts, the chip gone at zero, my mark kept through an edit", async () => {
    const { store, groupId, ids, chat, event } = await opened([message('x', 1, { reactions: [{ emoji: '🎉', count: 1, mine: true }] })]);
    const messageId = ids[0]!;
    event({ type: 'reaction.added', groupId, seq: 5, messageId, emoji: '👍', userId: other.id, count: 1 });
    event({ type: 'reaction.added', groupId, seq: 6, messageId, emoji: '👍', userId: other.id, count: 1 }); // replayed
    expect(chat().messages[0]!.reactions).toEqual([{ emoji: '🎉', count: 1, mine: true }, { emoji: '👍', count: 1, mine: false }]);
    expect(store.getState().reactors[messageId]!['👍']).toEqual([other.id]);

    // An edit pushed to everyone says mine: false; my mark stays.
    const pushed = { ...chat().messages[0]!, body: 'edited', reactions: chat().messages[0]!.reactions.map((r) => ({ ...r, mine: false })) };
    event({ type: 'message.updated', groupId, seq: 7, message: pushed });
    expect(chat().messages[0]!.reactions[0]).toEqual({ emoji: '🎉', count: 1, mine: true });

    event({ type: 'reaction.removed', groupId, seq: 8, messageId, emoji: '👍', userId: other.id, count: 0 });
    expect(chat().messages[0]!.reactions.map((r) => r.emoji)).toEqual(['🎉']);
    // My own reaction from another device of mine.
    event({ type: 'reaction.removed', groupId, seq: 9, messageId, emoji: '🎉', userId: me.id, count: 1 }, me.id);
    expect(chat().messages[0]!.reactions).toEqual([{ emoji: '🎉', count: 1, mine: false }]);
  });

  it('sends the mentions with a message', async () => {
    const { store, groupId, calls, services } = await opened([]);
    services.api.postMessage = async (_g, body) => (calls.push({ method: 'post', args: [body] }), message(groupId, 1, { ...body, parentId: null }));
    await store.dispatch(sendMessage({ groupId, id: '00000000-0000-4000-8000-000000000009', body: 'hi @Other', mentions: [other.id] }));
    expect(calls.find((call) => call.method === 'post')!.args[0]).toEqual({ id: '00000000-0000-4000-8000-000000000009', body: 'hi @Other', mentions: [other.id] });
  });
});

describe('describeReactors', () => {
  const names: Record<string, string> = { [me.id]: 'Me', [other.id]: 'Other', c: 'Carol' };
  const nameOf = (id: string) => names[id]!;
  it.each([
    [{ count: 1, mine: true }, [me.id], 'You reacted with 👍'],
    [{ count: 2, mine: true }, [other.id], 'You and Other reacted with 👍'],
    [{ count: 3, mine: true }, [other.id, 'c'], 'You, Other and Carol reacted with 👍'],
    [{ count: 4, mine: false }, [other.id], 'Other and 3 others reacted with 👍'],
    [{ count: 2, mine: true }, [], 'You and 1 other reacted with 👍'],
    [{ count: 1, mine: false }, [], '1 person reacted with 👍'],
    [{ count: 5, mine: false }, [], '5 people reacted with 👍'],
  ])('%j seen %j -> %s', (reaction, seen, text) => {
    expect(describeReactors({ emoji: '👍', ...reaction }, seen, me.id, nameOf)).toBe(text);
  });
});
