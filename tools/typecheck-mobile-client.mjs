// `npm run lint`'s type check of the mobile client (examples/mobile-client/tsconfig.json), with its own packages.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { mobileClientDir, mobileClientInstalled } from './mobile-client-installed.mjs';

if (mobileClientInstalled('type check of examples/mobile-client')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(mobileClientDir, 'tsconfig.json')], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
