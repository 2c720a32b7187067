import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Caller, ChatService } from '../../src/runtime/chat/chat-service';
import { newCaller, openStore } from './fixtures';

let driver: Driver;
let chat: ChatService;
beforeAll(async () => ({ driver, chat } = await openStore()));
afterAll(() => driver.close());

/** Runs `tasks` with at most `inFlight` running at once; each postMessage opens a session of its own. */
async function runWithConcurrency<T>(tasks: (() => Promise<T>)[], inFlight: number): Promise<{ results: T[]; peak: number }> {
  const results: T[] = [];
  let next = 0;
  let running = 0;
  let peak = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      running++;
      peak = Math.max(peak, running);
      try {
        results[index] = await tasks[index]();
      } finally {
        running--;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { results, peak };
}

test('500 concurrent replies to one parent: positions exactly 1..500, seqs distinct and gap-free', async () => {
  const owner = newCaller('owner');
  const { result: group } = await chat.createGroup(owner, { name: 'busy thread', description: '', discoverable: false });
  const authors: Caller[] = [owner];
  for (let i = 0; i < 3; i++) {
    const author = newCaller(`author${i}`);
    await chat.apply(author, group.id);
    await chat.approve(owner, group.id, author.id);
    authors.push(author);
  }
  const { result: parent } = await chat.postMessage(owner, group.id, { id: randomUUID(), body: 'parent' });
  const seqBefore = parent.seq;

  const tasks = Array.from({ length: 500 }, (_, i) => () =>
    chat.postMessage(authors[i % authors.length], group.id, { id: randomUUID(), body: `reply ${i}`, parentId: parent.id }),
  );
  const { results, peak } = await runWithConcurrency(tasks, 32);
  expect(peak).toBe(32);
  expect(results.every((posted) => posted.created)).toBe(true);

  const { records } = await driver.executeQuery(
    'MATCH (m:Message {parentKey: $parentId}) RETURN m.position AS position, m.seq AS seq',
    { parentId: parent.id },
  );
  const positions = records.map((r) => r.get('position').toNumber()).sort((a, b) => a - b);
  const seqs = records.map((r) => r.get('seq').toNumber()).sort((a, b) => a - b);
  expect(records).toHaveLength(500);
  expect(positions).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  expect(seqs).toEqual(Array.from({ length: 500 }, (_, i) => seqBefore + 1 + i));
  // What the callers were told matches what was stored.
  expect(results.map((posted) => posted.result.position).sort((a, b) => a - b)).toEqual(positions);

  const replies = await chat.listReplies(owner, group.id, parent.id, { limit: 1 });
  expect(replies.items[0].position).toBe(1);
  const { items } = await chat.listMessages(owner, group.id, { limit: 1 });
  expect(items[0]).toMatchObject({ id: parent.id, replyCount: 500 });
  // Every seq of the group has exactly one stored event: 1..latest, no gap.
  const { records: events } = await driver.executeQuery('MATCH (e:Event {groupId: $groupId}) RETURN e.seq AS seq ORDER BY seq', {
    groupId: group.id,
  });
  const latest = seqBefore + 500;
  expect(events.map((r) => r.get('seq').toNumber())).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
  expect(await chat.getGroup(owner, group.id)).toMatchObject({ seq: latest });
});

test('concurrent decisions, posts and removals in one group: every event gets its own seq', async () => {
  const owner = newCaller('owner');
  const { result: group } = await chat.createGroup(owner, { name: 'busy door', description: '', discoverable: true });
  const applicants = Array.from({ length: 24 }, (_, i) => newCaller(`applicant${i}`));
  await Promise.all(applicants.map((applicant) => chat.apply(applicant, group.id)));
  const leaving = newCaller('leaving');
  await chat.apply(leaving, group.id);
  await chat.approve(owner, group.id, leaving.id);

  const tasks: (() => Promise<unknown>)[] = [
    ...applicants.map((applicant, i) => () =>
      i % 3 === 2 ? chat.reject(owner, group.id, applicant.id, 'full') : chat.approve(owner, group.id, applicant.id),
    ),
    ...Array.from({ length: 8 }, (_, i) => () => chat.postMessage(owner, group.id, { id: randomUUID(), body: `post ${i}` })),
    () => chat.removeMember(leaving, group.id, leaving.id),
  ];
  const { peak } = await runWithConcurrency(tasks, 16);
  expect(peak).toBe(16);

  const { records } = await driver.executeQuery('MATCH (e:Event {groupId: $groupId}) RETURN e.seq AS seq ORDER BY seq', {
    groupId: group.id,
  });
  const seqs = records.map((r) => r.get('seq').toNumber());
  // member.joined for the first approval, then 16 approvals, 8 posts and one leave, in some order.
  expect(seqs).toEqual(Array.from({ length: 1 + 16 + 8 + 1 }, (_, i) => i + 1));
  const members = await chat.listMembers(owner, group.id);
  expect(members).toHaveLength(1 + 16);
});
