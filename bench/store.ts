/**
 * `npm run bench:store`: page reads and concurrent replies on Neo4j through `ChatService`.
 *
 * Builds a 1,000-reply and a 100,000-reply thread and measures the median time of a 50-item page of
 * replies at the start, the middle and the end, forward (`after`) and backward (`before`), sampling the two
 * threads alternately so that load on the machine falls on both alike. Then measures the throughput of
 * replies to one parent posted through `postMessage` with 32 in flight. Prints a table and writes
 * `bench/results/store.json` (`pageMedianMs1k`, `pageMedianMs100k`, `pageRatio`, `repliesPerSecond`, …).
 *
 * The threads are bulk-loaded with Cypher, node for node what `postMessage` stores (the write path at
 * 100,000 would take most of an hour here); the write path is what the throughput part measures.
 * Uses the Neo4j that `NEO4J_URI` names, or starts one (tools/run-bench.mjs); removes its data afterwards.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import neo4j, { type Driver, type ProfiledPlan } from 'neo4j-driver';
import { encodeCursor } from '../src/contract/cursor';
import { ChatService, type Caller } from '../src/runtime/chat/chat-service';
import { CHILD_QUERIES } from '../src/runtime/store/messages';
import { migrate } from '../src/runtime/store/schema';
import { benchDriver, removeBenchData } from './neo4j-data';

const PAGE = 50;
const SAMPLES = Number(process.env.BENCH_STORE_SAMPLES ?? 60);
const REPLIES = Number(process.env.BENCH_STORE_REPLIES ?? 1000);
const IN_FLIGHT = 32;
const THREAD_SIZES = [1_000, 100_000] as const;

interface Thread {
  size: number;
  groupId: string;
  rootId: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A group, a root message and `size` replies to it, stored as postMessage stores them. */
async function buildThread(driver: Driver, chat: ChatService, owner: Caller, size: number): Promise<Thread> {
  const { result: group } = await chat.createGroup(owner, { name: `bench ${size}`, description: '', discoverable: false });
  const { result: root } = await chat.postMessage(owner, group.id, { id: randomUUID(), body: 'root' });
  const batch = 10_000;
  for (let first = 1; first <= size; first += batch) {
    await driver.executeQuery(
      `UNWIND range($first, $last) AS position
       CREATE (:Message {id: randomUUID(), groupId: $groupId, authorId: $authorId, body: 'reply ' + position,
                         createdAt: datetime(), parentId: $rootId, parentKey: $rootId, position: position,
                         seq: $rootSeq + position, replyCount: 0})
       CREATE (:Event {groupId: $groupId, seq: $rootSeq + position, type: 'message.created', createdAt: datetime(), payload: '{}'})`,
      {
        first: neo4j.int(first), last: neo4j.int(Math.min(size, first + batch - 1)),
        groupId: group.id, authorId: owner.id, rootId: root.id, rootSeq: neo4j.int(root.seq),
      },
    );
  }
  await driver.executeQuery(
    'MATCH (g:Group {id: $groupId}), (r:Message {id: $rootId}) SET r.replyCount = $size, g.seq = g.seq + $size',
    { groupId: group.id, rootId: root.id, size: neo4j.int(size) },
  );
  return { size, groupId: group.id, rootId: root.id };
}

/** The six pages measured in a thread of `size` replies, as listReplies queries. */
function pagesOf(size: number): Record<string, { after?: string; before?: string }> {
  const middle = Math.floor(size / 2);
  return {
    'forward start': {},
    'forward middle': { after: encodeCursor(middle) },
    'forward end': { after: encodeCursor(size - PAGE) },
    'backward start': { before: encodeCursor(PAGE + 1) },
    'backward middle': { before: encodeCursor(middle) },
    'backward end': { before: encodeCursor(size + 1) },
  };
}

async function measurePages(chat: ChatService, owner: Caller, threads: Thread[]) {
  const samples = new Map<string, number[]>();
  const names = Object.keys(pagesOf(threads[0].size));
  for (let round_ = -5; round_ < SAMPLES; round_++) {
    for (const name of names) {
      for (const thread of threads) {
        const start = performance.now();
        const page = await chat.listReplies(owner, thread.groupId, thread.rootId, { limit: PAGE, ...pagesOf(thread.size)[name] });
        const ms = performance.now() - start;
        if (page.items.length !== PAGE) throw new Error(`${name} of ${thread.size}: ${page.items.length} items, not ${PAGE}`);
        if (round_ >= 0) samples.set(`${thread.size} ${name}`, [...(samples.get(`${thread.size} ${name}`) ?? []), ms]);
      }
    }
  }
  return { names, samples };
}

/** Rows the index seek of a page read produces in each thread: a page's cost does not depend on its size. */
async function seekRows(driver: Driver, owner: Caller, thread: Thread): Promise<number> {
  const { summary } = await driver.executeQuery(`PROFILE ${CHILD_QUERIES.before}`, {
    groupId: thread.groupId, userId: owner.id, viewerId: owner.id, parentId: thread.rootId, parentKey: thread.rootId,
    before: neo4j.int(Math.floor(thread.size / 2)), limit: neo4j.int(PAGE),
  });
  const find = (plan: ProfiledPlan): ProfiledPlan | undefined =>
    plan.operatorType.includes('IndexSeek') && String(plan.arguments.Details).includes('(parentKey, position)')
      ? plan
      : plan.children.map(find).find(Boolean);
  const seek = find(summary.profile as ProfiledPlan);
  if (!seek) throw new Error('the page query does not seek an index');
  return Number(seek.rows);
}

async function measureReplies(chat: ChatService, owner: Caller) {
  const { result: group } = await chat.createGroup(owner, { name: 'bench replies', description: '', discoverable: false });
  const { result: parent } = await chat.postMessage(owner, group.id, { id: randomUUID(), body: 'parent' });
  let next = 0;
  const positions: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < REPLIES) {
        next++;
        const { result } = await chat.postMessage(owner, group.id, { id: randomUUID(), body: 'reply', parentId: parent.id });
        positions.push(result.position);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  positions.sort((a, b) => a - b);
  if (positions.some((position, index) => position !== index + 1)) throw new Error('reply positions are not 1..n');
  return { groupId: group.id, repliesPerSecond: REPLIES / seconds, seconds };
}

async function main(): Promise<void> {
  const driver = benchDriver('bench:store');
  const chat = new ChatService(driver);
  const owner: Caller = { id: `bench-${randomUUID()}`, email: 'bench@example.test', name: 'bench', picture: null };
  const groupIds: string[] = [];
  const loadAverageAtStart = loadavg().map((value) => round(value, 1));
  try {
    await migrate(driver);
    const threads: Thread[] = [];
    for (const size of THREAD_SIZES) {
      const start = performance.now();
      const thread = await buildThread(driver, chat, owner, size);
      groupIds.push(thread.groupId);
      threads.push(thread);
      console.error(`built a ${size}-reply thread in ${round((performance.now() - start) / 1000, 1)} s`);
    }
    const { names, samples } = await measurePages(chat, owner, threads);
    const all = (size: number) => names.flatMap((name) => samples.get(`${size} ${name}`)!);
    const rows = await Promise.all(threads.map((thread) => seekRows(driver, owner, thread)));
    const replies = await measureReplies(chat, owner);
    groupIds.push(replies.groupId);

    const pageMedianMs1k = median(all(1_000));
    const pageMedianMs100k = median(all(100_000));
    const table = names.map((name) => ({
      page: name,
      '1k ms': round(median(samples.get(`1000 ${name}`)!)),
      '100k ms': round(median(samples.get(`100000 ${name}`)!)),
    }));
    console.table(table);
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: { start: loadAverageAtStart, end: loadavg().map((value) => round(value, 1)) },
      pageSize: PAGE,
      samplesPerPage: SAMPLES,
      pageMedianMs1k: round(pageMedianMs1k),
      pageMedianMs100k: round(pageMedianMs100k),
      pageRatio: round(pageMedianMs100k / pageMedianMs1k),
      pages: table,
      indexSeekRows: { '1k': rows[0], '100k': rows[1] },
      repliesPerSecond: round(replies.repliesPerSecond, 1),
      replies: { count: REPLIES, inFlight: IN_FLIGHT, seconds: round(replies.seconds) },
    };
    console.table({
      pageMedianMs1k: result.pageMedianMs1k,
      pageMedianMs100k: result.pageMedianMs100k,
      pageRatio: result.pageRatio,
      repliesPerSecond: result.repliesPerSecond,
    });
    mkdirSync(join('bench', 'results'), { recursive: true });
    writeFileSync(join('bench', 'results', 'store.json'), JSON.stringify(result, null, 2) + '\n');
    if (result.pageRatio > 1.3) console.error(`pageRatio ${result.pageRatio} is above the target of 1.3`);
  } finally {
    await removeBenchData(driver, groupIds, [owner.id]);
    await driver.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
