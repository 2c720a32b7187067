import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { GroupChatClient } from '../../src/client';
import { DataFolderError, LocalRuntime } from '../../src/local';
import { SCHEMA_VERSION } from '../../src/runtime/store/schema';
import { startRuntime, tokenFor } from './harness';

describe('the local data folder', () => {
  let dataDir: string;
  const running: LocalRuntime[] = [];
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'groupchat-data-'))));
  afterEach(async () => {
    await Promise.all(running.splice(0).map((runtime) => runtime.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async (port = 0) => {
    const runtime = await startRuntime({ dataDir, port });
    running.push(runtime);
    return runtime;
  };

  it('keeps the signing key: tokens signed before a restart are still accepted after it', async () => {
    const first = await start();
    const token = await tokenFor(first, { sub: 'kept-key', email: 'kept@example.com', name: 'Kept' });
    const jwks = await (await fetch(first.config.auth.jwksUri)).json();
    const { port } = new URL(first.url);
    await first.stop();
    running.length = 0;
    expect(statSync(join(dataDir, 'signing-key.pem')).mode & 0o777).toBe(0o600);

    const second = await start(Number(port));
    expect(await (await fetch(second.config.auth.jwksUri)).json()).toEqual(jwks);
    const api = new GroupChatClient({ apiUrl: second.config.apiUrl, getToken: () => token });
    expect(await api.getMe()).toMatchObject({ id: 'kept-key' });
  });

  it('keeps refresh tokens valid across a restart', async () => {
    const first = await start();
    const refreshToken = await codeFlowRefreshToken(first);
    const { port } = new URL(first.url);
    await first.stop();
    running.length = 0;

    const second = await start(Number(port));
    const response = await fetch(second.config.auth.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: second.config.auth.clientId, refresh_token: refreshToken }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id_token: expect.any(String) });
  });

  it('migrates a store of an older schema with the deploy migration, and records the version', async () => {
    const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? 'neo4j'));
    try {
      // A store from before `group_discoverable` existed (dropping an index leaves every query correct).
      await driver.executeQuery('DROP INDEX group_discoverable IF EXISTS');
      writeFileSync(join(dataDir, 'schema.json'), '{"schemaVersion": 0}\n');

      const runtime = await start();
      expect(runtime.schemaVersions).toEqual({ recorded: 0, current: SCHEMA_VERSION });
      expect(JSON.parse(readFileSync(join(dataDir, 'schema.json'), 'utf8'))).toEqual({ schemaVersion: SCHEMA_VERSION });
      const { records } = await driver.executeQuery("SHOW INDEXES YIELD name WHERE name = 'group_discoverable' RETURN name");
      expect(records).toHaveLength(1);
    } finally {
      await driver.close();
    }
  });

  it('refuses a folder a newer release migrated, saying what to do', async () => {
    writeFileSync(join(dataDir, 'schema.json'), `{"schemaVersion": ${SCHEMA_VERSION + 1}}\n`);
    const starting = startRuntime({ dataDir });
    await expect(starting).rejects.toBeInstanceOf(DataFolderError);
    await expect(starting).rejects.toThrow(/newer than this release's .*--reset/);
    expect(existsSync(join(dataDir, 'signing-key.pem'))).toBe(false);
  });
});

/** Signs in through the authorization-code flow with PKCE, as the web client does; returns the refresh token. */
async function codeFlowRefreshToken(runtime: LocalRuntime): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = 'http://127.0.0.1/callback';
  const form = new URLSearchParams({
    response_type: 'code',
    client_id: runtime.config.auth.clientId,
    redirect_uri: redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    pick: 'alice@example.com',
  });
  const signIn = await fetch(runtime.config.auth.authorizeUrl, { method: 'POST', body: form, redirect: 'manual' });
  const code = new URL(signIn.headers.get('location')!).searchParams.get('code')!;
  const exchange = await fetch(runtime.config.auth.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: runtime.config.auth.clientId, code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  return ((await exchange.json()) as { refresh_token: string }).refresh_token;
}
