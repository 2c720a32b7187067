// `npm start`: the whole group chat on this machine. Builds what is missing, opens the gateway (503 until ready),
// starts Neo4j on the data folder (or uses NEO4J_URI) while the web client builds, then the local runtime, and
// prints its URL. Ctrl-C stops everything. `npm start -- --reset` deletes the data folder first.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundle-for-node.mjs';
import { Neo4jSetupError, startNeo4j } from './neo4j-local/neo4j-local.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// The AWS SDK warns once per process that its releases after January 2027 need Node 22; package-lock.json pins
// the versions installed here, and Lambda runs Node 22, so the console is better without it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const bundle = join(root, 'dist', 'local', 'runtime.cjs');
const dataDir = resolve(process.env.GROUPCHAT_DATA_DIR ?? join(root, '.groupchat'));
const TICK_MS = 5_000;
const progress = (line) => console.log(`[start] ${line}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Runs one phase of the start: a line when it starts, one every few seconds while it runs, one when it ends. */
async function phase(name, work) {
  const started = Date.now();
  progress(`${name}…`);
  const ticker = setInterval(() => progress(`${name}: ${Math.round((Date.now() - started) / 1000)} s so far…`), TICK_MS);
  try {
    const result = await work((line) => progress(`${name}: ${line}`));
    progress(`${name}: done in ${seconds(Date.now() - started)}`);
    return result;
  } finally {
    clearInterval(ticker);
  }
}

/** Newest modification time of the files under `dir`. */
function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

async function buildRuntime() {
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest(join(root, 'src'))) return progress('local runtime: up to date');
  await phase('local runtime: building with esbuild', () => bundleForNode(join(root, 'src', 'local', 'index.ts'), bundle, { sourcemap: true }));
}

async function buildWebClient() {
  const webDir = join(root, 'examples', 'web-client');
  if (existsSync(join(webDir, 'dist', 'index.html'))) return progress('web client: built already');
  if (!existsSync(join(webDir, 'build.mjs'))) {
    return progress('web client: nothing to build (examples/web-client/build.mjs is missing): serving the API only');
  }
  await phase('web client: building', async () => {
    const child = spawn(process.execPath, [join(webDir, 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const code = await new Promise((done) => child.once('close', done));
    if (code !== 0) progress('web client: did not build: serving the API only');
  });
}

/** `--reset`: deletes the data folder after saying what goes, and only when it holds nothing but local data. */
function reset(layout) {
  if (!existsSync(dataDir)) return progress(`--reset: ${dataDir} does not exist, nothing to delete`);
  const known = new Set([layout.neo4j, layout.signingKey, layout.schema].map((path) => path.slice(dataDir.length + 1)));
  const unknown = readdirSync(dataDir).filter((entry) => !known.has(entry));
  if (unknown.length > 0) {
    throw new SetupError(`--reset: ${dataDir} holds more than local chat data (${unknown.join(', ')}): delete it yourself if you mean it.`);
  }
  progress(`--reset: deleting ${dataDir}: the Neo4j store (every group, member, message and user), the identity provider's signing key (every token signed so far) and the schema record`);
  rmSync(dataDir, { recursive: true, force: true });
}

/** A problem the person running `npm start` fixes: printed as one line. */
class SetupError extends Error {}

let local;
let gateway;
let neo4j;
let runtime;
let stopping = false;
async function shutdown(code, quietly = false) {
  if (stopping) return;
  stopping = true;
  if (!quietly) progress('stopping…');
  await runtime?.stop().catch((error) => console.error(error));
  if (!runtime) await gateway?.close().catch(() => undefined);
  await neo4j?.stop().catch((error) => console.error(error));
  if (!quietly) progress('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const booted = Date.now();
try {
  await buildRuntime();
  local = createRequire(import.meta.url)(bundle);
  const layout = local.dataFolderLayout(dataDir);
  if (process.argv.includes('--reset')) reset(layout);
  gateway = await local.LocalGateway.open({ port: process.env.PORT === undefined ? 3000 : Number(process.env.PORT) });
  progress(`gateway: listening at ${gateway.url} (it answers 503 until the chat is ready)`);
  progress(`data folder: ${dataDir} (${existsSync(layout.neo4j) ? 'kept from the last start' : 'new'}; npm start -- --reset deletes it)`);

  const neo4jPhase = process.env.NEO4J_URI
    ? startNeo4j({ log: () => progress(`using Neo4j at ${process.env.NEO4J_URI}`) })
    : phase('Neo4j: starting', (log) => startNeo4j({ log, dataDir: layout.neo4j, saveClassArchive: true }));
  [neo4j] = await Promise.all([neo4jPhase, buildWebClient()]);
  if (stopping) await new Promise(() => {});

  runtime = await phase('services: starting DynamoDB (dynalite), the identity provider and the schema migration', () =>
    local.startLocalRuntime({ gateway, dataDir, neo4jUri: neo4j.uri, neo4jUser: neo4j.user, neo4jPassword: neo4j.password }),
  );
  const { recorded, current } = runtime.schemaVersions;
  if (recorded !== current) progress(`data folder: migrated from schema version ${recorded} to ${current}`);
  if (stopping) await new Promise(() => {});
  console.log(
    `\nGroup chat running at ${runtime.url} (ready in ${seconds(Date.now() - booted)})\n  API ${runtime.config.apiUrl}\n` +
      `  WebSocket ${runtime.config.webSocketUrl}\nPress Ctrl-C to stop.`,
  );
} catch (error) {
  const oneLine = [Neo4jSetupError, SetupError, local?.PortInUseError, local?.DataFolderError].some((type) => type && error instanceof type);
  console.error(oneLine ? error.message : error);
  await shutdown(1, oneLine);
}
