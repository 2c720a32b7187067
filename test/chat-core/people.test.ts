import type { ConnectionState, MyGroup, PushedEvent, ServerEvent } from '../../src/client';
import { openGroup } from '../../examples/chat-core/chat-slice';
import { eventReceived } from '../../examples/chat-core/events';
import { createGroup, loadMyGroups } from '../../examples/chat-core/groups-slice';
import {
  TYPING_SEND_EVERY_MS,
  allowedActions,
  changeRole,
  leaveGroup,
  typingLine,
  typingStarted,
  typingUserIds,
  updateGroupSettings,
} from '../../examples/chat-core/people-slice';
import { byActivity, markRead } from '../../examples/chat-core/read-markers';
import { connectRealtime } from '../../examples/chat-core/realtime-glue';
import { fakeServices, group, me, member, message, other } from './fixtures';

/** A store whose group list is `groups`, with the realtime glue fed by `push`. */
async function withGroups(groups: MyGroup[], answers: Parameters<typeof fakeServices>[0] = {}, realtime: Parameters<typeof fakeServices>[1] = {}) {
  const fake = fakeServices({ listMyGroups: async () => groups, ...answers }, realtime);
  await fake.store.dispatch(loadMyGroups());
  let listener: (event: PushedEvent) => void = () => undefined;
  let stateListener: (state: ConnectionState) => void = () => undefined;
  connectRealtime(fake.store, {
    state: 'open',
    onEvent: (callback) => ((listener = callback), () => undefined),
    onStateChange: (callback) => ((stateListener = callback), () => undefined),
    onError: () => () => undefined,
  }, me.id);
  const mine = (id: string) => fake.store.getState().groups.mine.find((candidate) => candidate.id === id)!;
  return { ...fake, push: (event: ServerEvent) => listener(event as PushedEvent), connection: (state: ConnectionState) => stateListener(state), mine };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('unread counts and read markers', () => {
  it('orders groups by their newest message, a group without messages by its creation', () => {
    const old = group({ name: 'old', createdAt: '2026-01-01T00:00:00.000Z', lastMessageAt: '2026-01-02T00:00:00.000Z' });
    const quiet = group({ name: 'quiet', createdAt: '2026-01-03T00:00:00.000Z' });
    const busy = group({ name: 'busy', createdAt: '2025-01-01T00:00:00.000Z', lastMessageAt: '2026-01-04T00:00:00.000Z' });
    expect([old, quiet, busy].sort(byActivity).map((g) => g.name)).toEqual(['busy', 'quiet', 'old']);
  });

  it('counts others’ new messages and mentions of me, not mine; my own post reads the group', async () => {
    const g = group({ seq: 5, lastReadSeq: 5 });
    const { push, mine } = await withGroups([g]);
    push({ type: 'message.created', groupId: g.id, seq: 6, message: message(g.id, 1, { seq: 6, authorId: other.id, createdAt: '2026-02-01T00:00:00.000Z' }) });
    push({ type: 'message.created', groupId: g.id, seq: 7, message: message(g.id, 2, { seq: 7, authorId: other.id, mentions: [me.id] }) });
    expect(mine(g.id)).toMatchObject({ unreadCount: 2, mentionCount: 1, seq: 7, lastMessageAt: '2026-02-01T00:00:00.000Z' });
    push({ type: 'message.created', groupId: g.id, seq: 7, message: message(g.id, 2, { seq: 7, authorId: other.id }) }); // not newer than the group's seq: counted already
    push({ type: 'message.created', groupId: g.id, seq: 8, message: message(g.id, 3, { seq: 8, authorId: me.id, createdAt: '2026-02-02T00:00:00.000Z' }) });
    expect(mine(g.id)).toMatchObject({ unreadCount: 0, mentionCount: 0, lastReadSeq: 8, lastMessageAt: '2026-02-02T00:00:00.000Z' });
  });

  it('moves the marker forward only, once per seq; reading up to the newest event clears the counts without asking again', async () => {
    const g = group({ seq: 9, lastReadSeq: 3, unreadCount: 4, mentionCount: 1 });
    const { store, calls, mine } = await withGroups([g], { markRead: async (_groupId, seq) => seq });
    await store.dispatch(markRead({ groupId: g.id, seq: 9 }));
    await store.dispatch(markRead({ groupId: g.id, seq: 9 }));
    await store.dispatch(markRead({ groupId: g.id, seq: 2 }));
    expect(calls.filter((call) => call.method === 'markRead')).toEqual([{ method: 'markRead', args: [g.id, 9] }]);
    expect(mine(g.id)).toMatchObject({ lastReadSeq: 9, unreadCount: 0, mentionCount: 0 });
    expect(calls.filter((call) => call.method === 'listMyGroups')).toHaveLength(1); // the first load only
  });

  it('reads the counts again when unread messages remain after the marker, and ignores an answer older than the events seen', async () => {
    const g = group({ seq: 9, lastReadSeq: 3, unreadCount: 4 });
    let answer: MyGroup[] = [{ ...g, seq: 9, lastReadSeq: 6, unreadCount: 2 }];
    const { store, mine } = await withGroups([g], { markRead: async (_groupId, seq) => seq, listMyGroups: async () => answer });
    await store.dispatch(markRead({ groupId: g.id, seq: 6 }));
    await settle();
    expect(mine(g.id)).toMatchObject({ lastReadSeq: 6, unreadCount: 2 });
    answer = [{ ...g, seq: 8, lastReadSeq: 7, unreadCount: 0 }];
    await store.dispatch(markRead({ groupId: g.id, seq: 7 }));
    await settle();
    expect(mine(g.id)).toMatchObject({ lastReadSeq: 7, unreadCount: 2 }); // seq 8 < 9: that answer missed an event
  });

  it('my other device’s marker clears the badge live, or has the counts read again when it stops short', async () => {
    const g = group({ seq: 9, lastReadSeq: 3, unreadCount: 4, mentionCount: 2 });
    const { push, mine, calls } = await withGroups([g], { listMyGroups: async () => [{ ...g, lastReadSeq: 5, unreadCount: 1, mentionCount: 0 }] });
    push({ type: 'read_marker.updated', groupId: g.id, lastReadSeq: 5 });
    await settle();
    expect(mine(g.id)).toMatchObject({ lastReadSeq: 5, unreadCount: 1, mentionCount: 0 });
    push({ type: 'read_marker.updated', groupId: g.id, lastReadSeq: 9 });
    push({ type: 'read_marker.updated', groupId: g.id, lastReadSeq: 4 }); // never back
    expect(mine(g.id)).toMatchObject({ lastReadSeq: 9, unreadCount: 0, mentionCount: 0 });
    expect(calls.filter((call) => call.method === 'listMyGroups')).toHaveLength(2);
  });
});

describe('after a reconnect', () => {
  it('reads the counts again, and a group removed from my list meanwhile leaves a notice; one created meanwhile stays', async () => {
    const kept = group({ name: 'Kept', seq: 2 });
    const gone = group({ name: 'Gone' });
    let answer: MyGroup[] = [kept, gone];
    const { store, connection, calls, mine } = await withGroups([kept, gone], {
      listMyGroups: async () => answer,
      createGroup: async () => group({ name: 'New' }),
    });
    connection('reconnecting');
    answer = [{ ...kept, seq: 4, unreadCount: 3 }];
    const refreshing = new Promise<void>((resolve) => {
      const stop = store.subscribe(() => {
        if (calls.filter((call) => call.method === 'listMyGroups').length === 2) {
          stop();
          resolve();
        }
      });
    });
    connection('open');
    await store.dispatch(createGroup({ name: 'New', description: '', discoverable: false })); // while the list is read
    await refreshing;
    await settle();
    expect(store.getState().groups.mine.map((candidate) => candidate.name).sort()).toEqual(['Kept', 'New']);
    expect(mine(kept.id).unreadCount).toBe(3);
    expect(store.getState().groups.notices).toEqual([
      { id: `removed:${gone.id}:unseen`, kind: 'removed', groupId: gone.id, groupName: 'Gone', reason: null, by: null },
    ]);
  });
});

describe('members, roles, removal and typing', () => {
  it('tells who may do what, by the contract’s rules', () => {
    expect(allowedActions('owner', 'member', false)).toEqual({ promote: true, demote: false, remove: true, handOver: true, leave: false });
    expect(allowedActions('owner', 'admin', false)).toEqual({ promote: false, demote: true, remove: true, handOver: true, leave: false });
    expect(allowedActions('admin', 'admin', false)).toEqual({ promote: false, demote: false, remove: true, handOver: false, leave: false });
    expect(allowedActions('admin', 'owner', false)).toEqual({ promote: false, demote: false, remove: false, handOver: false, leave: false });
    expect(allowedActions('member', 'member', false)).toEqual({ promote: false, demote: false, remove: false, handOver: false, leave: false });
    expect(allowedActions('member', 'member', true).leave).toBe(true);
    expect(allowedActions('owner', 'owner', true).leave).toBe(false); // the owner hands the group over first
  });

  it('a role change updates the member and, when it is mine, my role in the list; presence follows the members list and events', async () => {
    const g = group({ role: 'member' });
    const { store, push, mine } = await withGroups([g], {
      listMessages: async () => ({ items: [], prev: null, next: null }),
      listMembers: async () => [{ ...member(me), online: true }, member(other, 'owner')],
    });
    await store.dispatch(openGroup(g.id));
    expect(store.getState().people.presence).toEqual({ [me.id]: true, [other.id]: false });
    push({ type: 'presence.changed', userId: other.id, online: true });
    expect(store.getState().people.presence[other.id]).toBe(true);
    push({ type: 'member.role_changed', groupId: g.id, seq: 3, member: member(me, 'admin'), by: other.id });
    expect(store.getState().chat[g.id]!.members[me.id]!.role).toBe('admin');
    expect(mine(g.id).role).toBe('admin');
    push({ type: 'group.updated', groupId: g.id, seq: 4, group: { ...g, name: 'Renamed', description: 'new words' } });
    expect(mine(g.id)).toMatchObject({ name: 'Renamed', description: 'new words', seq: 4 });
  });

  it('reads presence again when someone joins an open group (presence events came before they were a member)', async () => {
    const g = group();
    const carol = { ...other, id: 'carol', name: 'Carol' };
    let listed = [member(me, 'owner')];
    const { store, push, calls } = await withGroups([g], {
      listMessages: async () => ({ items: [], prev: null, next: null }),
      listMembers: async () => listed,
    });
    await store.dispatch(openGroup(g.id));
    listed = [member(me, 'owner'), { ...member(carol), online: true }];
    push({ type: 'member.joined', groupId: g.id, seq: 2, member: member(carol) });
    await settle();
    expect(store.getState().people.presence.carol).toBe(true);
    push({ type: 'member.joined', groupId: 'not-open', seq: 2, member: member(carol) });
    expect(calls.filter((call) => call.method === 'listMembers')).toHaveLength(2);
  });

  it('a removal by someone else leaves a notice with the group and who removed me; leaving does not', async () => {
    const kept = group({ name: 'Kept' });
    const g = group({ name: 'Walkers', role: 'member' });
    const { store, push } = await withGroups([g, kept], {
      listMessages: async () => ({ items: [], prev: null, next: null }),
      listMembers: async () => [member(me), member(other, 'owner')],
      removeMember: async () => undefined,
    });
    await store.dispatch(openGroup(g.id));
    push({ type: 'member.removed', groupId: g.id, seq: 5, userId: me.id, by: other.id });
    push({ type: 'member.removed', groupId: g.id, seq: 5, userId: me.id, by: other.id }); // told once
    expect(store.getState().groups.notices).toEqual([
      { id: `removed:${g.id}:5`, kind: 'removed', groupId: g.id, groupName: 'Walkers', reason: null, by: other.name },
    ]);
    expect(store.getState().groups.mine.map((candidate) => candidate.name)).toEqual(['Kept']);
    expect(store.getState().chat[g.id]).toBeUndefined();

    await store.dispatch(leaveGroup({ groupId: kept.id, me: me.id }));
    push({ type: 'member.removed', groupId: kept.id, seq: 2, userId: me.id, by: me.id });
    expect(store.getState().groups.mine).toEqual([]);
    expect(store.getState().groups.notices).toHaveLength(1);
  });

  it('a refused action shows why and frees its buttons; a settings change updates the group', async () => {
    const g = group();
    const { store, mine } = await withGroups([g], {
      setRole: async () => Promise.reject(new Error('Only the group’s owners can change roles.')),
      updateGroup: async (_groupId, body) => ({ ...g, name: body.name!, description: body.description! }),
    });
    await store.dispatch(changeRole({ groupId: g.id, userId: other.id, role: 'admin' }));
    expect(store.getState().people.actions[g.id]).toEqual({ busy: [], error: 'Only the group’s owners can change roles.' });
    const saving = store.dispatch(updateGroupSettings({ groupId: g.id, name: '  New name ', description: 'd' }));
    expect(store.getState().people.actions[g.id]!.busy).toEqual(['settings']);
    await saving;
    expect(mine(g.id)).toMatchObject({ name: 'New name', description: 'd' });
    expect(store.getState().people.actions[g.id]).toEqual({ busy: [], error: null });
  });

  it('sends typing at most once per 3 s per group, and shows others typing for 5 s until their message arrives', async () => {
    const sent: string[] = [];
    const g = group();
    const { store, push } = await withGroups([g], {}, { typing: (groupId: string) => void sent.push(groupId) });
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(100_000);
      store.dispatch(typingStarted(g.id));
      store.dispatch(typingStarted(g.id));
      now.mockReturnValue(100_000 + TYPING_SEND_EVERY_MS - 1);
      store.dispatch(typingStarted(g.id));
      now.mockReturnValue(100_000 + TYPING_SEND_EVERY_MS);
      store.dispatch(typingStarted(g.id));
      expect(sent).toEqual([g.id, g.id]);

      now.mockReturnValue(100_000);
      push({ type: 'typing', groupId: g.id, userId: other.id });
      now.mockReturnValue(101_000);
      push({ type: 'typing', groupId: g.id, userId: 'carol' });
      const typing = store.getState().people.typing[g.id];
      expect(typingUserIds(typing, 104_000, me.id)).toEqual([other.id, 'carol']);
      expect(typingUserIds(typing, 105_500, me.id)).toEqual(['carol']);
      push({ type: 'message.created', groupId: g.id, seq: 1, message: message(g.id, 1, { authorId: 'carol' }) });
      expect(typingUserIds(store.getState().people.typing[g.id], 104_000, me.id)).toEqual([other.id]);
    } finally {
      now.mockRestore();
    }
  });

  it('words the typing line for one, two, three and more people', () => {
    expect(typingLine([])).toBe('');
    expect(typingLine(['Bob'])).toBe('Bob is typing…');
    expect(typingLine(['Bob', 'Carol'])).toBe('Bob and Carol are typing…');
    expect(typingLine(['Bob', 'Carol', 'Dan'])).toBe('Bob, Carol and Dan are typing…');
    expect(typingLine(['Bob', 'Carol', 'Dan', 'Eve'])).toBe('Several people are typing…');
  });
});

describe('notices', () => {
  it('an approval for a group never seen in a search is named once the group list has it', async () => {
    const g = group({ name: 'Walkers' });
    let groups: MyGroup[] = [];
    const { push, store } = await withGroups([], { listMyGroups: async () => groups });
    const approved = { id: 'app-1', groupId: g.id, applicant: me, status: 'approved' as const, message: null, createdAt: g.createdAt, decidedAt: g.createdAt, decidedBy: other.id, reason: null };
    groups = [g];
    push({ type: 'application.approved', groupId: g.id, application: approved });
    expect(store.getState().groups.notices[0]!.groupName).toBe('a group');
    await settle();
    await settle();
    expect(store.getState().groups.notices[0]!.groupName).toBe('Walkers');
  });
});

describe('events for groups not in my list', () => {
  it('are ignored', async () => {
    const { store } = await withGroups([]);
    store.dispatch(eventReceived({ event: { type: 'read_marker.updated', groupId: 'nowhere', lastReadSeq: 3 } as PushedEvent, me: me.id }));
    expect(store.getState().groups.mine).toEqual([]);
  });
});
