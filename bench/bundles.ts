/**
 * `npm run bench:bundles`: the size of each Lambda handler bundle (`dist/handlers/<name>/index.js`, built
 * by `npm run build`) and its cold import time: a fresh Node process per run `require`s the bundle, timing
 * only the require (wall clock, and the CPU time the process spent in it, which a busy machine inflates less).
 * Each bundle is imported `BENCH_BUNDLE_RUNS` times (default 5), the bundles taking turns; medians are reported.
 * Budget: at most 1 MB (1,000,000 bytes) and 300 ms each. Writes `bench/results/bundles.json`
 * (`{ date, node, loadAverage, handlers: { "<handler>": { bytes, initMs, initCpuMs } } }`) and exits non-zero
 * when a bundle is over budget.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const HANDLERS_DIR = join(ROOT, 'dist', 'handlers');
const RUNS = Number(process.env.BENCH_BUNDLE_RUNS ?? 5);
const BUDGET = { bytes: 1_000_000, initMs: 300 };

// Runs in the child: the time `require` takes, the handler's type as a check that the bundle works.
const PROBE = `
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
const mod = require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ ms, cpuMs: (user + system) / 1000, handler: typeof mod.handler }));
`;

interface ColdImport {
  ms: number;
  cpuMs: number;
}

function coldImport(file: string): ColdImport {
  // No AWS endpoint or credentials in the child: importing must not need them.
  const output = execFileSync(process.execPath, ['-e', PROBE, file], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });
  const { ms, cpuMs, handler } = JSON.parse(output) as ColdImport & { handler: string };
  if (handler !== 'function') throw new Error(`${file} exports no handler function`);
  return { ms, cpuMs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const tenths = (value: number) => Math.round(value * 10) / 10;

function main(): void {
  if (!existsSync(HANDLERS_DIR)) throw new Error(`${HANDLERS_DIR} is missing: run \`npm run build\` first.`);
  const names = readdirSync(HANDLERS_DIR).filter((name) => existsSync(join(HANDLERS_DIR, name, 'index.js'))).sort();
  const loadAverage = loadavg().map(tenths);
  const samples = new Map<string, ColdImport[]>(names.map((name) => [name, []]));
  // Taking turns spreads the machine's changing load over every bundle alike.
  for (let run = 0; run < RUNS; run++) {
    for (const name of names) samples.get(name)!.push(coldImport(join(HANDLERS_DIR, name, 'index.js')));
  }
  const results: Record<string, { bytes: number; initMs: number; initCpuMs: number }> = {};
  for (const name of names) {
    const taken = samples.get(name)!;
    results[name] = {
      bytes: statSync(join(HANDLERS_DIR, name, 'index.js')).size,
      initMs: tenths(median(taken.map((sample) => sample.ms))),
      initCpuMs: tenths(median(taken.map((sample) => sample.cpuMs))),
    };
  }

  const over = names.filter((name) => results[name].bytes > BUDGET.bytes || results[name].initMs > BUDGET.initMs);
  console.log(`handler bundles (${process.version}; cold import: median of ${RUNS} fresh processes; load average ${loadAverage.join(' ')})`);
  console.log(`  ${'handler'.padEnd(14)} ${'bytes'.padStart(9)} ${'init ms'.padStart(8)} ${'cpu ms'.padStart(8)}  budget`);
  for (const name of names) {
    const { bytes, initMs, initCpuMs } = results[name];
    const verdict = over.includes(name) ? 'OVER' : 'ok';
    console.log(`  ${name.padEnd(14)} ${String(bytes).padStart(9)} ${initMs.toFixed(1).padStart(8)} ${initCpuMs.toFixed(1).padStart(8)}  ${verdict}`);
  }
  console.log(`  budget: ${BUDGET.bytes} bytes, ${BUDGET.initMs} ms`);

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, loadAverage, runs: RUNS, handlers: results };
  writeFileSync(join(dir, 'bundles.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (over.length > 0) {
    console.error(`over budget: ${over.join(', ')}`);
    process.exit(1);
  }
}

main();
