// Bundles each Lambda handler into dist/handlers/<name>/index.js: one minified CommonJS file for Node.js 22,
// so the components deploy a file and never import runtime code. Every dependency is inside except the
// AWS SDK v3, which the Node.js 22 Lambda runtime provides (bundling it would double the size).
// The runtime imports `neo4j-driver`; the bundles get `neo4j-driver-lite`, the same driver (same core and
// Bolt packages, pinned to one version in package.json) without the reactive API and RxJS (160 KB and a
// third of the cold import). The output depends only on the sources: building twice gives the same bytes.
import { build } from 'esbuild';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `node tools/build-handlers.mjs [outdir]`: dist/handlers unless another folder is named (the determinism test).
const outDir = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist/handlers');
const handlersDir = join(root, 'src/runtime/handlers');

/** The bundles, one per handler module of src/runtime/handlers (the names the components deploy). */
export const HANDLERS = ['api', 'migrate', 'ws-authorizer', 'ws-connect', 'ws-disconnect', 'ws-default', 'fanout', 'presence-sweep'];

const missing = HANDLERS.filter((name) => !readdirSync(handlersDir).includes(`${name}.ts`));
if (missing.length > 0) throw new Error(`No handler module for ${missing.join(', ')} in src/runtime/handlers.`);

const started = Date.now();
for (const name of HANDLERS) {
  const outfile = join(outDir, name, 'index.js');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(handlersDir, `${name}.ts`)],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['@aws-sdk/*'],
    alias: { 'neo4j-driver': 'neo4j-driver-lite' },
    legalComments: 'none',
    charset: 'utf8',
    sourcemap: false,
    absWorkingDir: root,
    logLevel: 'warning',
  });
}
console.log(`build-handlers: ${HANDLERS.length} bundles in ${outDir} (${Date.now() - started} ms)`);
