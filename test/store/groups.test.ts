import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { ChatService } from '../../src/runtime/chat/chat-service';
import { Group } from '../../src/contract/model';
import { newCaller, openStore, outcomeCode } from './fixtures';

let driver: Driver;
let chat: ChatService;
beforeAll(async () => ({ driver, chat } = await openStore()));
afterAll(() => driver.close());

test('me creates the user from the claims and follows later changes', async () => {
  const caller = newCaller('me');
  expect(await chat.me(caller)).toEqual({ id: caller.id, email: caller.email, name: 'me', picture: null });
  const renamed = { ...caller, name: 'Renamed', picture: 'https://example.test/p.png' };
  expect(await chat.me(renamed)).toEqual({ ...renamed });
  expect(await chat.me({ ...renamed, picture: null })).toMatchObject({ name: 'Renamed', picture: null });
});

test('a write by a user who never called me creates the user', async () => {
  const caller = newCaller('direct');
  const { result: group } = await chat.createGroup(caller, { name: 'first call', description: '', discoverable: false });
  expect((await chat.listMembers(caller, group.id)).map((m) => m.user)).toEqual([
    { id: caller.id, email: caller.email, name: caller.name, picture: null },
  ]);
});

test("createGroup makes the caller the owner, subscribes them and tells their devices; listMyGroups lists it", async () => {
  const owner = newCaller('owner');
  const created = await chat.createGroup(owner, { name: '  Climbing  ', description: 'ropes', discoverable: false });
  expect(Group.parse(created.result)).toEqual(created.result);
  expect(created.result).toMatchObject({ name: 'Climbing', description: 'ropes', discoverable: false, memberCount: 1, seq: 0, role: 'owner' });
  expect(created.subscriptions).toEqual([{ userId: owner.id, groupId: created.result.id, subscribed: true }]);
  expect(created.notifications).toEqual([
    { audience: { kind: 'users', userIds: [owner.id] }, event: { type: 'group.created', groupId: created.result.id, group: created.result } },
  ]);
  const second = await chat.createGroup(owner, { name: 'Second', description: '', discoverable: true });
  expect((await chat.listMyGroups(owner)).map((g) => g.id).sort()).toEqual([created.result.id, second.result.id].sort());
  expect((await chat.groupIdsOf(owner.id)).sort()).toEqual([created.result.id, second.result.id].sort());
  expect(await chat.groupIdsOf(newCaller('nobody').id)).toEqual([]);
});

test('createGroup rejects a blank or too long name', async () => {
  const owner = newCaller('owner');
  expect(await outcomeCode(() => chat.createGroup(owner, { name: '   ', description: '', discoverable: false }))).toBe('bad_request');
  expect(await outcomeCode(() => chat.createGroup(owner, { name: 'x'.repeat(101), description: '', discoverable: false }))).toBe('bad_request');
});

test('search finds discoverable groups by name or description, ignoring case, and shows only summaries', async () => {
  const owner = newCaller('owner');
  const word = `zebra${randomUUID().slice(0, 8)}`;
  const byName = await chat.createGroup(owner, { name: `The ${word.toUpperCase()} club`, description: '', discoverable: true });
  const byDescription = await chat.createGroup(owner, { name: 'Another', description: `all about ${word}`, discoverable: true });
  await chat.createGroup(owner, { name: `Private ${word}`, description: '', discoverable: false });
  const found = await chat.searchGroups(newCaller('stranger'), word, 10);
  expect(found.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
    { id: byDescription.result.id, name: 'Another', description: `all about ${word}`, memberCount: 1 },
    { id: byName.result.id, name: `The ${word.toUpperCase()} club`, description: '', memberCount: 1 },
  ]);
  expect(await chat.searchGroups(owner, word, 1)).toHaveLength(1);
  expect(await chat.searchGroups(owner, "') RETURN g //", 10)).toEqual([]);
  expect(await outcomeCode(() => chat.searchGroups(owner, '  ', 10))).toBe('bad_request');
});

test('roles: only the owner changes them; ownership changes hands only by hand-over; the last owner cannot leave', async () => {
  const owner = newCaller('owner');
  const member = newCaller('member');
  const { result: group } = await chat.createGroup(owner, { name: 'roles', description: '', discoverable: false });
  await chat.apply(member, group.id);
  await chat.approve(owner, group.id, member.id);
  expect(await outcomeCode(() => chat.setRole(owner, group.id, owner.id, 'member'))).toBe('conflict');
  expect(await outcomeCode(() => chat.setRole(owner, group.id, newCaller('x').id, 'admin'))).toBe('not_found');
  expect(await outcomeCode(() => chat.setRole(owner, group.id, member.id, 'owner'))).toBe('bad_request');
  expect(await outcomeCode(() => chat.transferOwnership(owner, group.id, newCaller('x').id))).toBe('conflict');
  expect((await chat.transferOwnership(owner, group.id, member.id)).result).toMatchObject({ id: group.id, role: 'admin' });
  // The old owner is an admin now and may leave; the new owner is the last one and may not.
  expect(await outcomeCode(() => chat.removeMember(member, group.id, member.id))).toBe('conflict');
  await chat.removeMember(owner, group.id, owner.id);
  expect(await chat.listMembers(member, group.id)).toEqual([expect.objectContaining({ role: 'owner', user: expect.objectContaining({ id: member.id }) })]);
  expect(await outcomeCode(() => chat.getGroup(owner, group.id))).toBe('not_found');
});
