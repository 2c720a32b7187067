import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { GroupChatClient } from '../../src/client';

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

      const config = (await (await fetch(`${url}/config.json`)).json()) as { apiUrl: string; webSocketUrl: string; auth: { issuer: string } };
      const { id_token } = (await (
        await fetch(`${config.auth.issuer}/token`, { method: 'POST', body: JSON.stringify({ sub: 'start-test', email: 's@example.com', name: 'Start' }) })
      ).json()) as { id_token: string };
      const api = new GroupChatClient({ apiUrl: config.apiUrl, getToken: () => id_token });
      expect(await api.getMe()).toMatchObject({ id: 'start-test', name: 'Start' });

      // A message goes out through the fan-out, which runs on worker threads in the built runtime.
      const group = await api.createGroup({ name: `start ${randomUUID()}` });
      const socket = new WebSocket(`${config.webSocketUrl}?token=${id_token}`);
      const frames: string[] = [];
      socket.on('message', (data) => frames.push(data.toString()));
      await new Promise((resolve) => socket.once('open', resolve));
      const message = await api.postMessage(group.id, { id: randomUUID(), body: 'through the workers' });
      const arrived = Date.now() + 10_000;
      while (!frames.some((frame) => frame.includes(message.id)) && Date.now() < arrived) await new Promise((r) => setTimeout(r, 20));
      expect(frames.map((frame) => JSON.parse(frame))).toContainEqual(expect.objectContaining({ type: 'message.created', seq: message.seq }));
      socket.close();

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).toContain('[start] stopped');
      await expect(fetch(`${url}/config.json`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
