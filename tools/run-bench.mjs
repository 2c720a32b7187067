// Runs a TypeScript benchmark: bundles it with esbuild to dist/bench/ (dependencies stay in node_modules), starts Neo4j
// unless NEO4J_URI is set, runs the bundle in a child Node process, and stops Neo4j afterwards.
// Usage: node tools/run-bench.mjs bench/<name>.ts [args...]
import { spawn } from 'node:child_process';
import { basename, resolve } from 'node:path';
import { bundleForNode } from './bundle-for-node.mjs';
import { Neo4jSetupError, startNeo4j } from './neo4j-local/neo4j-local.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node tools/run-bench.mjs bench/<name>.ts [args...]');
  process.exit(2);
}
const outfile = resolve('dist', 'bench', `${basename(entry, '.ts')}.cjs`);
await bundleForNode(resolve(entry), outfile, { sourcemap: 'inline' });

let neo4j;
try {
  neo4j = await startNeo4j();
} catch (error) {
  console.error(error instanceof Neo4jSetupError ? error.message : error);
  process.exit(1);
}
const child = spawn(process.execPath, ['--enable-source-maps', outfile, ...args], {
  stdio: 'inherit',
  env: { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password },
});
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
const code = await new Promise((resolveExit) => child.once('exit', (exitCode) => resolveExit(exitCode ?? 1)));
await neo4j.stop();
process.exit(code);
