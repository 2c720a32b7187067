import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { encodeCursor } from '../../src/contract/cursor';
import type { ChatService } from '../../src/runtime/chat/chat-service';
import { newCaller, openStore, outcomeCode } from './fixtures';

let driver: Driver;
let chat: ChatService;
beforeAll(async () => ({ driver, chat } = await openStore()));
afterAll(() => driver.close());

/** A group with `count` members besides its owner (memberships loaded in bulk: joining is tested elsewhere). */
async function groupOf(count: number) {
  const owner = newCaller('owner');
  const { result: group } = await chat.createGroup(owner, { name: 'crowd', description: '', discoverable: false });
  const members = Array.from({ length: count }, (_, i) => newCaller(`member${i}`));
  await driver.executeQuery(
    `MATCH (g:Group {id: $groupId})
     UNWIND $members AS member
     CREATE (:User {id: member.id, email: member.email, name: member.name})-[:MEMBER_OF {role: 'member', since: datetime()}]->(g)`,
    { groupId: group.id, members },
  );
  return { owner, group, members };
}

test('50 members toggling one reaction 10 times each, all at once, leave the exact count', async () => {
  const { owner, group, members } = await groupOf(50);
  const { result: message } = await chat.postMessage(owner, group.id, { id: randomUUID(), body: 'react!' });
  // Half the members start with the reaction: ten toggles later they have it again, the others do not.
  const starters = members.filter((_, i) => i % 2 === 0);
  for (const member of starters) await chat.addReaction(member, group.id, message.id, '🎉');
  const startSeq = (await chat.listEvents(owner, group.id, 0, 1)).latestSeq;

  let changes = 0;
  await Promise.all(
    members.map(async (member, i) => {
      let present = i % 2 === 0;
      for (let toggle = 0; toggle < 10; toggle++) {
        const outcome = present
          ? await chat.removeReaction(member, group.id, message.id, '🎉')
          : await chat.addReaction(member, group.id, message.id, '🎉');
        present = !present;
        expect(outcome.result.mine).toBe(present);
        changes += outcome.notifications.length;
      }
    }),
  );
  expect(changes).toBe(500);
  const page = await chat.listMessages(owner, group.id, { limit: 50 });
  expect(page.items[0].reactions).toEqual([{ emoji: '🎉', count: 25, mine: false }]);
  const { records } = await driver.executeQuery('MATCH (r:Reaction {messageId: $id}) RETURN r.userId AS userId', { id: message.id });
  expect(records.map((r) => r.get('userId')).sort()).toEqual(starters.map((m) => m.id).sort());

  // 500 events with consecutive seqs whose counts retrace the toggles one step at a time.
  const events = [];
  for (let after = startSeq; ; ) {
    const batch = await chat.listEvents(owner, group.id, after, 100);
    events.push(...batch.items);
    if (!batch.hasMore) break;
    after = batch.items.at(-1)!.seq;
  }
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => startSeq + 1 + i));
  let count = 25;
  for (const event of events) {
    count += event.type === 'reaction.added' ? 1 : -1;
    expect(event).toMatchObject({ messageId: message.id, count });
  }
});

test('an edit racing a delete ends deleted, with no body left in the store or its events', async () => {
  const { owner, group, members } = await groupOf(1);
  const [author] = members;
  const rounds = 8;
  const secrets: string[] = [];
  const ids: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const secret = `secret-${randomUUID()}`;
    secrets.push(secret);
    ids.push((await chat.postMessage(author, group.id, { id: randomUUID(), body: `${secret} first` })).result.id);
  }
  const answers = await Promise.all(
    ids.flatMap((id, round) => [
      outcomeCode(() => chat.editMessage(author, group.id, id, { body: `${secrets[round]} edited` })),
      outcomeCode(() => chat.deleteMessage(owner, group.id, id)),
    ]),
  );
  // Every delete succeeds; each edit either came first (and was erased) or found a tombstone.
  const edits = answers.filter((_, i) => i % 2 === 0);
  const deletes = answers.filter((_, i) => i % 2 === 1);
  expect(deletes).toEqual(ids.map(() => 'ok'));
  expect(edits.filter((answer) => answer !== 'ok' && answer !== 'conflict')).toEqual([]);

  const { records } = await driver.executeQuery(
    `MATCH (m:Message) WHERE m.id IN $ids
     RETURN m.body AS body, m.mentions AS mentions, m.deletedAt IS NOT NULL AS deleted,
            COLLECT { MATCH (e:Event) WHERE e.groupId = m.groupId AND any(s IN $secrets WHERE e.payload CONTAINS s) RETURN e.seq } AS leaks`,
    { ids, secrets },
  );
  expect(records.map((r) => r.toObject())).toEqual(ids.map(() => ({ body: null, mentions: [], deleted: true, leaks: [] })));
});

test('200 replies posted while their parent is deleted half way: the thread stays whole and pageable both ways', async () => {
  const { owner, group, members } = await groupOf(4);
  const { result: parent } = await chat.postMessage(owner, group.id, { id: randomUUID(), body: 'parent' });
  let launched = 0;
  let deletion: Promise<unknown> | undefined;
  const reply = async (i: number) => {
    launched++;
    if (launched === 100) deletion = chat.deleteMessage(owner, group.id, parent.id);
    return outcomeCode(() => chat.postMessage(members[i % 4], group.id, { id: randomUUID(), body: `reply ${i}`, parentId: parent.id }));
  };
  const answers: string[] = [];
  for (let start = 0; start < 200; start += 16) {
    answers.push(...(await Promise.all(Array.from({ length: Math.min(16, 200 - start) }, (_, k) => reply(start + k)))));
  }
  await deletion;
  const posted = answers.filter((answer) => answer === 'ok').length;
  expect(answers.filter((answer) => answer !== 'ok').every((answer) => answer === 'conflict')).toBe(true);
  expect(posted).toBeGreaterThanOrEqual(84);
  expect(posted).toBeLessThan(200);

  const forward: number[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await chat.listReplies(members[0], group.id, parent.id, { limit: 30, after: cursor });
    forward.push(...page.items.map((m) => m.position));
    if (!page.next) break;
    cursor = page.next;
  }
  const backward: number[] = [];
  for (let cursor = encodeCursor(posted + 1); ; ) {
    const page = await chat.listReplies(members[0], group.id, parent.id, { limit: 30, before: cursor });
    backward.unshift(...page.items.map((m) => m.position));
    if (!page.prev) break;
    cursor = page.prev;
  }
  expect(forward).toEqual(Array.from({ length: posted }, (_, i) => i + 1));
  expect(backward).toEqual(forward);
  const [tombstone] = (await chat.listMessages(owner, group.id, { limit: 50 })).items;
  expect(tombstone).toMatchObject({ id: parent.id, body: null, replyCount: posted });
});
