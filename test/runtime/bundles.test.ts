import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateSigningKey, serveJwks, signJwt } from './support/tokens';

const ROOT = join(__dirname, '..', '..');
const HANDLERS = ['api', 'fanout', 'migrate', 'presence-sweep', 'ws-authorizer', 'ws-connect', 'ws-default', 'ws-disconnect'];

let scratch: string;

/** Builds the handler bundles into a fresh folder inside the repository (so they resolve the AWS SDK as on Lambda). */
function buildInto(name: string): string {
  const outdir = join(scratch, name);
  const result = spawnSync(process.execPath, ['tools/build-handlers.mjs', outdir], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build-handlers failed: ${result.stderr}`);
  return outdir;
}

const digests = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => statSync(join(dir, file)).isFile())
      .sort()
      .map((file) => [file, createHash('sha256').update(readFileSync(join(dir, file))).digest('hex')]),
  );

let first: string;

beforeAll(() => {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  scratch = mkdtempSync(join(ROOT, 'dist', 'bundle-test-'));
  first = buildInto('first');
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the handler bundles (tools/build-handlers.mjs)', () => {
  test('one index.js per handler, each at most 1 MB', () => {
    expect(Object.keys(digests(first))).toEqual(HANDLERS.map((name) => join(name, 'index.js')));
    for (const name of HANDLERS) expect(statSync(join(first, name, 'index.js')).size).toBeLessThanOrEqual(1_000_000);
  });

  test('a bundle holds only the clients its handler uses (what it loads at cold start)', () => {
    const requires = (name: string) =>
      [...readFileSync(join(first, name, 'index.js'), 'utf8').matchAll(/require\("(@aws-sdk\/[\w-]+)"\)/g)].map((match) => match[1]);
    const external = (name: string) => [...new Set(requires(name))].sort();
    expect(external('ws-authorizer')).toEqual([]);
    expect(external('ws-disconnect')).toEqual(['@aws-sdk/client-dynamodb', '@aws-sdk/client-sns']); // presence events
    expect(external('migrate')).toEqual(['@aws-sdk/client-secrets-manager']);
    expect(external('fanout')).toEqual(['@aws-sdk/client-apigatewaymanagementapi', '@aws-sdk/client-dynamodb', '@aws-sdk/client-sns']);
    expect(readFileSync(join(first, 'ws-authorizer', 'index.js'), 'utf8')).not.toContain('neo4j.driver');
  });

  test('the Neo4j bundles hold the lite driver (no reactive API), and migrate holds no validation schemas', () => {
    const text = (name: string) => readFileSync(join(first, name, 'index.js'), 'utf8');
    for (const name of ['api', 'migrate', 'ws-connect', 'ws-default']) expect(text(name)).not.toContain('RxSession');
    expect(text('api')).toContain('ZodError');
    expect(text('migrate')).not.toContain('ZodError');
  });

  test('building twice gives byte-identical output', () => {
    const second = buildInto('second');
    expect(digests(second)).toEqual(digests(first));
  });

  test.each(HANDLERS)('%s loads in a fresh Node process without any configuration and exports handler', async (name) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-e', 'process.stdout.write(typeof require(process.argv[1]).handler)', join(first, name, 'index.js')],
      { cwd: ROOT, env: { PATH: process.env.PATH } },
    );
    expect(stdout).toBe('function');
  });

  test('the ws-authorizer bundle verifies a token against the JWKS the environment names', async () => {
    const key = generateSigningKey('bundle-key');
    const jwks = await serveJwks([key]);
    try {
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: 'bundled', iss: 'http://issuer.test', aud: 'client', token_use: 'id', iat: now, exp: now + 600 };
      const script = `
        require(process.argv[1]).handler({ methodArn: 'arn', queryStringParameters: { token: process.argv[2] } })
          .then((result) => process.stdout.write(JSON.stringify(result.context)), (error) => process.stdout.write('refused: ' + error.message));`;
      const run = (token: string) =>
        promisify(execFile)(process.execPath, ['-e', script, join(first, 'ws-authorizer', 'index.js'), token], {
          cwd: ROOT,
          // LOG_LEVEL=warn keeps the refusal's info line out of stdout.
          env: { PATH: process.env.PATH, AUTH_ISSUER: 'http://issuer.test', AUTH_CLIENT_ID: 'client', AUTH_JWKS_URI: jwks.uri, LOG_LEVEL: 'warn' },
        });
      expect(JSON.parse((await run(signJwt(claims, key))).stdout)).toEqual({ userId: 'bundled', email: '', name: '', picture: '' });
      expect((await run(signJwt({ ...claims, aud: 'other' }, key))).stdout).toBe('refused: Unauthorized');
    } finally {
      await jwks.stop();
    }
  });
});
