// Whether examples/mobile-client's own packages (npm ci --prefix examples/mobile-client) are installed. The mobile
// client's type check and tests need them: CI installs them and fails without them; elsewhere a missing install is
// said loudly and those checks are skipped, so that work on the rest of the repository needs no Expo packages.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const mobileClientDir = join(dirname(dirname(fileURLToPath(import.meta.url))), 'examples', 'mobile-client');

/** True when installed; otherwise prints what to run and returns false (or exits 1 under CI). */
export function mobileClientInstalled(what) {
  if (existsSync(join(mobileClientDir, 'node_modules', 'jest-expo'))) return true;
  const message = `${what}: the mobile client's packages are not installed; run \`npm ci --prefix examples/mobile-client\``;
  if (process.env.CI) {
    console.error(`${message} (CI requires them).`);
    process.exit(1);
  }
  console.warn(`WARNING: ${message} to include it. Skipped.`);
  return false;
}
