import { randomUUID } from 'node:crypto';
import type { MyGroup, PushedEvent } from '../../src/client';
import type { LocalRuntime } from '../../src/local';
import { TestUser, signIn, startRuntime } from './harness';

/*
 * Roles and read markers end to end: the client SDK against the local runtime (real Neo4j, dynalite, the
 * in-process topic and fan-out, WebSockets).
 */

let runtime: LocalRuntime;
const signedIn: TestUser[] = [];
const person = async (name: string, sub?: string) => {
  const user = await signIn(runtime, name, {}, sub);
  signedIn.push(user);
  return user;
};

beforeAll(async () => {
  runtime = await startRuntime();
});
afterAll(async () => {
  for (const user of signedIn) user.realtime.close();
  await runtime?.stop();
});

/** A group of `owner` with `members` approved into it. */
async function groupWith(owner: TestUser, ...members: TestUser[]): Promise<string> {
  const group = await owner.api.createGroup({ name: `People ${randomUUID().slice(0, 8)}` });
  for (const member of members) {
    await member.api.apply(group.id);
    await owner.api.approve(group.id, member.sub);
  }
  return group.id;
}

test('a role change takes effect on the next request of the member it concerns', async () => {
  const [owner, admin, member, first, second] = await Promise.all(['Owner', 'Admin', 'Member', 'First', 'Second'].map((name) => person(name)));
  const groupId = await groupWith(owner, admin, member);
  await owner.api.setRole(groupId, admin.sub, 'admin');
  await first.api.apply(groupId);
  expect(await admin.api.approve(groupId, first.sub)).toMatchObject({ status: 'approved' });

  // Demoted: the very next approval is refused, and the application stays pending.
  expect(await owner.api.setRole(groupId, admin.sub, 'member')).toMatchObject({ user: { id: admin.sub }, role: 'member' });
  await second.api.apply(groupId);
  await expect(admin.api.approve(groupId, second.sub)).rejects.toMatchObject({ code: 'forbidden' });
  await expect(member.api.approve(groupId, second.sub)).rejects.toMatchObject({ code: 'forbidden' });
  // Promoted: the member's next request may approve.
  await owner.api.setRole(groupId, member.sub, 'admin');
  expect(await member.api.approve(groupId, second.sub)).toMatchObject({ status: 'approved' });

  // Both changes reached the people they concern live, as stored events.
  const roleChanged = (user: TestUser, role: string) => (event: PushedEvent) =>
    event.type === 'member.role_changed' && event.groupId === groupId && event.member.user.id === user.sub && event.member.role === role;
  await admin.waitForEvent(roleChanged(admin, 'member'));
  await member.waitForEvent(roleChanged(member, 'admin'));
});

test("marking read on one device brings the other device's unread counts to 0, and tells it live", async () => {
  const [poster, phone] = await Promise.all([person('Poster'), person('Reader')]);
  const laptop = await person('Reader', phone.sub);
  const groupId = await groupWith(poster, phone);
  const mine = (user: TestUser): Promise<MyGroup> => user.api.listMyGroups().then((groups) => groups.find((group) => group.id === groupId)!);

  const posted = [];
  for (const body of ['one', 'two', 'three']) posted.push(await poster.api.postMessage(groupId, { id: randomUUID(), body }));
  posted.push(await poster.api.postMessage(groupId, { id: randomUUID(), body: 'four, for you', mentions: [phone.sub] }));
  const latest = posted.at(-1)!.seq;
  expect(await mine(phone)).toMatchObject({ unreadCount: 4, mentionCount: 1 });
  expect(await mine(laptop)).toMatchObject({ unreadCount: 4, mentionCount: 1 });

  expect(await laptop.api.markRead(groupId, latest)).toBe(latest);
  const marker = await phone.waitForEvent((event) => event.type === 'read_marker.updated' && event.groupId === groupId);
  expect(marker).toEqual({ type: 'read_marker.updated', groupId, lastReadSeq: latest });
  expect(await mine(phone)).toMatchObject({ unreadCount: 0, mentionCount: 0, lastReadSeq: latest });
  // The poster's own marker and counts are the poster's own.
  expect(poster.events.some((event) => event.type === 'read_marker.updated' && event.groupId === groupId)).toBe(false);
});
