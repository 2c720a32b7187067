import type { GroupEvent, Message, Page } from '../../src/client';
import { openGroup, sendMessage } from '../../examples/chat-core/chat-slice';
import { eventReceived } from '../../examples/chat-core/events';
import { fakeServices, group, me, member, message, other } from './fixtures';

/*
 * What happens to a group while its newest page is on its way: the page was read at some moment, and whatever was
 * stored after that moment reaches the client only as an event (or an acknowledgement) that arrives before the page.
 */

const page = (items: Message[], prev: string | null = null): Page<Message> => ({ items, prev, next: null });
const created = (m: Message): GroupEvent => ({ type: 'message.created', groupId: m.groupId, seq: m.seq, message: m });

/** A group whose opening waits until the test hands over its newest page with `answer(page)`. */
function openingGroup() {
  const g = group();
  let answer: (items: Page<Message>) => void = () => undefined;
  const fake = fakeServices({
    listMessages: () => new Promise((resolve) => (answer = resolve)),
    listMembers: async () => [member(me, 'owner'), member(other)],
  });
  const opening = fake.store.dispatch(openGroup(g.id));
  return {
    ...fake,
    groupId: g.id,
    chat: () => fake.store.getState().chat[g.id]!,
    answer: async (items: Page<Message>) => {
      answer(items);
      await opening;
    },
  };
}

describe('a group opening while messages arrive', () => {
  it('keeps a top-level message that arrives as an event while the page is loading and the page does not have', async () => {
    const { store, groupId, chat, answer } = openingGroup();
    const [first, second] = [message(groupId, 1), message(groupId, 2, { authorId: other.id, body: 'while loading' })];
    expect(chat().status).toBe('loading');
    store.dispatch(eventReceived({ event: created(second), me: me.id }));
    await answer(page([first])); // read before the second was stored
    expect(chat().messages.map((m) => m.body)).toEqual(['message 1', 'while loading']);
  });

  it('takes such a message once when the page has it too, and leaves out one older than a page with more before it', async () => {
    const { store, groupId, chat, answer } = openingGroup();
    const loaded = [message(groupId, 10), message(groupId, 11)];
    store.dispatch(eventReceived({ event: created(loaded[1]!), me: me.id }));
    store.dispatch(eventReceived({ event: created(message(groupId, 3)), me: me.id })); // e.g. replayed by a catch-up
    await answer(page(loaded, 'p1.MTA'));
    expect(chat().messages.map((m) => m.position)).toEqual([10, 11]);
  });

  it('keeps my own message acknowledged while the page is loading', async () => {
    const fake = openingGroup();
    fake.services.api.postMessage = async (g, body) => message(g, 2, { id: body.id, body: body.body });
    await fake.store.dispatch(sendMessage({ groupId: fake.groupId, id: 'draft-1', body: 'sent while opening' }));
    await fake.answer(page([message(fake.groupId, 1)]));
    expect(fake.chat().messages.map((m) => m.body)).toEqual(['message 1', 'sent while opening']);
    expect(fake.chat().pending).toEqual([]);
  });

  it('applies edits, deletions and reactions of loaded messages that arrive while the page is loading, in order', async () => {
    const { store, groupId, chat, answer } = openingGroup();
    const [a, b, c] = [message(groupId, 1), message(groupId, 2), message(groupId, 3)];
    const event = (e: GroupEvent) => store.dispatch(eventReceived({ event: e, me: me.id }));
    event({ type: 'message.updated', groupId, seq: 4, message: { ...a, body: 'edited', editedAt: '2026-01-01T00:01:00.000Z' } });
    event({ type: 'reaction.added', groupId, seq: 5, messageId: b.id, emoji: '👍', userId: other.id, count: 1 });
    event({ type: 'reaction.added', groupId, seq: 6, messageId: b.id, emoji: '👍', userId: me.id, count: 2 });
    event({ type: 'message.deleted', groupId, seq: 7, message: { ...c, body: null, deletedAt: '2026-01-01T00:02:00.000Z' } });
    await answer(page([a, b, c])); // read before any of the changes
    expect(chat().messages.map((m) => [m.body, m.reactions])).toEqual([
      ['edited', []],
      ['message 2', [{ emoji: '👍', count: 2, mine: true }]],
      [null, []],
    ]);
  });
});
