// `npm run bench:start`: time from `npm start` to its URL, for a first start (an empty data folder, and nothing
// cached in tools/neo4j-local/target, as on a fresh clone whose ~/.m2 has Neo4j's jars) and a second start (the
// same data folder, and the class archive the first start's Neo4j wrote when it stopped), each boot phase
// separately as tools/start.mjs reports it. Runs BENCH_RUNS pairs (default 3), prints a table and writes
// bench/results/start.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const launcherCache = join(root, 'tools', 'neo4j-local', 'target');

/** Forgets the launcher's cached classpath, jar and class archive: the next start resolves them with Maven (offline). */
function forgetLauncherCache() {
  if (!existsSync(launcherCache)) return;
  for (const entry of readdirSync(launcherCache, { withFileTypes: true })) {
    if (/^(classpath-|classes-|launcher-)/.test(entry.name)) rmSync(join(launcherCache, entry.name), { recursive: true, force: true });
  }
}

/** One `npm start` on `dataDir`: the seconds to its URL and each phase's, then Ctrl-C and wait for it to stop. */
async function start(dataDir) {
  const env = { ...process.env, GROUPCHAT_DATA_DIR: dataDir, PORT: '0' };
  for (const name of ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD']) delete env[name];
  const began = Date.now();
  const child = spawn(process.execPath, [join(root, 'tools', 'start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  const sample = { phases: {} };
  await new Promise((resolve, reject) => {
    const onLine = (line) => {
      const at = (Date.now() - began) / 1000;
      const done = /^\[start\] (.+?): done in ([\d.]+) s$/.exec(line);
      if (done) sample.phases[done[1].replace(/: .*/, '')] = Number(done[2]);
      const server = /Neo4j 5\.26 started in \d+ ms \(server (\d+) ms\)/.exec(line);
      if (server) sample.phases['Neo4j server (in its JVM)'] = Number(server[1]) / 1000;
      if (/^\[start\] gateway: listening/.test(line)) sample.gatewaySeconds = at;
      if (/running at http/.test(line)) {
        sample.urlSeconds = at;
        resolve();
      }
    };
    let partial = '';
    const collect = (chunk) => {
      output += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      lines.forEach(onLine);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    exited.then((code) => reject(new Error(`npm start exited (${code}) before printing its URL:\n${output}`)));
  });
  child.kill('SIGINT');
  await exited;
  return sample;
}

const samples = { first: [], second: [] };
for (let run = 1; run <= runs; run++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'groupchat-bench-start-'));
  try {
    forgetLauncherCache();
    samples.first.push(await start(dataDir));
    samples.second.push(await start(dataDir));
    console.log(`run ${run}/${runs}: first ${samples.first.at(-1).urlSeconds.toFixed(1)} s, second ${samples.second.at(-1).urlSeconds.toFixed(1)} s`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const spread = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });
const round = (value) => Math.round(value * 10) / 10;
const summary = {};
for (const [kind, list] of Object.entries(samples)) {
  const names = [...new Set(list.flatMap((sample) => Object.keys(sample.phases)))];
  summary[kind] = {
    'to URL': spread(list.map((sample) => sample.urlSeconds)),
    'to gateway listening': spread(list.map((sample) => sample.gatewaySeconds)),
    ...Object.fromEntries(names.map((name) => [name, spread(list.map((sample) => sample.phases[name] ?? 0))])),
  };
}

const rows = [...new Set(Object.values(summary).flatMap(Object.keys))];
const cell = (figures) => (figures ? `${round(figures.median)} (${round(figures.min)}–${round(figures.max)})` : '');
console.log(`\nseconds, median (min–max) over ${runs} runs; load average ${loadavg().map(round).join(' ')}`);
console.table(Object.fromEntries(rows.map((row) => [row, { first: cell(summary.first[row]), second: cell(summary.second[row]) }])));

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'start.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: loadavg().map(round),
      runs,
      targetsSeconds: { first: 30, second: 15 },
      seconds: summary,
      samples,
    },
    null,
    2,
  )}\n`,
);
console.log('wrote bench/results/start.json');
