import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { ChatService } from '../../src/runtime/chat/chat-service';
import { groupAccess } from '../../src/runtime/store/groups';
import { updateRole } from '../../src/runtime/store/members';
import { groupWithEveryone, openStore, outcomeCode } from './fixtures';

/* Group settings, roles and ownership hand-over: their stored events, no-ops, and the rules that keep holding. */

let driver: Driver;
let chat: ChatService;
beforeAll(async () => ({ driver, chat } = await openStore()));
afterAll(() => driver.close());

const eventsOf = async (chat: ChatService, caller: Parameters<ChatService['listEvents']>[0], groupId: string, afterSeq: number) =>
  (await chat.listEvents(caller, groupId, afterSeq, 100)).items;

test('updateGroup stores group.updated with the group as every member sees it; the same values again emit nothing', async () => {
  const { group, users } = await groupWithEveryone(chat, false);
  const before = (await chat.getGroup(users.admin, group.id)) as { seq: number };
  const updated = await chat.updateGroup(users.admin, group.id, { name: '  Renamed  ', discoverable: true });
  expect(updated.result).toMatchObject({ name: 'Renamed', discoverable: true, description: 'for tests', role: 'admin', seq: before.seq + 1 });
  const { role: _role, ...details } = updated.result;
  const stored = { type: 'group.updated', groupId: group.id, seq: before.seq + 1, group: details };
  expect(updated.notifications).toEqual([{ audience: { kind: 'group', groupId: group.id }, event: stored }]);
  expect(await eventsOf(chat, users.member, group.id, before.seq)).toEqual([stored]);

  const again = await chat.updateGroup(users.owner, group.id, { name: 'Renamed' });
  expect(again).toMatchObject({ result: { name: 'Renamed', role: 'owner', seq: before.seq + 1 }, notifications: [] });
  expect(await outcomeCode(() => chat.updateGroup(users.owner, group.id, {}))).toBe('bad_request');
  expect(await outcomeCode(() => chat.updateGroup(users.owner, group.id, { name: ' ' }))).toBe('bad_request');
});

test('setRole stores member.role_changed; the same role again answers the member and emits nothing', async () => {
  const { group, users } = await groupWithEveryone(chat, false);
  const { seq } = (await chat.getGroup(users.owner, group.id)) as { seq: number };
  const promoted = await chat.setRole(users.owner, group.id, users.member.id, 'admin');
  expect(promoted.result).toMatchObject({ role: 'admin', user: { id: users.member.id } });
  expect(await eventsOf(chat, users.member, group.id, seq)).toEqual([
    { type: 'member.role_changed', groupId: group.id, seq: seq + 1, member: promoted.result, by: users.owner.id },
  ]);
  expect(await chat.setRole(users.owner, group.id, users.member.id, 'admin')).toMatchObject({ result: { role: 'admin' }, notifications: [] });
  const demoted = await chat.setRole(users.owner, group.id, users.admin.id, 'member');
  expect(demoted.result.role).toBe('member');
  // A demoted admin loses the rights of one at once.
  expect(await outcomeCode(() => chat.listApplications(users.admin, group.id, 'pending'))).toBe('forbidden');
  expect(await outcomeCode(() => chat.approve(users.admin, group.id, users.applicant.id))).toBe('forbidden');
  // An admin still cannot remove the owner.
  expect(await outcomeCode(() => chat.removeMember(users.member, group.id, users.owner.id))).toBe('forbidden');
});

test('transferOwnership stores two member.role_changed: the new owner first, then the old owner as admin', async () => {
  const { group, users } = await groupWithEveryone(chat, false);
  const { seq } = (await chat.getGroup(users.owner, group.id)) as { seq: number };
  const handed = await chat.transferOwnership(users.owner, group.id, users.member.id);
  expect(handed.result).toMatchObject({ id: group.id, role: 'admin', seq: seq + 2 });
  const events = await eventsOf(chat, users.member, group.id, seq);
  expect(events.map((event) => event.type === 'member.role_changed' && [event.seq, event.member.user.id, event.member.role, event.by])).toEqual([
    [seq + 1, users.member.id, 'owner', users.owner.id],
    [seq + 2, users.owner.id, 'admin', users.owner.id],
  ]);
  expect(handed.notifications.map((notification) => notification.event)).toEqual(events);
  // The old owner is an admin: no more role changes or hand-overs.
  expect(await outcomeCode(() => chat.setRole(users.owner, group.id, users.admin.id, 'member'))).toBe('forbidden');
  expect(await outcomeCode(() => chat.transferOwnership(users.owner, group.id, users.owner.id))).toBe('forbidden');
  // Handing over to oneself changes nothing.
  expect(await chat.transferOwnership(users.member, group.id, users.member.id)).toMatchObject({ result: { role: 'owner' }, notifications: [] });
  expect(await outcomeCode(() => chat.transferOwnership(users.member, group.id, users.applicant.id))).toBe('conflict');
});

test('an approval in flight when a demotion commits is refused: it re-reads the role under the group lock', async () => {
  const { group, users } = await groupWithEveryone(chat, false);
  // The demotion holds the group's lock, as setRole does, until it commits.
  const session = driver.session();
  const demotion = await session.beginTransaction();
  try {
    // An explicit transaction runs queries as a managed one does; the store only calls `run`.
    const tx = demotion as unknown as ManagedTransaction;
    await groupAccess(tx, group.id, users.owner.id, { lock: true });
    await updateRole(tx, group.id, users.admin.id, 'member');
    const approval = outcomeCode(() => chat.approve(users.admin, group.id, users.applicant.id));
    // The approval is in flight: it waits for the group's lock, then reads the role the demotion committed.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await demotion.commit();
    expect(await approval).toBe('forbidden');
  } finally {
    await session.close();
  }
  expect(await chat.listApplications(users.owner, group.id, 'pending')).toHaveLength(1);
});
