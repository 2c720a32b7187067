import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { GroupChatClient } from '../../src/client';

const root = join(__dirname, '..', '..');

/** `npm start` as a person runs it, on its own data folder; `env` values of undefined are removed. */
class StartScript {
  readonly child: ChildProcess;
  output = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string | undefined>, args: string[] = []) {
    const merged: NodeJS.ProcessEnv = { ...process.env, PORT: '0', ...env };
    for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
    this.child = spawn(merged.NODE ?? process.execPath, [join(root, 'tools', 'start.mjs'), ...args], { cwd: root, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => {
      this.output += chunk;
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** The URL, once it is printed. */
  async url(): Promise<string> {
    const deadline = Date.now() + 150_000;
    while (!/running at (http:\/\/\S+)/.test(this.output)) {
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`npm start did not come up:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return /running at (http:\/\/\S+)/.exec(this.output)![1]!;
  }

  async stop(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

interface Config {
  apiUrl: string;
  webSocketUrl: string;
  auth: { issuer: string; jwksUri: string };
}

async function signIn(url: string, sub: string): Promise<{ config: Config; token: string; api: GroupChatClient }> {
  const config = (await (await fetch(`${url}/config.json`)).json()) as Config;
  const { id_token: token } = (await (
    await fetch(`${config.auth.issuer}/token`, { method: 'POST', body: JSON.stringify({ sub, email: `${sub}@example.com`, name: sub }) })
  ).json()) as { id_token: string };
  return { config, token, api: new GroupChatClient({ apiUrl: config.apiUrl, getToken: () => token }) };
}

describe('npm start (tools/start.mjs)', () => {
  let dataDir: string;
  const scripts: StartScript[] = [];
  const start = (env: Record<string, string | undefined> = {}, args: string[] = []) => {
    const script = new StartScript({ GROUPCHAT_DATA_DIR: dataDir, ...env }, args);
    scripts.push(script);
    return script;
  };
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'groupchat-start-'))));
  afterEach(() => {
    scripts.splice(0).forEach((script) => script.kill());
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots with progress lines, prints the URL, serves the chat, and stops cleanly on Ctrl-C', async () => {
    const script = start();
    const url = await script.url();
    expect(script.output).toMatch(/\[start\] local runtime: (building with esbuild: done in [\d.]+ s|up to date)/);
    expect(script.output).toMatch(/\[start\] gateway: listening at http:/);
    expect(script.output).toMatch(/\[start\] using Neo4j at bolt:/);
    expect(script.output).toMatch(/\[start\] services: .*: done in [\d.]+ s/);

    const { config, token, api } = await signIn(url, 'start-test');
    expect(await api.getMe()).toMatchObject({ id: 'start-test', name: 'start-test' });

    // A message goes out through the fan-out, which runs on worker threads in the built runtime.
    const group = await api.createGroup({ name: `start ${randomUUID()}` });
    const socket = new WebSocket(`${config.webSocketUrl}?token=${token}`);
    const frames: string[] = [];
    socket.on('message', (data) => frames.push(data.toString()));
    await new Promise((resolve) => socket.once('open', resolve));
    const message = await api.postMessage(group.id, { id: randomUUID(), body: 'through the workers' });
    const arrived = Date.now() + 10_000;
    while (!frames.some((frame) => frame.includes(message.id)) && Date.now() < arrived) await new Promise((r) => setTimeout(r, 20));
    expect(frames.map((frame) => JSON.parse(frame))).toContainEqual(expect.objectContaining({ type: 'message.created', seq: message.seq }));
    socket.close();

    expect(await script.stop()).toBe(0);
    expect(script.output).toContain('[start] stopped');
    await expect(fetch(`${url}/config.json`)).rejects.toThrow();
  }, 180_000);

  it('keeps groups, messages and sessions in its data folder across a restart; --reset deletes them after saying so', async () => {
    const ownNeo4j = { NEO4J_URI: undefined, NEO4J_USER: undefined, NEO4J_PASSWORD: undefined };
    const first = start(ownNeo4j);
    const url = await first.url();
    expect(first.output).toMatch(/\[start\] Neo4j: starting…/);
    expect(first.output).toMatch(/\[start\] Neo4j: starting: done in [\d.]+ s/);
    expect(first.output).not.toMatch(/downloading/);
    const { token, api } = await signIn(url, 'kept-user');
    const group = await api.createGroup({ name: 'kept' });
    const message = await api.postMessage(group.id, { id: randomUUID(), body: 'still here after a restart' });
    expect(await first.stop()).toBe(0);

    const second = start({ ...ownNeo4j, PORT: new URL(url).port });
    await second.url();
    expect(second.output).toContain(`data folder: ${dataDir} (kept from the last start`);
    const again = new GroupChatClient({ apiUrl: `${url}/api`, getToken: () => token });
    expect((await again.listMessages(group.id)).items).toEqual([expect.objectContaining({ id: message.id, body: message.body })]);
    expect(await second.stop()).toBe(0);

    const reset = start({ PORT: new URL(url).port }, ['--reset']);
    await reset.url();
    expect(reset.output).toContain(`--reset: deleting ${dataDir}: the Neo4j store`);
    expect(existsSync(join(dataDir, 'neo4j'))).toBe(false);
    await expect(again.getMe()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await reset.stop()).toBe(0);
  }, 400_000);

  describe('fails with one line and exit code 1', () => {
    const oneLine = async (script: StartScript) => {
      expect(await script.exited).toBe(1);
      const lines = script.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      return lines[0];
    };

    it('when the port is in use', async () => {
      const taken: Server = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      try {
        const port = (taken.address() as { port: number }).port;
        expect(await oneLine(start({ PORT: String(port) }))).toMatch(new RegExp(`^Port ${port} on 127.0.0.1 is in use.*PORT=8080 npm start`));
      } finally {
        taken.close();
      }
    });

    it('when Java is missing', async () => {
      const bin = join(dataDir, 'bin');
      mkdirSync(bin);
      symlinkSync(process.execPath, join(bin, 'node'));
      const script = start({ PATH: bin, NEO4J_URI: undefined, NODE: join(bin, 'node') });
      expect(await oneLine(script)).toMatch(/needs Java 17 or later.*install openjdk-17-jdk-headless, or set NEO4J_URI/);
    });

    it('when Maven has to download Neo4j but cannot reach Maven Central', async () => {
      // An empty Maven home whose only repository is a port where nothing listens: a machine offline on its first start.
      const home = join(dataDir, 'home');
      mkdirSync(join(home, '.m2'), { recursive: true });
      writeFileSync(
        join(home, '.m2', 'settings.xml'),
        '<settings><mirrors><mirror><id>nowhere</id><mirrorOf>*</mirrorOf><url>http://127.0.0.1:9/</url></mirror></mirrors></settings>',
      );
      const script = start({ NEO4J_URI: undefined, MAVEN_OPTS: `-Duser.home=${home}` });
      expect(await oneLine(script)).toMatch(/^neo4j-local: Maven could not download Neo4j .*connect once, or set NEO4J_URI/);
      expect(script.output).toMatch(/\[start\] Neo4j: starting: downloading Neo4j's jars with Maven/);
    }, 120_000);
  });
});
