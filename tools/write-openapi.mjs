// `npm run openapi`: writes openapi.json from the contract's route schemas (src/contract/openapi.ts).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { bundleForNode } from './bundle-for-node.mjs';

const outfile = resolve('dist', 'tools', 'openapi.cjs');
await bundleForNode(resolve('src/contract/openapi.ts'), outfile);
const { renderOpenApiDocument } = createRequire(import.meta.url)(outfile);
writeFileSync('openapi.json', renderOpenApiDocument());
console.log('openapi: wrote openapi.json');
