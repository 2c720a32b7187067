// `npm test`: starts the services the tests need once, runs jest (the repository's, then the mobile client's), stops
// the services, prints one summary line.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mobileClientDir, mobileClientInstalled } from './mobile-client-installed.mjs';
import { MotoSetupError, startMoto } from './moto-local.mjs';
import { Neo4jSetupError, startNeo4j } from './neo4j-local/neo4j-local.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

// The system packages the tests need (Java, Maven, shellcheck, Chromium, an emoji font, Python's venv): the same
// script as .ci/run, which installs what is missing when it can and otherwise names each with its install command.
const systemDeps = spawnSync('bash', [join(root, 'tools', 'system-deps.sh')], { stdio: 'inherit' });
if (systemDeps.status !== 0) process.exit(systemDeps.status ?? 1);

// The component and policy tests deploy the handler bundles: build them from the current sources (a few seconds).
const built = spawnSync(process.execPath, [join(root, 'tools', 'build-handlers.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

// Neo4j and moto's server (the local SNS endpoint) start side by side; if either fails, the other is stopped.
const started = await Promise.allSettled([startNeo4j(), startMoto()]);
const failure = started.find((outcome) => outcome.status === 'rejected');
if (failure) {
  const error = failure.reason;
  console.error(error instanceof Neo4jSetupError || error instanceof MotoSetupError ? error.message : error);
  await Promise.all(started.filter((outcome) => outcome.status === 'fulfilled').map((outcome) => outcome.value.stop()));
  process.exit(1);
}
const [neo4j, moto] = started.map((outcome) => outcome.value);

// The AWS SDK prints its Node 22 notice once per module registry, and jest makes one per test file: say it once
// here instead (package-lock.json pins SDK versions that support this Node; Lambda runs Node 22).
if (Number(process.versions.node.split('.')[0]) < 22) {
  console.log(`note: AWS SDK for JavaScript releases after the first week of January 2027 need Node 22 or later (this is Node ${process.versions.node}).`);
}

const env = {
  ...process.env,
  NEO4J_URI: neo4j.uri,
  NEO4J_USER: neo4j.user,
  NEO4J_PASSWORD: neo4j.password,
  MOTO_ENDPOINT: moto.endpoint,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const resultsDir = mkdtempSync(join(tmpdir(), 'groupchat-jest-'));
let running;
const forward = (signal) => running?.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);

/** Runs one jest (the repository's, or the mobile client's with its Expo preset); resolves with its exit code and results. */
async function runJest(name, cwd, args, variables = {}) {
  const resultsFile = join(resultsDir, `${name}.json`);
  running = spawn(process.execPath, [join(cwd, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${resultsFile}`, ...args], {
    cwd,
    stdio: 'inherit',
    env: { ...env, ...variables },
  });
  const exitCode = await new Promise((resolve) => running.once('exit', (code) => resolve(code ?? 1)));
  try {
    return { name, exitCode, results: JSON.parse(readFileSync(resultsFile, 'utf8')) };
  } catch {
    console.error(`${name}: jest wrote no results file: it did not finish its run.`);
    return { name, exitCode: exitCode || 1, results: undefined };
  }
}

/**
 * The same server under the other URI scheme: `neo4j://` (routing, as on Aura or a cluster) for `bolt://` (direct),
 * and back. A routing driver works against one server too: it asks it for the routing table, which names itself.
 */
function otherScheme(uri) {
  const [, scheme, rest] = /^(bolt|neo4j)((?:\+s|\+ssc)?:\/\/.*)$/.exec(uri) ?? [];
  if (!scheme) throw new Error(`NEO4J_URI "${uri}" is neither bolt:// nor neo4j://.`);
  return `${scheme === 'bolt' ? 'neo4j' : 'bolt'}${rest}`;
}

// The tests that talk to Neo4j through the store or the handlers: run a second time over the other scheme, so the
// store and runtime are proven under both a direct (bolt://) and a routing (neo4j://) driver.
const BOTH_SCHEMES = ['test/store/', 'test/runtime/api.test.ts', 'test/runtime/websocket.test.ts', 'test/runtime/awareness.test.ts',
  'test/runtime/migrate.test.ts', 'test/runtime/connections-table-access.test.ts', 'test/runtime/neo4j-schemes.test.ts'];

// The repository's suite; then the Neo4j tests again over the other scheme; then the mobile client's
// (examples/mobile-client, its own packages and jest-expo preset), unless the arguments name test files or patterns,
// which are the repository's (`npm test -- test/web/auth.test.ts`). `npm test -- --mobile [args]` runs the mobile
// client's tests alone; `npm test -- --other-scheme [args]` runs the repository's over the other scheme alone.
const args = process.argv.slice(2);
const runs = [];
const otherSchemeRun = (jestArgs) => {
  const uri = otherScheme(neo4j.uri);
  console.log(`npm test: again over ${uri.split(':')[0]}:// (${uri})`);
  return runJest('other-scheme', root, jestArgs, { NEO4J_URI: uri });
};
if (args[0] === '--mobile') {
  runs.push(await runJest('mobile', mobileClientDir, args.slice(1)));
} else if (args[0] === '--other-scheme') {
  runs.push(await otherSchemeRun(args.slice(1)));
} else {
  runs.push(await runJest('repository', root, args));
  if (args.length === 0) {
    runs.push(await otherSchemeRun(BOTH_SCHEMES));
    if (mobileClientInstalled('tests of examples/mobile-client')) runs.push(await runJest('mobile', mobileClientDir, []));
  }
}
await Promise.all([neo4j.stop(), moto.stop()]);
rmSync(resultsDir, { recursive: true, force: true });

const total = (field) => runs.reduce((sum, run) => sum + (run.results?.[field] ?? 0), 0);
const perRun = runs.length > 1 ? ` (${runs.map((run) => `${run.name} ${run.results?.numPassedTests ?? 0}/${run.results?.numTotalTests ?? 0}`).join(', ')})` : '';
console.log(`tests: ${total('numPassedTests')} passed, ${total('numFailedTests')} failed, ${total('numPendingTests') + total('numTodoTests')} skipped${perRun}`);
if (runs.some((run) => run.results && run.results.numTotalTests === 0) || total('numTotalTests') === 0) {
  console.error('No test ran.');
  process.exit(1);
}
process.exit(runs.find((run) => run.exitCode !== 0)?.exitCode ?? 0);
