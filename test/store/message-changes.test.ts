import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Caller, ChatService } from '../../src/runtime/chat/chat-service';
import { LIMITS } from '../../src/contract/limits';
import { newCaller, openStore, outcomeCode } from './fixtures';

let driver: Driver;
let chat: ChatService;
beforeAll(async () => ({ driver, chat } = await openStore()));
afterAll(() => driver.close());

/** A group of an owner and a member, with one message of the member's. */
async function chatting() {
  const owner = newCaller('owner');
  const member = newCaller('member');
  const stranger = newCaller('stranger');
  await chat.me(stranger);
  const { result: group } = await chat.createGroup(owner, { name: 'edits', description: '', discoverable: false });
  await chat.apply(member, group.id);
  await chat.approve(owner, group.id, member.id);
  const { result: message } = await chat.postMessage(member, group.id, { id: randomUUID(), body: 'hello', mentions: [owner.id] });
  return { owner, member, stranger, group, message };
}

const seqOf = async (caller: Caller, groupId: string) => (await chat.listEvents(caller, groupId, 0, 100)).latestSeq;

/** The error an operation fails with, as `{code, message}`. */
async function refusal(operation: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await operation().then(() => undefined, (thrown: unknown) => thrown);
  if (!(error instanceof Error) || error.name !== 'ApiError') throw new Error(`expected an ApiError, got ${String(error)}`);
  return { code: (error as Error & { code: string }).code, message: error.message };
}

test('an edit sets body, mentions and editedAt, and is stored as message.updated with the next seq', async () => {
  const { owner, member, group, message } = await chatting();
  const before = await seqOf(owner, group.id);
  const edited = await chat.editMessage(member, group.id, message.id, { body: 'hello again', mentions: [] });
  expect(edited.result).toMatchObject({ id: message.id, body: 'hello again', mentions: [], position: message.position, seq: message.seq });
  expect(edited.result.editedAt).not.toBeNull();
  const events = await chat.listEvents(owner, group.id, before, 10);
  expect(events.items).toEqual([{ type: 'message.updated', groupId: group.id, seq: before + 1, message: edited.result }]);
  expect(edited.notifications.map((n) => n.event)).toEqual(events.items);
  const page = await chat.listMessages(owner, group.id, { limit: 50 });
  expect(page.items.at(-1)).toEqual(edited.result);
});

test('a deletion leaves a tombstone, erases body and mentions from the stored events, and is idempotent', async () => {
  const { owner, member, group, message } = await chatting();
  await chat.editMessage(member, group.id, message.id, { body: 'secret edit', mentions: [owner.id] });
  const { result: reply } = await chat.postMessage(owner, group.id, { id: randomUUID(), body: 'a reply', parentId: message.id });
  await chat.addReaction(owner, group.id, message.id, '👍');
  const deleted = await chat.deleteMessage(owner, group.id, message.id);
  const tombstone = deleted.result;
  expect(tombstone).toMatchObject({
    id: message.id, authorId: member.id, body: null, mentions: [], reactions: [], position: message.position, replyCount: 1,
  });
  expect(tombstone.deletedAt).not.toBeNull();
  const seq = await seqOf(owner, group.id);
  expect(deleted.notifications.map((n) => n.event)).toEqual([{ type: 'message.deleted', groupId: group.id, seq, message: tombstone }]);

  const again = await chat.deleteMessage(member, group.id, message.id);
  expect(again).toEqual({ result: tombstone, notifications: [], subscriptions: [] });
  expect(await seqOf(owner, group.id)).toBe(seq);

  // Nothing of the body is left: not on the message, not in what catch-up replays.
  const { records } = await driver.executeQuery(
    `MATCH (e:Event) WHERE e.groupId = $groupId AND (e.payload CONTAINS 'hello' OR e.payload CONTAINS 'secret edit') RETURN e.seq`,
    { groupId: group.id },
  );
  expect(records).toHaveLength(0);
  const replayed = (await chat.listEvents(owner, group.id, 0, 100)).items.filter((e) => 'message' in e && e.message.id === message.id);
  expect(replayed.map((e) => e.type)).toEqual(['message.created', 'message.updated', 'message.deleted']);
  expect(replayed.every((e) => 'message' in e && e.message.body === null && e.message.mentions.length === 0)).toBe(true);

  // The tombstone keeps its place and its replies.
  expect((await chat.listMessages(owner, group.id, { limit: 50 })).items.at(-1)).toEqual({ ...tombstone, deletedAt: expect.any(String) });
  expect((await chat.listReplies(owner, group.id, message.id, { limit: 50 })).items.map((m) => m.id)).toEqual([reply.id]);

  // A deleted message cannot be edited, reacted to or replied to.
  for (const operation of [
    () => chat.editMessage(member, group.id, message.id, { body: 'undo' }),
    () => chat.addReaction(owner, group.id, message.id, '🎉'),
    () => chat.postMessage(owner, group.id, { id: randomUUID(), body: 'late', parentId: message.id }),
  ]) {
    expect(await refusal(operation)).toEqual({ code: 'conflict', message: expect.stringMatching(/was deleted: you cannot/) });
  }
  expect(await seqOf(owner, group.id)).toBe(seq);
});

test('reactions: idempotent adds and removes, counts per emoji, and `mine` for the reader', async () => {
  const { owner, member, group, message } = await chatting();
  const start = await seqOf(owner, group.id);
  expect((await chat.addReaction(owner, group.id, message.id, '👍')).result).toEqual({ emoji: '👍', count: 1, mine: true });
  const repeated = await chat.addReaction(owner, group.id, message.id, '👍');
  expect(repeated).toEqual({ result: { emoji: '👍', count: 1, mine: true }, notifications: [], subscriptions: [] });
  expect((await chat.addReaction(member, group.id, message.id, '👍')).result).toEqual({ emoji: '👍', count: 2, mine: true });
  await chat.addReaction(member, group.id, message.id, '👍🏽');

  const seen = async (reader: Caller) => (await chat.listMessages(reader, group.id, { limit: 50 })).items.at(-1)!.reactions;
  expect(await seen(owner)).toEqual([{ emoji: '👍', count: 2, mine: true }, { emoji: '👍🏽', count: 1, mine: false }]);
  expect(await seen(member)).toEqual([{ emoji: '👍', count: 2, mine: true }, { emoji: '👍🏽', count: 1, mine: true }]);

  const removed = await chat.removeReaction(member, group.id, message.id, '👍🏽');
  expect(removed.result).toEqual({ emoji: '👍🏽', count: 0, mine: false });
  expect(removed.notifications.map((n) => n.event)).toEqual([
    { type: 'reaction.removed', groupId: group.id, seq: start + 4, messageId: message.id, emoji: '👍🏽', userId: member.id, count: 0 },
  ]);
  expect((await chat.removeReaction(member, group.id, message.id, '👍🏽')).notifications).toEqual([]);
  expect(await seen(owner)).toEqual([{ emoji: '👍', count: 2, mine: true }]);
  const types = (await chat.listEvents(owner, group.id, start, 10)).items.map((e) => e.type);
  expect(types).toEqual(['reaction.added', 'reaction.added', 'reaction.added', 'reaction.removed']);
});

test('who reacted: per emoji in the message\'s order, names sorted, the whole count; members only; none on a tombstone', async () => {
  const { owner, member, stranger, group, message } = await chatting();
  await chat.addReaction(member, group.id, message.id, '🎉');
  await chat.addReaction(owner, group.id, message.id, '🎉');
  await chat.addReaction(owner, group.id, message.id, '👍');
  const names = [owner, member].map((caller) => ({ id: caller.id, name: caller.name! })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  expect(await chat.listReactions(member, group.id, message.id)).toEqual([
    { emoji: '🎉', count: 2, users: names },
    { emoji: '👍', count: 1, users: [{ id: owner.id, name: owner.name }] },
  ]);
  await chat.removeReaction(member, group.id, message.id, '🎉');
  expect((await chat.listReactions(owner, group.id, message.id))[0]).toEqual({ emoji: '🎉', count: 1, users: [{ id: owner.id, name: owner.name }] });

  expect(await outcomeCode(() => chat.listReactions(stranger, group.id, message.id))).toBe('not_found'); // a private group
  expect(await outcomeCode(() => chat.listReactions(owner, group.id, randomUUID()))).toBe('not_found');
  await chat.deleteMessage(member, group.id, message.id);
  expect(await chat.listReactions(owner, group.id, message.id)).toEqual([]);
});

test('who reacted names at most LIMITS.reactorsListed people per emoji, with the whole count', async () => {
  const { owner, group, message } = await chatting();
  const many = Array.from({ length: LIMITS.reactorsListed + 2 }, (_, n) => newCaller(`reactor${String(n).padStart(3, '0')}`));
  for (const caller of many) {
    await chat.apply(caller, group.id);
    await chat.approve(owner, group.id, caller.id);
  }
  await Promise.all(many.map((caller) => chat.addReaction(caller, group.id, message.id, '👀')));
  const [listed] = await chat.listReactions(owner, group.id, message.id);
  expect(listed!.count).toBe(many.length);
  expect(listed!.users).toHaveLength(LIMITS.reactorsListed);
  expect(listed!.users.map((user) => user.name)).toEqual([...listed!.users.map((user) => user.name)].sort((a, b) => a.localeCompare(b)));
});

test('mentions are shown in pages and must name members', async () => {
  const { owner, member, stranger, group, message } = await chatting();
  expect((await chat.listMessages(owner, group.id, { limit: 50 })).items.at(-1)!.mentions).toEqual([owner.id]);
  const post = (mentions: string[]) => chat.postMessage(member, group.id, { id: randomUUID(), body: 'hey', mentions });
  expect(await refusal(() => post([stranger.id]))).toEqual({
    code: 'bad_request', message: `mentions: ${stranger.id} is not a member of this group; mention members only.`,
  });
  expect(await refusal(() => chat.editMessage(member, group.id, message.id, { body: 'hey', mentions: [stranger.id] }))).toMatchObject({
    code: 'bad_request',
  });
  const many = Array.from({ length: LIMITS.mentionsPerMessage + 1 }, (_, i) => `user-${i}`);
  expect(await refusal(() => post(many))).toEqual({ code: 'bad_request', message: 'mentions: may name at most 20 users' });
  expect(await refusal(() => post([owner.id, owner.id]))).toEqual({ code: 'bad_request', message: 'mentions: must not name a user twice' });
});

test('bad reactions and bodies are refused with a message a person can act on', async () => {
  const { owner, member, group, message } = await chatting();
  const react = (emoji: string) => chat.addReaction(owner, group.id, message.id, emoji);
  expect(await refusal(() => react('a'))).toEqual({
    code: 'bad_request', message: 'emoji: must be exactly one emoji (such as 👍 or 👍🏽), URL-encoded in the path',
  });
  expect(await refusal(() => react('👍👍'))).toMatchObject({ code: 'bad_request' });
  const kiss = '👩🏻‍❤️‍💋‍👨🏼'; // one RGI emoji of 35 bytes
  expect(await refusal(() => react(kiss))).toEqual({ code: 'bad_request', message: 'emoji: must be at most 32 bytes in UTF-8' });
  expect(await refusal(() => react('x'.repeat(33)))).toMatchObject({ code: 'bad_request' });

  const twenty = Array.from({ length: LIMITS.reactionsPerMessage }, (_, i) => String.fromCodePoint(0x1f600 + i));
  for (const emoji of twenty) await react(emoji);
  expect(await refusal(() => react(String.fromCodePoint(0x1f600 + 20)))).toEqual({
    code: 'conflict', message: 'This message has 20 different reactions already, the most it can have: react with one of those.',
  });
  expect(await outcomeCode(() => chat.addReaction(member, group.id, message.id, twenty[0]))).toBe('ok');

  const long = 'x'.repeat(LIMITS.messageBodyBytes + 1);
  expect(await refusal(() => chat.editMessage(member, group.id, message.id, { body: long }))).toMatchObject({ code: 'payload_too_large' });
  expect(await refusal(() => chat.editMessage(member, group.id, message.id, { body: '  ' }))).toEqual({
    code: 'bad_request', message: 'body: must not be blank',
  });
  expect(await refusal(() => chat.deleteMessage(member, group.id, randomUUID()))).toMatchObject({ code: 'not_found' });
});
