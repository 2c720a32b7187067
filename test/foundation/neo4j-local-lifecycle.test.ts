import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Pids of the direct children of `pid`, read from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return condition();
}

function startCli(): Promise<{ cli: ChildProcess; uri: string; log: string }> {
  const env = { ...process.env };
  delete env.NEO4J_URI;
  const cli = spawn(process.execPath, ['tools/neo4j-local/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    cli.stderr!.on('data', (chunk) => (log += chunk));
    cli.stdout!.on('data', (chunk) => {
      const match = /NEO4J_URI=(\S+)/.exec(String(chunk));
      if (match) resolve({ cli, uri: match[1], log });
    });
    cli.once('exit', (code) => reject(new Error(`start.mjs exited with ${code}: ${log}`)));
  });
}

describe('neo4j-local lifecycle', () => {
  jest.setTimeout(180_000);

  it('prints its start-up time, and leaves no Java process when its parent is killed outright', async () => {
    const { cli, uri, log } = await startCli();
    expect(uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(log).toMatch(/Neo4j 5\.26 started in \d+ ms/);
    const [java] = childrenOf(cli.pid!);
    expect(java).toBeDefined();
    // `npm run neo4j` keeps nothing: its data folder is temporary, deleted by Java on the way out.
    const [dataDir, temporary] = readFileSync(`/proc/${java}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(-2);
    expect(temporary).toBe('--temporary');
    expect(existsSync(dataDir!)).toBe(true);

    cli.kill('SIGKILL');
    expect(await waitFor(() => !existsSync(`/proc/${java}`), 30_000)).toBe(true);
    expect(existsSync(dataDir!)).toBe(false);
  });
});
