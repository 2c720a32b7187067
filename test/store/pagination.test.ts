import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Driver } from 'neo4j-driver';
import type { Caller, ChatService } from '../../src/runtime/chat/chat-service';
import { encodeCursor } from '../../src/contract/cursor';
import type { Message, Page } from '../../src/contract/model';
import { newCaller, openStore, outcomeCode } from './fixtures';

/*
 * Pagination properties on real threads: random thread sizes and page sizes. One group per thread size:
 * its first `size` top-level messages, and `size` replies to the first of them.
 */

let driver: Driver;
let chat: ChatService;
let owner: Caller;
beforeAll(async () => {
  ({ driver, chat } = await openStore());
  owner = newCaller('owner');
});
afterAll(() => driver.close());

interface Thread {
  groupId: string;
  rootId: string;
  topLevel: string[];
  replies: string[];
}
const threads = new Map<number, Promise<Thread>>();

/** Posts `count` children of the parent, 16 at a time; their ids in position order. */
async function postAll(groupId: string, count: number, parentId?: string): Promise<string[]> {
  const byPosition: string[] = [];
  let posted = 0;
  const worker = async () => {
    while (posted < count) {
      posted++;
      const { result } = await chat.postMessage(owner, groupId, { id: randomUUID(), body: 'child', parentId });
      byPosition[result.position - 1] = result.id;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return byPosition;
}

/** A group with `size` top-level messages and `size` replies to the first one (size >= 1). */
function thread(size: number): Promise<Thread> {
  if (!threads.has(size)) {
    threads.set(size, (async () => {
      const { result: group } = await chat.createGroup(owner, { name: `thread ${size}`, description: '', discoverable: false });
      const topLevel = await postAll(group.id, size);
      const replies = await postAll(group.id, size, topLevel[0]);
      return { groupId: group.id, rootId: topLevel[0], topLevel, replies };
    })());
  }
  return threads.get(size)!;
}

type Fetch = (cursor: { before?: string; after?: string }) => Promise<Page<Message>>;

async function walk(fetch: Fetch, start: Page<Message>, direction: 'next' | 'prev', limit: number): Promise<string[]> {
  const seen: string[][] = [];
  let page = start;
  for (let guard = 0; guard < 1000; guard++) {
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(page.items.map((m) => m.id));
    const cursor = page[direction];
    if (cursor === null) break;
    page = await fetch(direction === 'next' ? { after: cursor } : { before: cursor });
    expect(page.items.length).toBeGreaterThan(0);
  }
  return (direction === 'next' ? seen : seen.reverse()).flat();
}

const sizes = fc.integer({ min: 1, max: 32 });
const limits = fc.integer({ min: 1, max: 20 });
const settings = { numRuns: 15 };

test('walking replies forward from the first page visits every reply once, in order', async () => {
  await fc.assert(
    fc.asyncProperty(sizes, limits, async (size, limit) => {
      const t = await thread(size);
      const fetch: Fetch = (cursor) => chat.listReplies(owner, t.groupId, t.rootId, { limit, ...cursor });
      const first = await fetch({});
      expect(first.prev).toBeNull();
      expect(await walk(fetch, first, 'next', limit)).toEqual(t.replies);
    }),
    settings,
  );
});

test('walking top-level messages backward from the newest page visits every message once, in order', async () => {
  await fc.assert(
    fc.asyncProperty(sizes, limits, async (size, limit) => {
      const t = await thread(size);
      const fetch: Fetch = (cursor) => chat.listMessages(owner, t.groupId, { limit, ...cursor });
      const newest = await fetch({});
      expect(newest.next).toBeNull();
      expect(await walk(fetch, newest, 'prev', limit)).toEqual(t.topLevel);
    }),
    settings,
  );
});

test('walking replies backward from the end, and top-level forward from the start, visit everything', async () => {
  await fc.assert(
    fc.asyncProperty(sizes, limits, async (size, limit) => {
      const t = await thread(size);
      const replies: Fetch = (cursor) => chat.listReplies(owner, t.groupId, t.rootId, { limit, ...cursor });
      const last = await replies({ before: encodeCursor(size + 1) });
      expect(last.next).toBeNull();
      expect(await walk(replies, last, 'prev', limit)).toEqual(t.replies);
      const topLevel: Fetch = (cursor) => chat.listMessages(owner, t.groupId, { limit, ...cursor });
      expect(await walk(topLevel, await topLevel({ after: encodeCursor(0) }), 'next', limit)).toEqual(t.topLevel);
    }),
    settings,
  );
});

test('around centres the anchor, and its cursors lead to the neighbouring pages', async () => {
  await fc.assert(
    fc.asyncProperty(
      sizes.chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }), limits)),
      async ([size, anchorIndex, limit]) => {
        const t = await thread(size);
        const page = await chat.listReplies(owner, t.groupId, t.rootId, { limit, around: t.replies[anchorIndex] });
        const ids = page.items.map((m) => m.id);
        const start = t.replies.indexOf(ids[0]);
        // A full page (or the whole thread) of consecutive replies that holds the anchor ...
        expect(ids).toEqual(t.replies.slice(start, start + Math.min(limit, size)));
        expect(ids).toContain(t.replies[anchorIndex]);
        // ... with the anchor in the middle whenever the thread has room on both sides.
        const half = Math.floor((limit - 1) / 2);
        if (anchorIndex - half >= 0 && anchorIndex + (limit - 1 - half) < size) {
          expect(ids.indexOf(t.replies[anchorIndex])).toBe(half);
        }
        if (page.prev) {
          const before = await chat.listReplies(owner, t.groupId, t.rootId, { limit, before: page.prev });
          expect(before.items.at(-1)!.id).toBe(t.replies[start - 1]);
        } else expect(start).toBe(0);
        if (page.next) {
          const after = await chat.listReplies(owner, t.groupId, t.rootId, { limit, after: page.next });
          expect(after.items[0].id).toBe(t.replies[start + ids.length]);
        } else expect(start + ids.length).toBe(size);
      },
    ),
    settings,
  );
});

test('pages past either end are empty, with a cursor back into the thread', async () => {
  const t = await thread(5);
  const past = await chat.listReplies(owner, t.groupId, t.rootId, { limit: 2, after: encodeCursor(99) });
  expect(past).toEqual({ items: [], prev: encodeCursor(6), next: null });
  const back = await chat.listReplies(owner, t.groupId, t.rootId, { limit: 2, before: past.prev! });
  expect(back.items.map((m) => m.id)).toEqual(t.replies.slice(3));
  const beforeStart = await chat.listMessages(owner, t.groupId, { limit: 2, before: encodeCursor(1) });
  expect(beforeStart).toEqual({ items: [], prev: null, next: encodeCursor(0) });
  const { result: empty } = await chat.createGroup(owner, { name: 'empty', description: '', discoverable: false });
  expect(await chat.listMessages(owner, empty.id, { limit: 5 })).toEqual({ items: [], prev: null, next: null });
});

test('malformed or tampered cursors are bad_request, never an exception', async () => {
  const t = await thread(3);
  const bad = [
    'garbage',
    'p1.',
    'p1.' + Buffer.from('-3').toString('base64url'),
    'p1.' + Buffer.from('1.5').toString('base64url'),
    'p1.' + Buffer.from("1 OR 1=1 MATCH (n) DETACH DELETE n").toString('base64url'),
    'p1.' + Buffer.from('9007199254740993').toString('base64url'),
    "') RETURN n //",
  ];
  for (const cursor of bad) {
    expect([cursor, await outcomeCode(() => chat.listMessages(owner, t.groupId, { limit: 5, before: cursor }))]).toEqual([cursor, 'bad_request']);
    expect([cursor, await outcomeCode(() => chat.listReplies(owner, t.groupId, t.rootId, { limit: 5, after: cursor }))]).toEqual([cursor, 'bad_request']);
  }
  const replies = (query: object) => outcomeCode(() => chat.listReplies(owner, t.groupId, t.rootId, { limit: 5, ...query }));
  expect(await replies({ around: 'not-a-uuid' })).toBe('bad_request');
  expect(await replies({ around: randomUUID() })).toBe('not_found');
  expect(await replies({ around: t.topLevel[1] })).toBe('not_found');
  expect(await replies({ before: encodeCursor(2), after: encodeCursor(1) })).toBe('bad_request');
  expect(await replies({ limit: 0 })).toBe('bad_request');
  expect(await replies({ limit: 101 })).toBe('bad_request');
  expect(await outcomeCode(() => chat.listReplies(owner, t.groupId, randomUUID(), { limit: 5 }))).toBe('not_found');
});
