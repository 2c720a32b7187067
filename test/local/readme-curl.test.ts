import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRuntime } from '../../src/local';
import { PRESET_USERS } from '../../src/local/identity-provider';
import { startRuntime } from './harness';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe("the README's curl session", () => {
  let runtime: LocalRuntime;
  beforeAll(async () => (runtime = await startRuntime()));
  afterAll(() => runtime.stop());

  it('runs as written against a started runtime: token, group, message with its id, page', async () => {
    const script = /```sh\n(BASE=[\s\S]*?\/_local\/auth\/token[\s\S]*?)```/.exec(readme)?.[1];
    expect(script).toBeDefined();
    // Asynchronously: the runtime answering the script runs in this process.
    const result = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script!], { env: { ...process.env, BASE: runtime.url }, timeout: 60_000 });
    expect(result.stderr).toBe('');
    const [posted, page] = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(posted).toMatchObject({ body: 'Hello from curl', authorId: 'ff8d9819-fc0e-52bf-ad24-892e45987e24' });
    expect(page.items).toEqual([expect.objectContaining({ id: posted.id, body: 'Hello from curl' })]);
  });

  it('lists the ids the sign-in page gives its offered people', () => {
    for (const user of PRESET_USERS) expect(readme).toContain(`| ${user.name} | \`${user.email}\` | \`${user.sub}\` |`);
  });
});
