/**
 * `npm run bench:fanout`: how long a message takes from the POST until every connected member has it,
 * against the local runtime (real handlers, real Neo4j, real WebSockets, the `@connections` endpoint),
 * for N = 10, 100, 500 and 2000 connected clients in one group; and the same with two baselines run in this
 * process against the same `@connections` endpoint: sequential delivery (one PostToConnection at a time, like
 * the seed's first iterative version; N <= 500 only, it takes minutes beyond) and the AWS sample chat apps'
 * strategy (scan the whole connections table, then post to every connection in one unbounded `Promise.all`),
 * with the posts that failed. Run with no added latency and with 20 ms added to every `@connections` call.
 * Writes `bench/results/fanout.json` with the machine's load average.
 *
 * The clients live in a worker thread so that receiving does not compete with the runtime's event loop.
 */
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { GroupChatClient } from '../src/client';
import type { Message } from '../src/client';
import { startLocalRuntime } from '../src/local';

/** `BENCH_SIZES=500 BENCH_LATENCIES=0` runs one cell (for profiling); results are written for full runs only. */
const numbers = (variable: string | undefined, all: number[]) => (variable ? variable.split(',').map(Number) : all);
const SIZES = numbers(process.env.BENCH_SIZES, [10, 100, 500, 2000]);
const LATENCIES_MS = numbers(process.env.BENCH_LATENCIES, [0, 20]);
const FULL_RUN = !process.env.BENCH_SIZES && !process.env.BENCH_LATENCIES;
const POSTS = Number(process.env.BENCH_POSTS ?? 30);
const SEQUENTIAL_POSTS = Number(process.env.BENCH_SEQUENTIAL_POSTS ?? 3);
const SEQUENTIAL_MAX_SIZE = 500;
const SAMPLE_POSTS = Number(process.env.BENCH_SAMPLE_POSTS ?? 10);
/**
 * Posts not measured, after the clients connect and after each change of latency: the first posts open the
 * fan-out's keep-alive connections and run its code before V8 has optimized it (400-600 ms at N=500).
 */
const WARM_UP_POSTS = Number(process.env.BENCH_WARM_UP_POSTS ?? 10);
const now = () => performance.timeOrigin + performance.now();

type ToWorker =
  | { kind: 'connect'; url: string; tokens: string[] }
  | { kind: 'await'; messageId: string }
  | { kind: 'forget'; messageId: string }
  | { kind: 'disconnect' };
type FromWorker = { kind: 'connected' } | { kind: 'delivered'; messageId: string; lastAt: number } | { kind: 'disconnected' };

/** The worker: N sockets, and for each message id the time the last of them received it. */
function runClients(): void {
  const port = parentPort!;
  let sockets: WebSocket[] = [];
  const arrivals = new Map<string, { count: number; lastAt: number }>();
  const waiting = new Set<string>();
  const check = (messageId: string) => {
    const arrival = arrivals.get(messageId);
    if (waiting.has(messageId) && arrival && arrival.count >= sockets.length) {
      waiting.delete(messageId);
      arrivals.delete(messageId);
      port.postMessage({ kind: 'delivered', messageId, lastAt: arrival.lastAt } satisfies FromWorker);
    }
  };
  port.on('message', async (command: ToWorker) => {
    if (command.kind === 'connect') {
      const open: Promise<void>[] = [];
      for (const [index, token] of command.tokens.entries()) {
        const socket = new WebSocket(`${command.url}?token=${token}`);
        socket.on('message', (data) => {
          const at = now();
          const event = JSON.parse(data.toString()) as { type: string; message?: { id: string } };
          if (event.type !== 'message.created' || !event.message) return;
          const arrival = arrivals.get(event.message.id) ?? { count: 0, lastAt: 0 };
          arrival.count++;
          arrival.lastAt = Math.max(arrival.lastAt, at);
          arrivals.set(event.message.id, arrival);
          check(event.message.id);
        });
        sockets.push(socket);
        open.push(new Promise((resolve, reject) => socket.once('open', () => resolve()).once('error', reject)));
        if (index % 20 === 19) await Promise.all(open.splice(0)); // paced, like clients arriving
      }
      await Promise.all(open);
      port.postMessage({ kind: 'connected' } satisfies FromWorker);
    } else if (command.kind === 'await') {
      waiting.add(command.messageId);
      check(command.messageId);
    } else if (command.kind === 'forget') {
      waiting.delete(command.messageId);
      arrivals.delete(command.messageId);
    } else {
      await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve).close())));
      sockets = [];
      port.postMessage({ kind: 'disconnected' } satisfies FromWorker);
    }
  });
}

/** The main thread's handle on the worker. */
function clientsWorker() {
  const worker = new Worker(__filename, { workerData: { role: 'bench-clients' } });
  const pending = new Map<string, (value: FromWorker) => void>();
  worker.on('message', (message: FromWorker) => {
    const key = message.kind === 'delivered' ? message.messageId : message.kind;
    pending.get(key)?.(message);
    pending.delete(key);
  });
  const ask = <T extends FromWorker>(command: ToWorker, key: string) =>
    new Promise<T>((resolve) => {
      pending.set(key, resolve as (value: FromWorker) => void);
      worker.postMessage(command);
    });
  return {
    connect: (url: string, tokens: string[]) => ask({ kind: 'connect', url, tokens }, 'connected'),
    delivered: (messageId: string) => ask<Extract<FromWorker, { kind: 'delivered' }>>({ kind: 'await', messageId }, messageId),
    /** Stops waiting for a message that not every client will get. */
    forget: (messageId: string) => {
      pending.delete(messageId);
      worker.postMessage({ kind: 'forget', messageId } satisfies ToWorker);
    },
    disconnect: () => ask({ kind: 'disconnect' }, 'disconnected'),
    terminate: () => worker.terminate(),
  };
}

/** CPU time of each thread of this process, from /proc (Linux only), in ms. */
function threadCpu(): Map<string, number> {
  const cpu = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      cpu.set(`${tid}:${name}`, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    }
  } catch {
    // not Linux
  }
  return cpu;
}
const cpuDiff = (before: Map<string, number>, after: Map<string, number>) =>
  [...after].map(([key, ms]) => [key, ms - (before.get(key) ?? 0)] as const).filter(([, ms]) => ms > 0).map(([key, ms]) => `${key}=${ms}`).join(' ');

/** Nearest-rank percentile. */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The AWS sample chat apps' delivery: scan the whole connections table (here its connection items), then
 * post to every connection at once in one `Promise.all`. Returns how many posts failed.
 */
async function deliverLikeTheAwsSample(
  dynamoDb: DynamoDBClient,
  tableName: string,
  management: ApiGatewayManagementApiClient,
  data: Uint8Array,
): Promise<number> {
  const connectionIds: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamoDb.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'pk = sk AND begins_with(pk, :conn)',
        ExpressionAttributeValues: { ':conn': { S: 'CONN#' } },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) connectionIds.push(item.pk.S!.slice('CONN#'.length));
    start = page.LastEvaluatedKey;
  } while (start);
  const outcomes = await Promise.allSettled(
    connectionIds.map((ConnectionId) => management.send(new PostToConnectionCommand({ ConnectionId, Data: data }))),
  );
  return outcomes.filter((outcome) => outcome.status === 'rejected').length;
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(work));
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(`[bench:fanout] ${line}`);
  const loadAverageAtStart = loadavg().map(round);
  const runtime = await startLocalRuntime({
    neo4jUri: process.env.NEO4J_URI,
    fanoutWorkers: process.env.BENCH_FANOUT_WORKERS === undefined ? undefined : Number(process.env.BENCH_FANOUT_WORKERS),
    // One owner posts every sample back to back: what is measured is delivery, not the owner's rate limit.
    rateLimit: { perSecond: 1000, burst: 1000 },
  });
  const clients = clientsWorker();
  const localAws = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const management = new ApiGatewayManagementApiClient({ endpoint: runtime.url, ...localAws });
  const dynamoDb = new DynamoDBClient({ endpoint: runtime.dynamoDb.endpoint, ...localAws });
  try {
    const run = randomUUID().slice(0, 8);
    const person = (index: number) => {
      const sub = `bench-${run}-${index}`;
      const token = runtime.identityProvider.idToken({ sub, email: `${sub}@example.com`, name: `Bench ${index}` });
      return { sub, token, api: new GroupChatClient({ apiUrl: runtime.config.apiUrl, getToken: () => token }) };
    };
    const owner = person(0);
    const members = Array.from({ length: Math.max(...SIZES) }, (_, index) => person(index + 1));
    const group = await owner.api.createGroup({ name: `Fan-out bench ${run}` });
    // The sequential baseline's messages are stored in a group nobody is connected to, so only the baseline delivers them.
    const quietGroup = await owner.api.createGroup({ name: `Fan-out bench ${run} (baseline)` });
    log(`adding ${members.length} members…`);
    await inBatches(members, 16, async (member) => {
      await member.api.apply(group.id);
      await owner.api.approve(group.id, member.sub);
    });

    type Row = {
      p50Ms: number;
      p99Ms: number;
      failedPosts: number;
      sequentialP50Ms: number | null;
      awsSampleP50Ms: number;
      awsSampleP99Ms: number;
      awsSampleFailedPosts: number;
    };
    const results: Record<string, Record<string, Row>> = {};
    for (const size of SIZES) {
      log(`connecting ${size} clients…`);
      await clients.connect(runtime.config.webSocketUrl, members.slice(0, size).map((member) => member.token));
      const connectionIds = runtime.registry.all().map((connection) => connection.id);
      if (connectionIds.length !== size) throw new Error(`expected ${size} open connections, found ${connectionIds.length}`);

      for (const latencyMs of LATENCIES_MS) {
        runtime.connections.latencyMs = latencyMs;
        const post = async () => {
          const id = randomUUID();
          const delivered = clients.delivered(id);
          const started = now();
          await owner.api.postMessage(group.id, { id, body: `bench ${id}` });
          return (await delivered).lastAt - started;
        };
        for (let i = 0; i < WARM_UP_POSTS; i++) await post();
        const samples: number[] = [];
        const cpuBefore = threadCpu();
        const answeredBefore = runtime.connections.calls.POST;
        for (let i = 0; i < POSTS; i++) samples.push(await post());
        // Every measured post reached every client, or the bench would still wait: this counts what the
        // @connections endpoint answered against what was posted, retries included.
        const failedPosts = Math.max(0, POSTS * size - (runtime.connections.calls.POST - answeredBefore));
        if (process.env.BENCH_VERBOSE) log(`thread CPU ms over the posts: ${cpuDiff(cpuBefore, threadCpu())}`);
        await runtime.topic.drain();

        // The baselines' messages are stored in a group nobody is connected to, so only the baseline delivers them.
        const postQuietly = async () => {
          const id = randomUUID();
          const delivered = clients.delivered(id);
          const started = now();
          const message: Message = await owner.api.postMessage(quietGroup.id, { id, body: `bench ${id}` });
          const data = Buffer.from(JSON.stringify({ type: 'message.created', groupId: group.id, seq: message.seq, message }));
          return { id, delivered, started, data };
        };
        const sequential: number[] = [];
        for (let i = 0; size <= SEQUENTIAL_MAX_SIZE && i < SEQUENTIAL_POSTS; i++) {
          const { delivered, started, data } = await postQuietly();
          for (const connectionId of connectionIds) {
            await management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
          }
          sequential.push((await delivered).lastAt - started);
        }

        const awsSample: number[] = [];
        let awsSampleFailedPosts = 0;
        for (let i = 0; i < SAMPLE_POSTS; i++) {
          const { id, delivered, started, data } = await postQuietly();
          const failed = await deliverLikeTheAwsSample(dynamoDb, runtime.dynamoDb.connectionsTable, management, data);
          awsSampleFailedPosts += failed;
          // With failed posts some clients never get it: then the time is when the last post settled.
          awsSample.push(failed === 0 ? (await delivered).lastAt - started : now() - started);
          if (failed > 0) clients.forget(id);
        }
        if (process.env.BENCH_VERBOSE) log(`samples (ms): ${samples.map(round).join(' ')}`);
        const row: Row = {
          p50Ms: round(percentile(samples, 50)),
          p99Ms: round(percentile(samples, 99)),
          failedPosts,
          sequentialP50Ms: sequential.length > 0 ? round(percentile(sequential, 50)) : null,
          awsSampleP50Ms: round(percentile(awsSample, 50)),
          awsSampleP99Ms: round(percentile(awsSample, 99)),
          awsSampleFailedPosts,
        };
        (results[String(latencyMs)] ??= {})[String(size)] = row;
        log(
          `+${latencyMs} ms per call, N=${size}: p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, failed ${failedPosts}; ` +
            `sequential p50 ${row.sequentialP50Ms ?? '-'} ms; AWS sample p50 ${row.awsSampleP50Ms} ms, p99 ${row.awsSampleP99Ms} ms, failed ${awsSampleFailedPosts}`,
        );
      }
      runtime.connections.latencyMs = 0;
      await clients.disconnect();
      while (runtime.registry.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }

    console.log(
      '\nlatency/call     N   p50 ms   p99 ms  failed   seq p50 ms  seq p50/p99   sample p50   sample p99  sample failed',
    );
    for (const latency of LATENCIES_MS) {
      for (const size of SIZES) {
        const row = results[String(latency)]![String(size)]!;
        const speedUp = row.sequentialP50Ms === null ? '-' : `${(row.sequentialP50Ms / row.p99Ms).toFixed(1)}x`;
        console.log(
          [
            `+${latency} ms`.padEnd(12),
            String(size).padStart(5),
            String(row.p50Ms).padStart(8),
            String(row.p99Ms).padStart(8),
            String(row.failedPosts).padStart(7),
            String(row.sequentialP50Ms ?? '-').padStart(12),
            speedUp.padStart(12),
            String(row.awsSampleP50Ms).padStart(12),
            String(row.awsSampleP99Ms).padStart(12),
            String(row.awsSampleFailedPosts).padStart(14),
          ].join(' '),
        );
      }
    }
    if (!FULL_RUN) return;
    const ordered = Object.fromEntries(LATENCIES_MS.map((latency) => [String(latency), results[String(latency)]]));
    const report = { date: new Date().toISOString(), loadAverage: { start: loadAverageAtStart, end: loadavg().map(round) }, posts: POSTS, awsSamplePosts: SAMPLE_POSTS, results: ordered };
    const outDir = join(process.cwd(), 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'fanout.json'), `${JSON.stringify(report, null, 2)}\n`);
    const cell = (latency: number, size: number) => results[String(latency)]![String(size)]!;
    const speedUp = (row: Row) => row.sequentialP50Ms! / row.p99Ms;
    const checks = [
      [`N=500, +0 ms: p99 ${cell(0, 500).p99Ms} ms <= 100 ms`, cell(0, 500).p99Ms <= 100],
      [`N=500, +20 ms: p99 ${cell(20, 500).p99Ms} ms <= 150 ms`, cell(20, 500).p99Ms <= 150],
      [`N=500, +20 ms: sequential p50 / p99 = ${speedUp(cell(20, 500)).toFixed(1)} >= 75`, speedUp(cell(20, 500)) >= 75],
      [`N=2000, +0 ms: p99 ${cell(0, 2000).p99Ms} ms <= 400 ms`, cell(0, 2000).p99Ms <= 400],
      ...[0, 20].flatMap((latency) =>
        [500, 2000].map((size) => {
          const row = cell(latency, size);
          return [`N=${size}, +${latency} ms: p99 ${row.p99Ms} ms below the AWS sample's ${row.awsSampleP99Ms} ms`, row.p99Ms < row.awsSampleP99Ms] as const;
        }),
      ),
    ] as const;
    console.log('');
    for (const [text, met] of checks) console.log(`${met ? 'met   ' : 'MISSED'} ${text}`);
    console.log(`wrote ${join('bench', 'results', 'fanout.json')}`);
  } finally {
    management.destroy();
    dynamoDb.destroy();
    await clients.disconnect().catch(() => undefined);
    await clients.terminate();
    await runtime.stop();
  }
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else if ((workerData as { role?: string } | null)?.role === 'bench-clients') {
  runClients();
}
