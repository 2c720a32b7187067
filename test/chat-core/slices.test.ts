import type { GroupEvent, Message, Page } from '../../src/client';
import { ApiError } from '../../src/client';
import { approveApplication, loadApplications } from '../../examples/chat-core/applications-slice';
import { loadOlderMessages, newDraftId, openGroup, openThread, pageThread, pendingDiscarded, sendMessage } from '../../examples/chat-core/chat-slice';
import { connectionChanged, eventReceived } from '../../examples/chat-core/events';
import { applyToGroup, createGroup, loadMyGroups, searchGroups } from '../../examples/chat-core/groups-slice';
import { application, fakeServices, group, me, member, message, other } from './fixtures';

const page = (items: Message[], prev: string | null = null, next: string | null = null): Page<Message> => ({ items, prev, next });
const created = (m: Message): GroupEvent => ({ type: 'message.created', groupId: m.groupId, seq: m.seq, message: m });

/** A store with one group open: its newest page is `messages`, with more before it when `prev` is given. */
async function openedGroup(messages: Message[], prev: string | null = null) {
  const g = group();
  const fake = fakeServices({
    listMessages: async () => page(messages.map((m) => ({ ...m, groupId: g.id })), prev),
    listMembers: async () => [member(me, 'owner'), member(other)],
  });
  await fake.store.dispatch(openGroup(g.id));
  return { ...fake, groupId: g.id, chat: () => fake.store.getState().chat[g.id]! };
}

describe('chat slice', () => {
  it('opens a group with its newest page and its members, once', async () => {
    const { store, calls, groupId, chat } = await openedGroup([message('x', 1), message('x', 2)], 'p1.Mg');
    expect(chat().messages.map((m) => m.position)).toEqual([1, 2]);
    expect(chat().prev).toBe('p1.Mg');
    expect(Object.keys(chat().members).sort()).toEqual([me.id, other.id].sort());
    expect(calls.filter((call) => call.method === 'listMessages')).toEqual([{ method: 'listMessages', args: [groupId, { limit: 30 }] }]);
    await store.dispatch(openGroup(groupId)); // already loaded: no second read
    expect(calls.filter((call) => call.method === 'listMessages')).toHaveLength(1);
  });

  it('takes a message once however often and by whichever way it arrives (event, catch-up, acknowledgement)', async () => {
    const first = message('x', 1);
    const { store, groupId, chat } = await openedGroup([first]);
    const live = message(groupId, 2, { authorId: other.id });
    store.dispatch(eventReceived({ event: created(live), me: me.id }));
    store.dispatch(eventReceived({ event: created(live), me: me.id }));
    store.dispatch(eventReceived({ event: created({ ...live }), me: me.id }));
    store.dispatch(eventReceived({ event: created({ ...first, groupId }), me: me.id })); // the loaded one, again
    expect(chat().messages.map((m) => m.id)).toEqual([first.id, live.id]);
  });

  it('keeps messages in position order when events arrive out of order', async () => {
    const { store, groupId, chat } = await openedGroup([message('x', 1)]);
    for (const position of [4, 2, 3]) store.dispatch(eventReceived({ event: created(message(groupId, position)), me: me.id }));
    expect(chat().messages.map((m) => m.position)).toEqual([1, 2, 3, 4]);
  });

  it('ignores a top-level message older than the loaded window: "load older" brings it in its place', async () => {
    const { store, groupId, chat } = await openedGroup([message('x', 10), message('x', 11)], 'p1.MTA');
    store.dispatch(eventReceived({ event: created(message(groupId, 3)), me: me.id }));
    expect(chat().messages.map((m) => m.position)).toEqual([10, 11]);
  });

  it('loads older messages before the loaded ones, without duplicates, and stops at the first page', async () => {
    const g = group();
    const newest = [message(g.id, 3), message(g.id, 4)];
    const older = [message(g.id, 1), message(g.id, 2), newest[0]!];
    const fake = fakeServices({
      listMessages: async (_groupId, query) => (query?.before ? page(older, null, 'p1.Mw') : page(newest, 'p1.Mw')),
      listMembers: async () => [],
    });
    await fake.store.dispatch(openGroup(g.id));
    await fake.store.dispatch(loadOlderMessages(g.id));
    const chat = fake.store.getState().chat[g.id]!;
    expect(chat.messages.map((m) => m.position)).toEqual([1, 2, 3, 4]);
    expect(chat.prev).toBeNull();
    expect(fake.calls.filter((call) => call.method === 'listMessages').map((call) => call.args[1])).toEqual([{ limit: 30 }, { limit: 30, before: 'p1.Mw' }]);
    await fake.store.dispatch(loadOlderMessages(g.id)); // nothing before the first page
    expect(fake.calls.filter((call) => call.method === 'listMessages')).toHaveLength(2);
  });

  it("counts a reply on its parent by the reply's position, so a replayed reply does not count twice", async () => {
    const { store, groupId, chat } = await openedGroup([message('x', 1, { replyCount: 2 })]);
    const parentId = chat().messages[0]!.id;
    const third = message(groupId, 3, { parentId });
    store.dispatch(eventReceived({ event: created(message(groupId, 2, { parentId })), me: me.id })); // already counted
    expect(chat().messages[0]!.replyCount).toBe(2);
    store.dispatch(eventReceived({ event: created(third), me: me.id }));
    store.dispatch(eventReceived({ event: created(third), me: me.id }));
    expect(chat().messages[0]!.replyCount).toBe(3);
    expect(chat().messages).toHaveLength(1); // replies are not top-level messages
  });

  it('pages a thread both ways with its cursors; live replies join only the page that reaches the newest', async () => {
    const { store, services, calls, groupId, chat } = await openedGroup([message('x', 1, { replyCount: 3 })]);
    const parentId = chat().messages[0]!.id;
    const replies = [1, 2, 3].map((position) => message(groupId, position, { parentId }));
    services.api.listReplies = async (_g, _m, query = {}) => {
      calls.push({ method: 'listReplies', args: [query] });
      if (query.after === 'p1.Mg') return page([replies[2]!], 'p1.Mw', null);
      return page(replies.slice(0, 2), null, 'p1.Mg');
    };
    await store.dispatch(openThread({ groupId, messageId: parentId }));
    const thread = () => chat().threads[parentId]!;
    expect(thread()).toMatchObject({ prev: null, next: 'p1.Mg', status: 'ready' });

    const fourth = message(groupId, 4, { parentId });
    store.dispatch(eventReceived({ event: created(fourth), me: me.id }));
    expect(thread().items.map((m) => m.position)).toEqual([1, 2]); // not the newest page: only counted
    expect(chat().messages[0]!.replyCount).toBe(4);

    await store.dispatch(pageThread({ groupId, messageId: parentId, direction: 'later' }));
    expect(thread()).toMatchObject({ prev: 'p1.Mw', next: null });
    store.dispatch(eventReceived({ event: created(fourth), me: me.id }));
    store.dispatch(eventReceived({ event: created(fourth), me: me.id }));
    expect(thread().items.map((m) => m.position)).toEqual([3, 4]);

    await store.dispatch(pageThread({ groupId, messageId: parentId, direction: 'earlier' }));
    await store.dispatch(pageThread({ groupId, messageId: parentId, direction: 'earlier' })); // no prev: not asked
    expect(calls.filter((call) => call.method === 'listReplies').map((call) => call.args[0])).toEqual([
      { limit: 20 },
      { limit: 20, after: 'p1.Mg' },
      { limit: 20, before: 'p1.Mw' },
    ]);
  });

  it('forgets a group the user was removed from', async () => {
    const { store, groupId } = await openedGroup([message('x', 1)]);
    store.dispatch(eventReceived({ event: { type: 'member.removed', groupId, seq: 5, userId: other.id, by: me.id }, me: me.id }));
    expect(Object.keys(store.getState().chat[groupId]!.members)).toEqual([me.id]);
    store.dispatch(eventReceived({ event: { type: 'member.removed', groupId, seq: 6, userId: me.id, by: other.id }, me: me.id }));
    expect(store.getState().chat[groupId]).toBeUndefined();
  });
});

describe('sending', () => {
  it('sends a draft over the open socket under its id and shows the acknowledged message', async () => {
    const sent: unknown[] = [];
    const fake = await openedGroup([]);
    fake.services.realtime = {
      state: 'open',
      follow: () => undefined,
      typing: () => undefined,
      sendMessage: async (g, m) => {
        sent.push([g, m]);
        return message(g, 1, { id: m.id, body: m.body });
      },
    };
    const id = fake.store.dispatch(newDraftId());
    expect(id).toBe('00000000-0000-4000-8000-000000000001');
    const sending = fake.store.dispatch(sendMessage({ groupId: fake.groupId, id, body: 'hi' }));
    expect(fake.chat().pending).toEqual([{ id, body: 'hi', parentId: null, status: 'sending', error: null }]);
    await sending;
    expect(sent).toEqual([[fake.groupId, { id, body: 'hi' }]]);
    expect(fake.chat().messages.map((m) => m.body)).toEqual(['hi']);
    expect(fake.chat().pending).toEqual([]);
    expect(fake.calls.some((call) => call.method === 'postMessage')).toBe(false);
  });

  it('falls back to REST with the same id when the socket cannot take it; a refusal stays pending, and a retry sends the same id', async () => {
    const fake = await openedGroup([]);
    let refuse = false;
    fake.services.api.postMessage = async (g, body) => {
      fake.calls.push({ method: 'postMessage', args: [g, body] });
      if (refuse) throw new ApiError('forbidden', 'You are not a member.');
      return message(g, fake.calls.length, { id: body.id, body: body.body, parentId: body.parentId ?? null });
    };
    await fake.store.dispatch(sendMessage({ groupId: fake.groupId, id: 'draft-1', body: 'over rest' })); // the fake socket answers unavailable
    expect(fake.chat().messages.map((m) => m.body)).toEqual(['over rest']);

    refuse = true;
    const result = await fake.store.dispatch(sendMessage({ groupId: fake.groupId, id: 'draft-2', body: 'refused' }));
    expect(result.payload).toBe('You are not a member.');
    expect(fake.chat().pending).toEqual([{ id: 'draft-2', body: 'refused', parentId: null, status: 'failed', error: 'You are not a member.' }]);

    refuse = false;
    await fake.store.dispatch(sendMessage({ groupId: fake.groupId, id: 'draft-2', body: 'refused' }));
    expect(fake.calls.filter((call) => call.method === 'postMessage').map((call) => (call.args[1] as { id: string }).id)).toEqual(['draft-1', 'draft-2', 'draft-2']);
    expect(fake.chat().pending).toEqual([]);
    expect(fake.chat().messages.map((m) => m.id)).toEqual(['draft-1', 'draft-2']);
  });

  it('drops a pending message when it arrives as an event first, and forgets a discarded one', async () => {
    const fake = await openedGroup([]);
    fake.services.api.postMessage = () => new Promise(() => undefined); // never answers
    void fake.store.dispatch(sendMessage({ groupId: fake.groupId, id: 'draft-1', body: 'one' }));
    void fake.store.dispatch(sendMessage({ groupId: fake.groupId, id: 'draft-2', body: 'two', parentId: 'parent' }));
    fake.store.dispatch(eventReceived({ event: created(message(fake.groupId, 1, { id: 'draft-1', body: 'one' })), me: me.id }));
    expect(fake.chat().pending.map((p) => p.id)).toEqual(['draft-2']);
    fake.store.dispatch(pendingDiscarded({ groupId: fake.groupId, id: 'draft-2' }));
    expect(fake.chat().pending).toEqual([]);
  });
});

describe('groups slice', () => {
  it('lists my groups by name and follows each from its seq', async () => {
    const b = group({ name: 'Beta', seq: 7 });
    const a = group({ name: 'alpha', seq: 3 });
    const { store, followed } = fakeServices({ listMyGroups: async () => [b, a] });
    await store.dispatch(loadMyGroups());
    expect(store.getState().groups.mine.map((g) => g.name)).toEqual(['alpha', 'Beta']);
    expect(followed).toEqual([[b.id, 7], [a.id, 3]]);
  });

  it('creates a group, follows it and lists it', async () => {
    const made = group({ name: 'New', seq: 1 });
    const { store, followed, calls } = fakeServices({ createGroup: async () => made });
    await store.dispatch(createGroup({ name: 'New', description: '', discoverable: true }));
    expect(calls[0]).toEqual({ method: 'createGroup', args: [{ name: 'New', description: '', discoverable: true }] });
    expect(followed).toEqual([[made.id, 1]]);
    expect(store.getState().groups.mine).toEqual([{ ...made, lastReadSeq: made.seq }]); // a new group has nothing unread
  });

  it('keeps the results of the latest search when an earlier one answers late', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const first = { id: group().id, name: 'First', description: '', memberCount: 1 };
    const second = { id: group().id, name: 'Second', description: '', memberCount: 2 };
    const { store } = fakeServices({ searchGroups: async (query) => (query === 'fir' ? (await slow, [first]) : [second]) });
    const late = store.dispatch(searchGroups('fir'));
    await store.dispatch(searchGroups('sec'));
    release();
    await late;
    expect(store.getState().groups.search).toMatchObject({ query: 'sec', results: [second], status: 'ready' });
  });

  it("tells me once that my application was rejected, with the group's name and the reason; others' decisions are not mine", async () => {
    const summary = { id: group().id, name: 'Climbers', description: '', memberCount: 3 };
    const { store } = fakeServices({
      searchGroups: async () => [summary],
      apply: async (groupId) => application(groupId, me),
    });
    await store.dispatch(searchGroups('climb'));
    await store.dispatch(applyToGroup({ groupId: summary.id, message: '  ' }));
    expect(store.getState().groups.sent[summary.id]).toEqual({ status: 'pending', error: null });

    const someoneElse = application(summary.id, other, { status: 'rejected', reason: 'no' });
    store.dispatch(eventReceived({ event: { type: 'application.rejected', groupId: summary.id, application: someoneElse }, me: me.id }));
    expect(store.getState().groups.notices).toEqual([]);

    const mine = application(summary.id, me, { status: 'rejected', reason: 'Full this season' });
    for (let i = 0; i < 2; i++) {
      store.dispatch(eventReceived({ event: { type: 'application.rejected', groupId: summary.id, application: mine }, me: me.id }));
    }
    expect(store.getState().groups.notices).toEqual([
      { id: mine.id, kind: 'rejected', groupId: summary.id, groupName: 'Climbers', reason: 'Full this season' },
    ]);
    expect(store.getState().groups.sent[summary.id]!.status).toBe('rejected');
  });

  it('sends an application without a blank note', async () => {
    const { store, calls } = fakeServices({ apply: async (groupId) => application(groupId, me) });
    await store.dispatch(applyToGroup({ groupId: 'g', message: '   ' }));
    await store.dispatch(applyToGroup({ groupId: 'h', message: ' hello ' }));
    expect(calls.map((call) => call.args)).toEqual([['g', {}], ['h', { message: 'hello' }]]);
  });
});

describe('applications slice', () => {
  it('adds applications that arrive live once, and drops them when decided here or by another admin', async () => {
    const g = group();
    const first = application(g.id, other);
    const second = application(g.id, { ...other, id: 'third-sub', email: 'third@example.com' });
    const { store } = fakeServices({
      listApplications: async () => [first],
      approve: async (groupId) => ({ ...first, groupId, status: 'approved' }),
    });
    await store.dispatch(loadApplications(g.id));
    for (let i = 0; i < 2; i++) store.dispatch(eventReceived({ event: { type: 'application.created', groupId: g.id, application: second }, me: me.id }));
    expect(store.getState().applications[g.id]!.pending.map((a) => a.id)).toEqual([first.id, second.id]);

    const approving = store.dispatch(approveApplication({ groupId: g.id, userId: other.id }));
    expect(store.getState().applications[g.id]!.deciding).toEqual([other.id]);
    await approving;
    expect(store.getState().applications[g.id]!).toMatchObject({ pending: [second], deciding: [] });

    store.dispatch(eventReceived({ event: { type: 'application.rejected', groupId: g.id, application: { ...second, status: 'rejected' } }, me: me.id }));
    expect(store.getState().applications[g.id]!.pending).toEqual([]);
  });

  it('keeps the application and shows why when a decision fails', async () => {
    const g = group();
    const pending = application(g.id, other);
    const { store } = fakeServices({
      listApplications: async () => [pending],
      approve: () => Promise.reject(new ApiError('conflict', 'Already decided.')),
    });
    await store.dispatch(loadApplications(g.id));
    await store.dispatch(approveApplication({ groupId: g.id, userId: other.id }));
    expect(store.getState().applications[g.id]).toMatchObject({ pending: [pending], deciding: [], error: 'Already decided.' });
  });
});

describe('session slice', () => {
  it('follows the connection state and clears a problem once open again', () => {
    const { store } = fakeServices({});
    store.dispatch(connectionChanged('reconnecting'));
    expect(store.getState().session.connection).toBe('reconnecting');
    store.dispatch(connectionChanged('open'));
    expect(store.getState().session).toMatchObject({ connection: 'open', connectionProblem: null });
  });
});
