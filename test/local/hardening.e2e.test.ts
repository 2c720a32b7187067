import { randomUUID } from 'node:crypto';
import type { LocalRuntime } from '../../src/local';
import { startRuntime, tokenFor } from './harness';

/** Defects found by an adversarial run against the local runtime, each reproduced over HTTP. */
describe('the REST API refuses what it must not take', () => {
  let runtime: LocalRuntime;
  let token: string;
  const sub = `hardening-${randomUUID()}`;
  const profile = { sub, email: `${sub}@example.com`, name: 'Hard Ening' };

  /** The fields these tests read from an answer (whichever the route gives). */
  type Answer = { error: { code: string; message: string }; id: string; body: string; items: { body: string }[] };
  const call = async (method: string, path: string, init: { token?: string; body?: string; contentType?: string } = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${init.token ?? token}` };
    if (init.contentType) headers['content-type'] = init.contentType;
    const response = await fetch(`${runtime.config.apiUrl}${path}`, { method, headers, body: init.body });
    return { status: response.status, body: (await response.json()) as Answer };
  };

  beforeAll(async () => {
    runtime = await startRuntime();
    token = await tokenFor(runtime, profile);
  });
  afterAll(() => runtime?.stop());

  it('refuses an access token with 401 and keeps the profile it would have blanked', async () => {
    expect((await call('GET', '/me')).body).toMatchObject({ email: profile.email, name: profile.name });
    // What Cognito issues as an access token: client_id instead of aud, no profile claims. The gateway's JWT
    // authorizer lets it through (as API Gateway's does); the handler must not.
    const access = runtime.identityProvider.idToken(profile, {
      token_use: 'access', client_id: runtime.config.auth.clientId, aud: undefined, email: undefined, name: undefined, picture: undefined,
    });
    const refused = await call('GET', '/me', { token: access });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toEqual({ code: 'unauthorized', message: expect.stringContaining('ID token') });
    expect((await call('GET', '/me')).body).toMatchObject({ email: profile.email, name: profile.name });
  });

  it('keeps the stored profile fields an ID token does not carry', async () => {
    const bare = runtime.identityProvider.idToken(profile, { email: undefined, name: undefined, picture: undefined });
    const me = await call('GET', '/me', { token: bare });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: profile.email, name: profile.name, picture: expect.any(String) });
  });

  it('answers 415 to a body that is not sent as JSON', async () => {
    const body = JSON.stringify({ name: 'plain text' });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const answer = await call('POST', '/groups', { body, contentType });
      expect(answer).toEqual({ status: 415, body: { error: { code: 'unsupported_media_type', message: expect.stringContaining('application/json') } } });
    }
    expect((await call('POST', '/groups', { body, contentType: 'application/json; charset=utf-8' })).status).toBe(201);
  });

  it('answers 400 to JSON nested deeper than the limit, up to the size limit (20,000 lists in 40 KB)', async () => {
    for (const depth of [33, 1000, 20_000, 32_000]) {
      const body = '['.repeat(depth) + ']'.repeat(depth);
      const answer = await call('POST', '/groups', { body, contentType: 'application/json' });
      expect(answer).toEqual({ status: 400, body: { error: { code: 'bad_request', message: expect.stringContaining(`${depth} deep`) } } });
    }
    const inObject = `{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    expect((await call('POST', '/groups', { body: inObject, contentType: 'application/json' })).status).toBe(400);
    // Brackets inside a string are text, not nesting.
    const named = await call('POST', '/groups', { body: JSON.stringify({ name: `[[[{{{"\\${'['.repeat(80)}` }), contentType: 'application/json' });
    expect(named.status).toBe(201);
  });

  describe('text is stored exactly as sent, or refused naming the field', () => {
    let groupId: string;
    const json = 'application/json';
    const post = (message: { id: string; body: string }) =>
      call('POST', `/groups/${groupId}/messages`, { body: JSON.stringify(message), contentType: json });
    const create = (body: unknown) => call('POST', '/groups', { body: JSON.stringify(body), contentType: json });

    beforeAll(async () => {
      groupId = (await create({ name: 'Text rules' })).body.id;
    });

    it('refuses a lone surrogate, NUL and other control characters in a message with 400, the retry too, storing nothing', async () => {
      const refused: [string, RegExp][] = [
        ['cut emoji \uD83D', /body\.body: .*lone surrogate/],
        ['\uDE00 trailing half', /body\.body: .*lone surrogate/],
        ['nul \u0000 inside', /body\.body: .*control characters/],
        ['carriage\r\nreturn', /body\.body: .*control characters/],
        ['escape \u001b[31m', /body\.body: .*control characters/],
        ['c1 \u0085 control', /body\.body: .*control characters/],
      ];
      for (const [body, message] of refused) {
        const id = randomUUID();
        for (let attempt = 0; attempt < 2; attempt++) {
          expect(await post({ id, body })).toEqual({ status: 400, body: { error: { code: 'bad_request', message: expect.stringMatching(message) } } });
        }
      }
      expect((await call('GET', `/groups/${groupId}/messages`)).body.items).toEqual([]);
    });

    it('takes well-formed text of every kind, answers the retry of the same id and body 200, and stores it unchanged', async () => {
      const bodies = [
        'emoji \uD83D\uDE00 and family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67',
        'e\u0301 (decomposed) and \u00e9 (composed)',
        'lines\nand\ttabs',
        '\uFEFFbyte order mark, \u2028 line separator, \uFFFD replacement, \uD800\uDC00 first astral',
      ];
      for (const body of bodies) {
        const id = randomUUID();
        const first = await post({ id, body });
        expect(first.status).toBe(201);
        expect(first.body.body).toBe(body);
        expect(await post({ id, body })).toEqual({ status: 200, body: first.body });
      }
      const page = await call('GET', `/groups/${groupId}/messages`);
      expect(page.body.items.map((message) => message.body)).toEqual(bodies);
    });

    it('applies the same rule to group names (one line) and descriptions (several)', async () => {
      expect((await create({ name: 'half \uD83D' })).body.error.message).toMatch(/body\.name: .*lone surrogate/);
      expect((await create({ name: 'nul\u0000' })).body.error.message).toMatch(/body\.name: .*control characters/);
      expect((await create({ name: 'two\nlines' })).body.error.message).toMatch(/body\.name: .*line break/);
      expect((await create({ name: 'ok', description: 'bad \uDC00' })).body.error.message).toMatch(/body\.description: .*lone surrogate/);
      const made = await create({ name: 'Caf\u00e9 \uD83D\uDE00', description: 'two\nlines' });
      expect(made.status).toBe(201);
      expect((await call('GET', `/groups/${made.body.id}`)).body).toMatchObject({ name: 'Caf\u00e9 \uD83D\uDE00', description: 'two\nlines' });
    });
  });
});
