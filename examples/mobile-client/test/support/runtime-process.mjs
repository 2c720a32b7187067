// The local runtime for the app's tests, in a process of its own (outside jest's React Native environment): bundles
// the repository's src/local with esbuild, starts it on the Neo4j that `npm test` started (NEO4J_URI), prints its
// config.json on one line and runs until its standard input closes.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const { bundleForNode } = await import(join(repo, 'tools', 'bundle-for-node.mjs'));
// Written under the repository's dist/, so that its packages (left outside the bundle) come from its node_modules.
const bundle = join(repo, 'dist', 'mobile-client-tests', 'runtime.cjs');
await bundleForNode(join(repo, 'src', 'local', 'index.ts'), bundle);
const { startLocalRuntime } = createRequire(import.meta.url)(bundle);
const runtime = await startLocalRuntime({ neo4jUri: process.env.NEO4J_URI });
process.stdout.write(`${JSON.stringify({ url: runtime.url, config: runtime.config })}\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await runtime.stop();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
