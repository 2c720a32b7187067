import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { ChatService } from '../../src/runtime/chat/chat-service';
import { LIMITS } from '../../src/contract/limits';
import { Message } from '../../src/contract/model';
import { newCaller, openStore, outcomeCode } from './fixtures';

let driver: Driver;
let chat: ChatService;
beforeAll(async () => ({ driver, chat } = await openStore()));
afterAll(() => driver.close());

async function groupWithMember() {
  const owner = newCaller('owner');
  const member = newCaller('member');
  const { result: group } = await chat.createGroup(owner, { name: 'messages', description: '', discoverable: false });
  await chat.apply(member, group.id);
  await chat.approve(owner, group.id, member.id);
  return { owner, member, groupId: group.id };
}

async function storedCount(id: string): Promise<number> {
  const { records } = await driver.executeQuery('MATCH (m:Message {id: $id}) RETURN count(m) AS n', { id });
  return records[0].get('n').toNumber();
}

test('a post is stored with its position and seq, announced to the group, and stored as an event', async () => {
  const { owner, groupId } = await groupWithMember();
  const id = randomUUID();
  const posted = await chat.postMessage(owner, groupId, { id, body: 'hello' });
  expect(Message.parse(posted.result)).toEqual(posted.result);
  expect(posted.result).toMatchObject({ id, groupId, authorId: owner.id, body: 'hello', parentId: null, position: 1, seq: 2, replyCount: 0 });
  expect(posted.created).toBe(true);
  expect(posted.notifications).toEqual([
    { audience: { kind: 'group', groupId }, event: { type: 'message.created', groupId, seq: 2, message: posted.result } },
  ]);
  const events = await chat.listEvents(owner, groupId, 1, 10);
  expect(events).toEqual({ items: [posted.notifications[0].event], hasMore: false, latestSeq: 2 });
  expect(await chat.getGroup(owner, groupId)).toMatchObject({ seq: 2 });
});

test('a reply is stored as an event exactly as announced, whatever its body says, and brings the author up to date', async () => {
  const { owner, member, groupId } = await groupWithMember();
  const { result: root } = await chat.postMessage(owner, groupId, { id: randomUUID(), body: 'root' });
  const renamed = { ...member, name: 'Renamed member' };
  const body = 'payload text: "seq":-1, "position":-1 and {"seq":-1}';
  const posted = await chat.postMessage(renamed, groupId, { id: randomUUID(), body, parentId: root.id });
  expect(posted.result).toMatchObject({ body, position: 1, seq: root.seq + 1 });
  const { items } = await chat.listEvents(owner, groupId, root.seq, 10);
  expect(items).toEqual([posted.notifications[0].event]);
  const members = await chat.listMembers(owner, groupId);
  expect(members.find((m) => m.user.id === member.id)?.user.name).toBe('Renamed member');
});

test('a reply counts on its parent and may itself be replied to', async () => {
  const { owner, member, groupId } = await groupWithMember();
  const { result: root } = await chat.postMessage(owner, groupId, { id: randomUUID(), body: 'root' });
  const { result: reply } = await chat.postMessage(member, groupId, { id: randomUUID(), body: 'reply', parentId: root.id });
  const { result: nested } = await chat.postMessage(owner, groupId, { id: randomUUID(), body: 'nested', parentId: reply.id });
  expect([reply.parentId, reply.position, nested.parentId, nested.position]).toEqual([root.id, 1, reply.id, 1]);
  const { items } = await chat.listMessages(owner, groupId, { limit: 10 });
  expect(items.map((m) => [m.id, m.replyCount])).toEqual([[root.id, 1]]);
  const replies = await chat.listReplies(owner, groupId, root.id, { limit: 10 });
  expect(replies.items.map((m) => [m.id, m.replyCount])).toEqual([[reply.id, 1]]);
});

test('a retried post returns the stored message and changes nothing', async () => {
  const { member, groupId } = await groupWithMember();
  const post = { id: randomUUID(), body: 'once' };
  const first = await chat.postMessage(member, groupId, post);
  const again = await chat.postMessage(member, groupId, post);
  expect(again).toEqual({ result: first.result, created: false, notifications: [], subscriptions: [] });
  expect(await storedCount(post.id)).toBe(1);
  expect((await chat.listEvents(member, groupId, 0, 10)).latestSeq).toBe(first.result.seq);
});

test('the same id with another body, parent, author or group is a conflict', async () => {
  const { owner, member, groupId } = await groupWithMember();
  const { result: root } = await chat.postMessage(owner, groupId, { id: randomUUID(), body: 'root' });
  const id = randomUUID();
  await chat.postMessage(member, groupId, { id, body: 'original' });
  const other = await groupWithMember();
  expect(await outcomeCode(() => chat.postMessage(member, groupId, { id, body: 'edited' }))).toBe('conflict');
  expect(await outcomeCode(() => chat.postMessage(member, groupId, { id, body: 'original', parentId: root.id }))).toBe('conflict');
  expect(await outcomeCode(() => chat.postMessage(owner, groupId, { id, body: 'original' }))).toBe('conflict');
  expect(await outcomeCode(() => chat.postMessage(other.owner, other.groupId, { id, body: 'original' }))).toBe('conflict');
  expect(await storedCount(id)).toBe(1);
});

test('racing posts of one id store one message: one is created, the others get it back', async () => {
  const { member, groupId } = await groupWithMember();
  const post = { id: randomUUID(), body: 'race' };
  const answers = await Promise.all(Array.from({ length: 8 }, () => chat.postMessage(member, groupId, post)));
  expect(answers.filter((answer) => answer.created)).toHaveLength(1);
  for (const answer of answers) expect(answer.result).toEqual(answers[0].result);
  expect(await storedCount(post.id)).toBe(1);
  expect((await chat.listEvents(member, groupId, 0, 10)).latestSeq).toBe(answers[0].result.seq);
});

test('racing posts of one id by different authors store one message; the others are conflicts', async () => {
  const { owner, member, groupId } = await groupWithMember();
  const authors = [owner, member];
  for (let i = 0; i < 4; i++) {
    const joining = newCaller(`author${i}`);
    await chat.apply(joining, groupId);
    await chat.approve(owner, groupId, joining.id);
    authors.push(joining);
  }
  const id = randomUUID();
  const codes = await Promise.all(authors.map((author) => outcomeCode(() => chat.postMessage(author, groupId, { id, body: 'mine' }))));
  expect(codes.sort()).toEqual(['conflict', 'conflict', 'conflict', 'conflict', 'conflict', 'ok']);
  expect(await storedCount(id)).toBe(1);
});

test.each([
  ['the same author', 'ok'],
  ['another author', 'conflict'],
])('a post of an id that commits while a post of it by %s waits on the group: one message, second gets %s', async (_who, expected) => {
  const { owner, member, groupId } = await groupWithMember();
  const second = expected === 'ok' ? member : owner;
  const id = randomUUID();
  // Hold the group's lock, so both posts find no message and then queue on the lock.
  const session = driver.session();
  const holder = await session.beginTransaction();
  await holder.run('MATCH (g:Group {id: $groupId}) SET g.seq = g.seq', { groupId });
  const first = chat.postMessage(member, groupId, { id, body: 'same' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const racing = outcomeCode(() => chat.postMessage(second, groupId, { id, body: 'same' }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await holder.commit();
  await session.close();
  expect((await first).created).toBe(true);
  expect(await racing).toBe(expected);
  expect(await storedCount(id)).toBe(1);
});

test('text that looks like Cypher is stored and returned verbatim', async () => {
  const { owner, groupId } = await groupWithMember();
  const bodies = [
    "'}) MATCH (n) DETACH DELETE n //",
    '$id } RETURN 1 UNION MATCH (u:User) RETURN u.email',
    '`Message`) SET m.body = "pwned',
    'emoji 🧵 and \\ backslash',
  ];
  for (const body of bodies) {
    const { result } = await chat.postMessage(owner, groupId, { id: randomUUID(), body });
    expect(result.body).toBe(body);
  }
  const { items } = await chat.listMessages(owner, groupId, { limit: 10 });
  expect(items.map((m) => m.body)).toEqual(bodies);
  const { result: group } = await chat.createGroup(owner, { name: "x'}) DETACH DELETE g //", description: '$name', discoverable: true });
  expect(await chat.getGroup(owner, group.id)).toMatchObject({ name: "x'}) DETACH DELETE g //", description: '$name' });
});

test('bodies: blank is bad_request, over the limit in UTF-8 bytes is payload_too_large, at the limit is fine', async () => {
  const { owner, groupId } = await groupWithMember();
  const post = (body: string) => outcomeCode(() => chat.postMessage(owner, groupId, { id: randomUUID(), body }));
  expect(await post('   \n')).toBe('bad_request');
  expect(await post('nul \u0000 inside')).toBe('bad_request'); // the text rule of the contract (src/contract/text.ts)
  expect(await post('é'.repeat(LIMITS.messageBodyBytes / 2))).toBe('ok');
  expect(await post('é'.repeat(LIMITS.messageBodyBytes / 2) + 'x')).toBe('payload_too_large');
  expect(await post('x'.repeat(LIMITS.messageBodyBytes + 1))).toBe('payload_too_large');
});

test('ids must be UUIDs; a parent must be a message of the same group', async () => {
  const { owner, groupId } = await groupWithMember();
  const other = await groupWithMember();
  const { result: elsewhere } = await chat.postMessage(other.owner, other.groupId, { id: randomUUID(), body: 'other group' });
  const post = (input: { id: string; body: string; parentId?: string }) => outcomeCode(() => chat.postMessage(owner, groupId, input));
  expect(await post({ id: 'not-a-uuid', body: 'x' })).toBe('bad_request');
  expect(await post({ id: randomUUID(), body: 'x', parentId: 'nope' })).toBe('bad_request');
  expect(await post({ id: randomUUID(), body: 'x', parentId: randomUUID() })).toBe('not_found');
  expect(await post({ id: randomUUID(), body: 'x', parentId: elsewhere.id })).toBe('not_found');
  // Nothing of the failed posts took a seq.
  expect((await chat.listEvents(owner, groupId, 0, 10)).latestSeq).toBe(1);
});

test('events page by seq with hasMore and latestSeq', async () => {
  const { owner, member, groupId } = await groupWithMember();
  for (let i = 0; i < 5; i++) await chat.postMessage(member, groupId, { id: randomUUID(), body: `m${i}` });
  await chat.removeMember(owner, groupId, member.id);
  const first = await chat.listEvents(owner, groupId, 0, 4);
  expect(first.items.map((event) => [event.seq, event.type])).toEqual([
    [1, 'member.joined'], [2, 'message.created'], [3, 'message.created'], [4, 'message.created'],
  ]);
  expect([first.hasMore, first.latestSeq]).toEqual([true, 7]);
  const rest = await chat.listEvents(owner, groupId, 4, 4);
  expect(rest.items.map((event) => [event.seq, event.type])).toEqual([[5, 'message.created'], [6, 'message.created'], [7, 'member.removed']]);
  expect(rest.hasMore).toBe(false);
  expect(await outcomeCode(() => chat.listEvents(owner, groupId, -1, 4))).toBe('bad_request');
  expect(await outcomeCode(() => chat.listEvents(owner, groupId, 0, 0))).toBe('bad_request');
  expect(await outcomeCode(() => chat.listEvents(member, groupId, 0, 4))).toBe('not_found');
});
