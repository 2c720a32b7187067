import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs startNeo4j() in a fresh Node process whose PATH holds only `node`, so neither java nor mvn is found. */
function startWithoutJava() {
  const bin = mkdtempSync(join(tmpdir(), 'groupchat-nojava-'));
  try {
    symlinkSync(process.execPath, join(bin, 'node'));
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
    delete env.NEO4J_URI;
    const script = "import('./tools/neo4j-local/start.mjs')";
    return spawnSync(join(bin, 'node'), ['-e', script], { env, encoding: 'utf8', timeout: 30_000 });
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

describe('neo4j-local without Java', () => {
  it('fails with one line naming what to install or which variable to set', () => {
    const result = startWithoutJava();
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/needs Java 17 or later.*install openjdk-17-jdk-headless, or set NEO4J_URI/);
  });
});
