import { build } from 'esbuild';

/**
 * Bundles a TypeScript entry point into one CommonJS file that Node 20 runs directly; packages stay in
 * node_modules. `options` adds esbuild options (a source map, say).
 */
export async function bundleForNode(entryPoint, outfile, options = {}) {
  await build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
    ...options,
  });
}
