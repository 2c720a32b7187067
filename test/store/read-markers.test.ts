import { randomUUID } from 'node:crypto';
import type { Driver, ProfiledPlan } from 'neo4j-driver';
import type { Caller, ChatService } from '../../src/runtime/chat/chat-service';
import { groupsOf } from '../../src/runtime/store/groups';
import { migrate } from '../../src/runtime/store/schema';
import { newCaller, openStore, outcomeCode } from './fixtures';

/*
 * Read markers and the unread and mention counts of `listMyGroups`, checked against a brute-force count over
 * every message of the group (a scan, no index range) with the markers the test itself expects.
 */

let driver: Driver;
let chat: ChatService;
beforeAll(async () => ({ driver, chat } = await openStore()));
afterAll(() => driver.close());

async function groupOf(owner: Caller, ...members: Caller[]): Promise<string> {
  const { result: group } = await chat.createGroup(owner, { name: `markers ${randomUUID()}`, description: '', discoverable: false });
  for (const member of members) {
    await chat.apply(member, group.id);
    await chat.approve(owner, group.id, member.id);
  }
  return group.id;
}

const post = (caller: Caller, groupId: string, fields: { parentId?: string; mentions?: string[] } = {}) =>
  chat.postMessage(caller, groupId, { id: randomUUID(), body: 'hello', ...fields }).then((posted) => posted.result);

const myGroup = async (caller: Caller, groupId: string) => (await chat.listMyGroups(caller)).find((group) => group.id === groupId)!;

/** Every message of the group, read by a scan, counted for `userId` after `marker`. */
async function bruteForce(groupId: string, userId: string, marker: number) {
  const { records } = await driver.executeQuery(
    `MATCH (m:Message) WHERE m.groupId = $groupId
     RETURN m.seq AS seq, m.authorId AS authorId, coalesce(m.mentions, []) AS mentions, m.deletedAt IS NOT NULL AS deleted,
            toString(m.createdAt) AS createdAt`,
    { groupId },
  );
  const rows = records.map((record) => ({
    seq: Number(record.get('seq')),
    authorId: record.get('authorId') as string,
    mentions: record.get('mentions') as string[],
    deleted: record.get('deleted') as boolean,
    createdAt: record.get('createdAt') as string,
  }));
  const afterMarker = rows.filter((row) => row.seq > marker && row.authorId !== userId);
  const unread = afterMarker.filter((row) => !row.deleted);
  const newest = rows.filter((row) => !row.deleted).sort((a, b) => b.seq - a.seq)[0];
  return {
    deletedAfterMarker: afterMarker.length - unread.length,
    unreadCount: unread.length,
    mentionCount: unread.filter((row) => row.mentions.includes(userId)).length,
    lastReadSeq: marker,
    lastMessageAt: newest ? new Date(newest.createdAt).toISOString() : null,
  };
}

test("a member's marker starts at joining: earlier history is not unread; one's own posts are read", async () => {
  const [owner, member] = [newCaller('owner'), newCaller('member')];
  const groupId = await groupOf(owner);
  for (let i = 0; i < 3; i++) await post(owner, groupId);
  await chat.apply(member, groupId);
  await chat.approve(owner, groupId, member.id);
  const joined = await myGroup(member, groupId);
  expect(joined).toMatchObject({ unreadCount: 0, mentionCount: 0, lastReadSeq: 3 });
  expect(joined.lastMessageAt).not.toBeNull();

  const first = await post(owner, groupId);
  await post(owner, groupId, { parentId: first.id }); // a reply by another counts too
  expect(await myGroup(member, groupId)).toMatchObject({ unreadCount: 2, lastReadSeq: 3 });
  const mine = await post(member, groupId);
  expect(await myGroup(member, groupId)).toMatchObject({ unreadCount: 0, lastReadSeq: mine.seq, lastMessageAt: mine.createdAt });
  expect(await myGroup(owner, groupId)).toMatchObject({ unreadCount: 1, lastReadSeq: mine.seq - 1 });
});

test('markRead moves forward only and tells only the caller; a seq past the newest event is refused', async () => {
  const [owner, member] = [newCaller('owner'), newCaller('member')];
  const groupId = await groupOf(owner, member);
  for (let i = 0; i < 4; i++) await post(owner, groupId);
  const { seq } = await myGroup(member, groupId);

  const moved = await chat.markRead(member, groupId, seq - 1);
  expect(moved.result).toEqual({ lastReadSeq: seq - 1 });
  expect(moved.notifications).toEqual([
    { audience: { kind: 'users', userIds: [member.id] }, event: { type: 'read_marker.updated', groupId, lastReadSeq: seq - 1 } },
  ]);
  const stale = await chat.markRead(member, groupId, 2);
  expect(stale).toMatchObject({ result: { lastReadSeq: seq - 1 }, notifications: [] });
  expect(await myGroup(member, groupId)).toMatchObject({ unreadCount: 1, lastReadSeq: seq - 1 });
  expect(await outcomeCode(() => chat.markRead(member, groupId, seq + 1))).toBe('bad_request');
  expect(await outcomeCode(() => chat.markRead(member, groupId, -1))).toBe('bad_request');
});

test('concurrent marker updates from two devices end at the larger', async () => {
  const [owner, member] = [newCaller('owner'), newCaller('member')];
  const groupId = await groupOf(owner, member);
  for (let i = 0; i < 30; i++) await post(owner, groupId);
  const { seq } = await myGroup(member, groupId);
  for (const [phone, laptop] of [[seq - 20, seq - 25], [seq - 10, seq - 5], [seq, seq - 1]]) {
    const answers = await Promise.all([chat.markRead(member, groupId, phone), chat.markRead(member, groupId, laptop)]);
    const expected = Math.max(phone, laptop);
    expect((await myGroup(member, groupId)).lastReadSeq).toBe(expected);
    // Whichever committed second saw the first: the larger value is answered by at least one of them.
    expect(answers.map((answer) => answer.result.lastReadSeq)).toContain(expected);
  }
  // Many at once, in a random order.
  const seqs = Array.from({ length: 12 }, (_, i) => seq - 12 + i).sort(() => Math.random() - 0.5);
  await post(owner, groupId);
  await Promise.all(seqs.map((value) => chat.markRead(member, groupId, value)));
  expect((await myGroup(member, groupId)).lastReadSeq).toBe(seq);
});

test('unread and mention counts are exact after a mix of posts, replies, mentions, edits, deletes and marker moves', async () => {
  const users = [newCaller('owner'), newCaller('admin'), newCaller('member')];
  const [owner] = users;
  const groupId = await groupOf(owner, users[1], users[2]);
  const markers = new Map<string, number>();
  for (const user of users) markers.set(user.id, (await myGroup(user, groupId)).lastReadSeq);
  const posted: { id: string; authorId: string; deleted: boolean }[] = [];
  const seen = { mentions: false, deletedUnread: false };
  let random = 42;
  const next = (n: number) => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return random % n;
  };

  for (let step = 0; step < 60; step++) {
    const actor = users[next(users.length)];
    const kind = next(10);
    if (kind < 5 || posted.length === 0) {
      const mentions = users.filter(() => next(3) === 0).map((user) => user.id);
      const parents = posted.filter((message) => !message.deleted);
      const parent = parents.length > 0 && next(3) === 0 ? parents[next(parents.length)] : undefined;
      const message = await post(actor, groupId, { mentions, parentId: parent?.id });
      posted.push({ id: message.id, authorId: actor.id, deleted: false });
      markers.set(actor.id, Math.max(markers.get(actor.id)!, message.seq));
    } else if (kind < 7) {
      const victim = posted[next(posted.length)];
      const author = users.find((user) => user.id === victim.authorId)!;
      await chat.deleteMessage(next(2) === 0 ? author : owner, groupId, victim.id);
      victim.deleted = true;
    } else if (kind < 8) {
      // The author edits a message: its mentions change, and with them the mention counts.
      const live = posted.filter((message) => !message.deleted);
      const edited = live.length > 0 ? live[next(live.length)] : undefined;
      if (edited) {
        const author = users.find((user) => user.id === edited.authorId)!;
        const mentions = users.filter(() => next(2) === 0).map((user) => user.id);
        await chat.editMessage(author, groupId, edited.id, { body: 'edited', mentions });
      }
    } else {
      const { seq } = await myGroup(actor, groupId);
      const target = next(seq + 1);
      await chat.markRead(actor, groupId, target);
      markers.set(actor.id, Math.max(markers.get(actor.id)!, target));
    }
    if (step % 5 === 4) {
      for (const user of users) {
        const { unreadCount, mentionCount, lastReadSeq, lastMessageAt } = await myGroup(user, groupId);
        const { deletedAfterMarker, ...expected } = await bruteForce(groupId, user.id, markers.get(user.id)!);
        expect({ user: user.name, step, unreadCount, mentionCount, lastReadSeq, lastMessageAt }).toEqual({ user: user.name, step, ...expected });
        seen.mentions ||= mentionCount > 0;
        seen.deletedUnread ||= deletedAfterMarker > 0;
      }
    }
  }
  // The mix did check unread mentions and deleted unread messages, or the checks above proved little.
  expect(seen).toEqual({ mentions: true, deletedUnread: true });
});

/** The member's marker as stored (under concurrency the test cannot know which move won). */
async function storedMarker(groupId: string, userId: string): Promise<number> {
  const { records } = await driver.executeQuery(
    'MATCH (:User {id: $userId})-[r:MEMBER_OF]->(:Group {id: $groupId}) RETURN r.lastReadSeq AS seq',
    { groupId, userId },
  );
  return Number(records[0].get('seq'));
}

/** Every user's counts in the group against the brute force; whether an unread mention and a deleted unread message were among them. */
async function expectExactCounts(groupId: string, users: Caller[], label: string) {
  const seen = { mentions: false, deletedUnread: false };
  for (const user of users) {
    const { unreadCount, mentionCount, lastReadSeq, lastMessageAt } = await myGroup(user, groupId);
    const { deletedAfterMarker, ...expected } = await bruteForce(groupId, user.id, await storedMarker(groupId, user.id));
    expect({ label, user: user.name, unreadCount, mentionCount, lastReadSeq, lastMessageAt }).toEqual({ label, user: user.name, ...expected });
    seen.mentions ||= mentionCount > 0;
    seen.deletedUnread ||= deletedAfterMarker > 0;
  }
  return seen;
}

test('the counters stay exact under concurrent posts, replies, edits, deletes and marker moves', async () => {
  const users = [newCaller('owner'), newCaller('admin'), newCaller('member'), newCaller('other')];
  const [owner] = users;
  const groupId = await groupOf(owner, ...users.slice(1));
  const posted: { id: string; authorId: string }[] = [];
  const seen = { mentions: false, deletedUnread: false };
  let random = 7;
  const next = (n: number) => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return random % n;
  };
  const pick = <T>(items: T[]) => items[next(items.length)];
  const author = (message: { authorId: string }) => users.find((user) => user.id === message.authorId)!;

  for (let round = 0; round < 6; round++) {
    const { seq } = await myGroup(owner, groupId);
    const operations: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      const actor = pick(users);
      const mentions = users.filter(() => next(2) === 0).map((user) => user.id);
      const parentId = posted.length > 0 && next(4) === 0 ? pick(posted).id : undefined;
      operations.push(post(actor, groupId, { mentions, parentId }).then((message) => message && posted.push({ id: message.id, authorId: actor.id })));
    }
    for (let i = 0; i < 4 && posted.length > 0; i++) operations.push(chat.deleteMessage(owner, groupId, pick(posted).id));
    for (let i = 0; i < 3 && posted.length > 0; i++) {
      const edited = pick(posted);
      operations.push(chat.editMessage(author(edited), groupId, edited.id, { body: 'edited', mentions: users.filter(() => next(2) === 0).map((user) => user.id) }));
    }
    for (const user of users) operations.push(chat.markRead(user, groupId, next(seq + 1)), chat.markRead(user, groupId, next(seq + 1)));
    const outcomes = await Promise.allSettled(operations);
    // Replying to or editing a message deleted meanwhile is refused; nothing else may fail.
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as { code?: string }] : []));
    for (const failure of failures) expect(['conflict', 'not_found']).toContain(failure.code);
    const counted = await expectExactCounts(groupId, users, `round ${round}`);
    seen.mentions ||= counted.mentions;
    seen.deletedUnread ||= counted.deletedUnread;
  }
  expect(seen).toEqual({ mentions: true, deletedUnread: true });
});

test('migrate gives the counters to a store written before them, and they keep counting', async () => {
  const [owner, member, other] = [newCaller('owner'), newCaller('member'), newCaller('other')];
  const groupId = await groupOf(owner, member, other);
  const first = await post(owner, groupId, { mentions: [member.id] });
  await post(other, groupId, { mentions: [member.id, owner.id] });
  await post(owner, groupId, { parentId: first.id });
  await chat.markRead(other, groupId, first.seq);
  await chat.deleteMessage(owner, groupId, first.id);
  // The store as it was before the counters: none on the group, its messages or its memberships.
  await driver.executeQuery(
    `MATCH (g:Group {id: $groupId}) REMOVE g.posted, g.lastMessageAt
     WITH g MATCH (m:Message) WHERE m.groupId = g.id REMOVE m.ordinal
     WITH DISTINCT g MATCH ()-[r:MEMBER_OF]->(g) REMOVE r.unreadBase, r.postedBase, r.mentionCount`,
    { groupId },
  );
  await migrate(driver);
  const users = [owner, member, other];
  expect(await expectExactCounts(groupId, users, 'migrated')).toEqual({ mentions: true, deletedUnread: true });
  await post(other, groupId, { mentions: [member.id] });
  await chat.markRead(owner, groupId, (await myGroup(owner, groupId)).seq - 1);
  await expectExactCounts(groupId, users, 'after');
  expect(await myGroup(member, groupId)).toMatchObject({ unreadCount: 3, mentionCount: 2 });
});

test("the listing's database hits do not grow with the unread messages of a group", async () => {
  const [owner, reader] = [newCaller('owner'), newCaller('reader')];
  const groupId = await groupOf(owner, reader);
  const hits = async () => {
    let total = 0;
    const profiling = {
      run: async (query: string, parameters: Record<string, unknown>) => {
        const result = await driver.executeQuery(`PROFILE ${query}`, parameters);
        const sum = (plan: ProfiledPlan): number => plan.dbHits + plan.children.reduce((all, child) => all + sum(child), 0);
        total = sum(result.summary.profile as ProfiledPlan);
        return result;
      },
    };
    const [group] = await groupsOf(profiling as never, reader.id);
    return { unreadCount: group.unreadCount, total };
  };
  const none = await hits();
  for (let i = 0; i < 30; i++) await post(owner, groupId, { mentions: [reader.id] });
  const many = await hits();
  expect(many.unreadCount).toBe(30);
  expect(many.total).toBe(none.total);
});
