/**
 * `npm run bench:bundles`: the size of each Lambda handler bundle (`dist/handlers/<name>/index.js`, built
 * by `npm run build`) and its cold import time: a fresh Node process per run `require`s the bundle, timing
 * only the require. Each bundle is imported `BENCH_BUNDLE_RUNS` times (default 5); the median is reported.
 * Budget: at most 1 MB (1,000,000 bytes) and 300 ms each. Writes `bench/results/bundles.json`
 * (`{ "<handler>": { "bytes": n, "initMs": n } }`) and exits non-zero when a bundle is over budget.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const HANDLERS_DIR = join(ROOT, 'dist', 'handlers');
const RUNS = Number(process.env.BENCH_BUNDLE_RUNS ?? 5);
const BUDGET = { bytes: 1_000_000, initMs: 300 };

// Runs in the child: the time `require` takes, the handler's type as a check that the bundle works.
const PROBE = `
const start = process.hrtime.bigint();
const mod = require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ ms, handler: typeof mod.handler }));
`;

function coldImportMs(file: string): number {
  // No AWS endpoint or credentials in the child: importing must not need them.
  const output = execFileSync(process.execPath, ['-e', PROBE, file], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });
  const { ms, handler } = JSON.parse(output) as { ms: number; handler: string };
  if (handler !== 'function') throw new Error(`${file} exports no handler function`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main(): void {
  if (!existsSync(HANDLERS_DIR)) throw new Error(`${HANDLERS_DIR} is missing: run \`npm run build\` first.`);
  const names = readdirSync(HANDLERS_DIR).filter((name) => existsSync(join(HANDLERS_DIR, name, 'index.js'))).sort();
  const results: Record<string, { bytes: number; initMs: number }> = {};
  for (const name of names) {
    const file = join(HANDLERS_DIR, name, 'index.js');
    const samples = Array.from({ length: RUNS }, () => coldImportMs(file));
    results[name] = { bytes: statSync(file).size, initMs: Math.round(median(samples) * 10) / 10 };
  }

  const over = names.filter((name) => results[name].bytes > BUDGET.bytes || results[name].initMs > BUDGET.initMs);
  console.log(`handler bundles (${process.version}; cold import: median of ${RUNS} fresh processes)`);
  console.log(`  ${'handler'.padEnd(14)} ${'bytes'.padStart(9)} ${'init ms'.padStart(8)}  budget`);
  for (const name of names) {
    const { bytes, initMs } = results[name];
    console.log(`  ${name.padEnd(14)} ${String(bytes).padStart(9)} ${initMs.toFixed(1).padStart(8)}  ${over.includes(name) ? 'OVER' : 'ok'}`);
  }
  console.log(`  budget: ${BUDGET.bytes} bytes, ${BUDGET.initMs} ms`);

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bundles.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (over.length > 0) {
    console.error(`over budget: ${over.join(', ')}`);
    process.exit(1);
  }
}

main();
