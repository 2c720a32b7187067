// `npm start`: the whole group chat on this machine. Builds what is missing, starts Neo4j (or uses NEO4J_URI),
// then the local runtime, and prints its URL. Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundle-for-node.mjs';
import { Neo4jSetupError, startNeo4j } from './neo4j-local/neo4j-local.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// The AWS SDK warns once per process that its releases after January 2027 need Node 22; package-lock.json pins
// the versions installed here, and Lambda runs Node 22, so the console is better without it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const bundle = join(root, 'dist', 'local', 'runtime.cjs');
const progress = (line) => console.log(`[start] ${line}`);

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
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest(join(root, 'src'))) {
    progress('local runtime is up to date');
    return;
  }
  progress('building the local runtime (esbuild)…');
  const started = Date.now();
  await bundleForNode(join(root, 'src', 'local', 'index.ts'), bundle, { sourcemap: true });
  progress(`built in ${Date.now() - started} ms`);
}

function buildWebClient() {
  const webDir = join(root, 'examples', 'web-client');
  if (existsSync(join(webDir, 'dist', 'index.html'))) return;
  if (!existsSync(join(webDir, 'build.mjs'))) {
    progress('no web client to build (examples/web-client/build.mjs is missing): serving the API only');
    return;
  }
  progress('building the web client…');
  const result = spawnSync(process.execPath, [join(webDir, 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) progress('the web client did not build: serving the API only');
}

let neo4j;
let runtime;
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  progress('stopping…');
  await runtime?.stop().catch((error) => console.error(error));
  await neo4j?.stop().catch((error) => console.error(error));
  progress('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  await buildRuntime();
  buildWebClient();
  progress(process.env.NEO4J_URI ? `using Neo4j at ${process.env.NEO4J_URI}` : 'starting Neo4j (the first start downloads it with Maven)…');
  neo4j = await startNeo4j({ log: progress });
  if (stopping) process.exit(0);
  progress('starting the gateway, DynamoDB (dynalite) and the identity provider…');
  const { startLocalRuntime } = createRequire(import.meta.url)(bundle);
  runtime = await startLocalRuntime({
    port: process.env.PORT === undefined ? 3000 : Number(process.env.PORT),
    neo4jUri: neo4j.uri,
    neo4jUser: neo4j.user,
    neo4jPassword: neo4j.password,
  });
  if (stopping) await shutdown(0);
  console.log(`\nGroup chat running at ${runtime.url}\n  API ${runtime.config.apiUrl}\n  WebSocket ${runtime.config.webSocketUrl}\nPress Ctrl-C to stop.`);
} catch (error) {
  console.error(error instanceof Neo4jSetupError ? error.message : error);
  await shutdown(1);
}
