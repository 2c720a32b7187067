import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** `npm start` as a person runs it: progress lines, the URL, then Ctrl-C. */
describe('npm start (tools/start.mjs)', () => {
  it('boots with progress lines, prints the URL, serves the chat, and stops cleanly on Ctrl-C', async () => {
    const root = join(__dirname, '..', '..');
    const child = spawn(process.execPath, [join(root, 'tools', 'start.mjs')], {
      cwd: root,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      while (!/running at (http:\/\/\S+)/.test(output)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const url = /running at (http:\/\/\S+)/.exec(output)![1]!;
      expect(output).toMatch(/\[start\] (building the local runtime|local runtime is up to date)/);
      expect(output).toMatch(/\[start\] using Neo4j at bolt:/);

      const config = (await (await fetch(`${url}/config.json`)).json()) as { apiUrl: string; auth: { issuer: string } };
      const { id_token } = (await (
        await fetch(`${config.auth.issuer}/token`, { method: 'POST', body: JSON.stringify({ sub: 'start-test', email: 's@example.com', name: 'Start' }) })
      ).json()) as { id_token: string };
      const me = await fetch(`${config.apiUrl}/me`, { headers: { authorization: `Bearer ${id_token}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ id: 'start-test', name: 'Start' });

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).toContain('[start] stopped');
      await expect(fetch(`${url}/config.json`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
