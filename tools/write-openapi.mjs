// `npm run openapi`: writes openapi.json from the contract's route schemas (src/contract/openapi.ts).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const outfile = resolve('dist', 'tools', 'openapi.cjs');
await build({
  entryPoints: [resolve('src/contract/openapi.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
const { renderOpenApiDocument } = createRequire(import.meta.url)(outfile);
writeFileSync('openapi.json', renderOpenApiDocument());
console.log('openapi: wrote openapi.json');
