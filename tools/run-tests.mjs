// `npm test`: starts the services the tests need once, runs jest, stops the services, prints one summary line.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const resultsDir = mkdtempSync(join(tmpdir(), 'groupchat-jest-'));
const resultsFile = join(resultsDir, 'results.json');
const jest = spawn(
  process.execPath,
  ['node_modules/jest/bin/jest.js', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      MOTO_ENDPOINT: moto.endpoint,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
);
const forward = (signal) => jest.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
const exitCode = await new Promise((resolve) => jest.once('exit', (code) => resolve(code ?? 1)));
await Promise.all([neo4j.stop(), moto.stop()]);

try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const skipped = results.numPendingTests + results.numTodoTests;
  console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
  if (results.numTotalTests === 0) {
    console.error('No test ran.');
    process.exit(1);
  }
} catch {
  console.error('jest wrote no results file: it did not finish its run.');
  process.exit(exitCode || 1);
} finally {
  rmSync(resultsDir, { recursive: true, force: true });
}
process.exit(exitCode);
