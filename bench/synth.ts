/**
 * `npm run bench:synth`: how long the example deployment (`examples/full-deployment`, all four components,
 * the VPC and the site) takes to construct under `pulumi.runtime.setMocks`, i.e. the program's own share of
 * a `pulumi preview` without the engine and providers. Measures the first run in a fresh process (module
 * loading included, reported apart) and then warm runs. Writes `bench/results/synth.json`.
 *
 * Runs against the built package (`npm run build` first): the example imports `pulumi-groupchat`, which
 * Node resolves to the package itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { runExampleUnderMocks } from '../test/support/run-example-under-mocks';

const WARM_RUNS = Number(process.env.BENCH_SYNTH_RUNS ?? 10);

const elapsedMs = (start: number) => Math.round((performance.now() - start) * 10) / 10;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  // performance.now() counts from the start of the process: this is Node's start plus loading every module.
  const loadMs = Math.round(performance.now() * 10) / 10;

  const firstStart = performance.now();
  const resources = await runExampleUnderMocks();
  const firstRunMs = elapsedMs(firstStart);

  const warm: number[] = [];
  for (let run = 0; run < WARM_RUNS; run++) {
    const start = performance.now();
    const again = await runExampleUnderMocks();
    warm.push(elapsedMs(start));
    if (again.length !== resources.length) throw new Error(`run ${run} registered ${again.length} resources, the first ${resources.length}`);
  }
  const sorted = [...warm].sort((a, b) => a - b);
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    resources: resources.length,
    components: resources.filter((r) => r.type.startsWith('groupchat:index:')).length,
    moduleLoadMs: loadMs,
    firstRunMs,
    warmRuns: WARM_RUNS,
    warmMs: { min: sorted[0], median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] },
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
  };

  const rows: [string, string][] = [
    ['resources registered (components included)', `${result.resources} (${result.components} components)`],
    ['process start and module loading', `${result.moduleLoadMs} ms`],
    ['first construction (cold)', `${result.firstRunMs} ms`],
    [`warm construction, ${WARM_RUNS} runs: min / median / p95 / max`, `${result.warmMs.min} / ${result.warmMs.median} / ${result.warmMs.p95} / ${result.warmMs.max} ms`],
    ['heap used after the runs', `${result.heapUsedMiB} MiB`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`examples/full-deployment under mocks (${result.node}, ${result.cpus} CPUs)`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);

  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'synth.json'), `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
