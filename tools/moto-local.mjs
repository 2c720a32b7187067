// Starts moto's server (PyPI `moto[server]`, installed in .venv by .ci/run) on a free loopback port: the local
// SNS (and SQS) endpoint the runtime's tests publish to through the real AWS SDK clients. MOTO_ENDPOINT, when
// set, names a running one instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const motoServer = join(root, '.venv', 'bin', 'moto_server');
const startTimeoutMs = 60_000;
const MOTO = 'moto[server]==5.2.5';

/** An error whose message is the one line a person needs to fix the setup. */
export class MotoSetupError extends Error {}

async function waitUntilServing(endpoint, child) {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new MotoSetupError(`moto_server exited with code ${child.exitCode} before serving.`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new MotoSetupError(`moto_server did not answer on ${endpoint} within ${startTimeoutMs / 1000} s.`);
}

/** Installs moto's server from PyPI into .venv, once; throws a MotoSetupError that says what is missing. */
async function installMoto() {
  console.log(`moto-local: installing ${MOTO} into .venv (once)…`);
  const steps = [
    ['python3', ['-m', 'venv', join(root, '.venv')]],
    [join(root, '.venv', 'bin', 'pip'), ['install', '--quiet', MOTO]],
  ];
  for (const [command, args] of steps) {
    // Asynchronous, so that Neo4j, starting meanwhile, is not held up.
    const status = await new Promise((resolve) => {
      const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
      child.once('error', () => resolve(null));
      child.once('exit', (code) => resolve(code));
    });
    if (status !== 0) {
      throw new MotoSetupError(
        `\`${[command, ...args].join(' ')}\` failed: install Python 3 with venv (Debian: apt-get install python3-venv), or set MOTO_ENDPOINT to a running moto server.`,
      );
    }
  }
}

/** @returns {Promise<{ endpoint: string, stop(): Promise<void> }>} */
export async function startMoto() {
  if (process.env.MOTO_ENDPOINT) return { endpoint: process.env.MOTO_ENDPOINT, stop: async () => {} };
  if (!existsSync(motoServer)) await installMoto();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(motoServer, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  try {
    await waitUntilServing(endpoint, child);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
