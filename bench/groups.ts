/**
 * `npm run bench:groups`: `GET /groups` (ChatService.listMyGroups, the query and the mapping the route runs) for
 * a reader in 200 groups and a reader in 20, each group with unread messages by another member (one of them
 * mentioning the reader). Samples the two readers alternately so that load on the machine falls on both alike,
 * after checking every count. Prints a table and writes `bench/results/groups.json` (`p50Ms200`, `p50Ms20`,
 * `ratio`, the database hits of the query's profile for each). Targets: p50 with 200 groups at most 20 ms, and
 * at most 3 times the p50 with 20.
 * Uses the Neo4j that `NEO4J_URI` names, or starts one (tools/run-bench.mjs); removes its data afterwards.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Driver, ManagedTransaction, ProfiledPlan } from 'neo4j-driver';
import { ChatService, type Caller } from '../src/runtime/chat/chat-service';
import { groupsOf } from '../src/runtime/store/groups';
import { migrate } from '../src/runtime/store/schema';
import { benchDriver, removeBenchData } from './neo4j-data';

const SAMPLES = Number(process.env.BENCH_GROUPS_SAMPLES ?? 100);
const UNREAD = Number(process.env.BENCH_GROUPS_UNREAD ?? 5);
const GROUP_COUNTS = [200, 20] as const;
const SETUP_IN_FLIGHT = 8;
const TARGET_P50_MS = 20;
const TARGET_RATIO = 3;

const caller = (name: string): Caller => ({ id: `bench-${name}-${randomUUID()}`, email: `${name}@example.test`, name, picture: null });
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** `count` groups of `owner` with `reader` approved in, each with UNREAD messages of the owner's, one mentioning the reader. */
async function joinGroups(chat: ChatService, owner: Caller, reader: Caller, count: number): Promise<string[]> {
  const groupIds: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: SETUP_IN_FLIGHT }, async () => {
      while (next < count) {
        next++;
        const { result: group } = await chat.createGroup(owner, { name: `bench groups ${next}`, description: '', discoverable: false });
        groupIds.push(group.id);
        await chat.apply(reader, group.id);
        await chat.approve(owner, group.id, reader.id);
        for (let index = 0; index < UNREAD; index++) {
          const mentions = index === 0 ? [reader.id] : [];
          await chat.postMessage(owner, group.id, { id: randomUUID(), body: `unread ${index}`, mentions });
        }
      }
    }),
  );
  return groupIds;
}

/** The database hits and rows of the listing query, summed over its plan. */
async function profile(driver: Driver, reader: Caller): Promise<{ dbHits: number; rows: number }> {
  const session = driver.session();
  try {
    const plan = await session.executeRead(async (tx) => {
      let profiled: ProfiledPlan | undefined;
      const profiling = {
        run: async (query: string, parameters: Record<string, unknown>) => {
          const result = await tx.run(`PROFILE ${query}`, parameters);
          profiled = result.summary.profile as ProfiledPlan;
          return result;
        },
      } as unknown as ManagedTransaction;
      await groupsOf(profiling, reader.id);
      return profiled!;
    });
    const sum = (node: ProfiledPlan): number => node.dbHits + node.children.reduce((total, child) => total + sum(child), 0);
    return { dbHits: sum(plan), rows: plan.rows };
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const driver = benchDriver('bench:groups');
  const chat = new ChatService(driver);
  const owner = caller('owner');
  const readers = new Map(GROUP_COUNTS.map((count) => [count, caller(`reader${count}`)]));
  const groupIds: string[] = [];
  const loadAverageAtStart = loadavg().map((value) => round(value, 1));
  try {
    await migrate(driver);
    await chat.me(owner);
    for (const [count, reader] of readers) {
      const start = performance.now();
      await chat.me(reader);
      groupIds.push(...(await joinGroups(chat, owner, reader, count)));
      console.error(`a reader in ${count} groups with ${UNREAD} unread each in ${round((performance.now() - start) / 1000, 1)} s`);
    }

    const samples = new Map<number, number[]>(GROUP_COUNTS.map((count) => [count, []]));
    for (let round_ = -10; round_ < SAMPLES; round_++) {
      for (const [count, reader] of readers) {
        const start = performance.now();
        const groups = await chat.listMyGroups(reader);
        const ms = performance.now() - start;
        if (groups.length !== count || groups.some((group) => group.unreadCount !== UNREAD || group.mentionCount !== 1)) {
          throw new Error(`the reader in ${count} groups got ${groups.length} groups or wrong counts`);
        }
        if (round_ >= 0) samples.get(count)!.push(ms);
      }
    }
    const profiles = new Map<number, { dbHits: number; rows: number }>();
    for (const [count, reader] of readers) profiles.set(count, await profile(driver, reader));

    const table = GROUP_COUNTS.map((count) => ({
      groups: count,
      'p50 ms': round(percentile(samples.get(count)!, 50)),
      'p90 ms': round(percentile(samples.get(count)!, 90)),
      'db hits': profiles.get(count)!.dbHits,
    }));
    console.table(table);
    const p50Ms200 = table[0]['p50 ms'];
    const p50Ms20 = table[1]['p50 ms'];
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: { start: loadAverageAtStart, end: loadavg().map((value) => round(value, 1)) },
      unreadPerGroup: UNREAD,
      samples: SAMPLES,
      p50Ms200,
      p50Ms20,
      ratio: round(p50Ms200 / p50Ms20),
      targets: { p50Ms200: TARGET_P50_MS, ratio: TARGET_RATIO },
      rows: table,
    };
    console.table({ p50Ms200, p50Ms20, ratio: result.ratio });
    mkdirSync(join('bench', 'results'), { recursive: true });
    writeFileSync(join('bench', 'results', 'groups.json'), JSON.stringify(result, null, 2) + '\n');
    if (p50Ms200 > TARGET_P50_MS) console.error(`p50 with 200 groups ${p50Ms200} ms is above the target of ${TARGET_P50_MS} ms`);
    if (result.ratio > TARGET_RATIO) console.error(`ratio ${result.ratio} is above the target of ${TARGET_RATIO}`);
  } finally {
    await removeBenchData(driver, groupIds, [owner.id, ...[...readers.values()].map((reader) => reader.id)]);
    await driver.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
