import { JwtVerifier } from 'aws-jwt-verify';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AUTH_BASE_PATH, DevIdentityProvider, subjectFor } from '../../src/local/identity-provider';
import { HttpJwtAuthorizer } from '../../src/local/jwt-authorizer';

const CLIENT_ID = 'test-client';
const REDIRECT = 'http://localhost:5173/callback';

describe('the dev identity provider', () => {
  let server: Server;
  let idp: DevIdentityProvider;
  let origin: string;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    idp = new DevIdentityProvider({ issuer: `${origin}${AUTH_BASE_PATH}`, clientId: CLIENT_ID });
    server.on('request', (request, response) => {
      const url = new URL(request.url!, origin);
      void idp.handle(request, response, url.pathname.slice(AUTH_BASE_PATH.length), url.searchParams);
    });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // aws-jwt-verify fetches JWKS over https only: read the local one over http and hand it over.
  const verifier = () => {
    const instance = JwtVerifier.create({ issuer: idp.issuer, audience: CLIENT_ID });
    return {
      verify: async (token: string) => {
        instance.cacheJwks((await (await fetch(idp.jwksUri)).json()) as Parameters<typeof instance.cacheJwks>[0]);
        return instance.verify(token);
      },
    };
  };

  function authorizeParams(challenge: string, extra: Record<string, string> = {}) {
    return new URLSearchParams({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'xyz',
      scope: 'openid email profile',
      ...extra,
    });
  }

  /** Goes through the sign-in page as a person typing a new user; returns the code from the redirect. */
  async function signIn(challenge: string, who: Record<string, string>) {
    const page = await fetch(`${idp.endpoints().authorizeUrl}?${authorizeParams(challenge)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Alice Example');
    const form = authorizeParams(challenge, who);
    const answer = await fetch(`${idp.endpoints().authorizeUrl}`, { method: 'POST', body: form, redirect: 'manual' });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('xyz');
    return location.searchParams.get('code')!;
  }

  const exchange = (code: string, verifier: string) =>
    fetch(idp.endpoints().tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: REDIRECT, code_verifier: verifier }),
    });

  it('runs the authorization code flow with PKCE and issues an RS256 ID token that verifies against its JWKS', async () => {
    const codeVerifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
    const code = await signIn(challenge, { name: 'Dana Typed', email: 'dana@example.com', pick: '' });
    const response = await exchange(code, codeVerifier);
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as { id_token: string; access_token: string; refresh_token: string };
    const claims = await verifier().verify(tokens.id_token);
    expect(claims).toMatchObject({
      sub: subjectFor('dana@example.com'),
      email: 'dana@example.com',
      name: 'Dana Typed',
      aud: CLIENT_ID,
      iss: idp.issuer,
      token_use: 'id',
    });
    expect(typeof claims.picture).toBe('string');
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);

    // The code is single use.
    expect((await exchange(code, codeVerifier)).status).toBe(400);
    // The refresh token gives a new ID token for the same user.
    const refreshed = await fetch(idp.endpoints().tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token }),
    });
    expect((await verifier().verify(((await refreshed.json()) as { id_token: string }).id_token)).sub).toBe(claims.sub);
    // The user typed once is offered on the page next time.
    expect(await (await fetch(`${idp.endpoints().authorizeUrl}?${authorizeParams(challenge)}`)).text()).toContain('Dana Typed');
  });

  it('refuses a code_verifier that does not match the challenge, and requests without S256 PKCE', async () => {
    const challenge = createHash('sha256').update('right').digest('base64url');
    const code = await signIn(challenge, { pick: 'bob@example.com' });
    const refused = await exchange(code, 'wrong');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });

    const plain = await fetch(`${idp.endpoints().authorizeUrl}?${authorizeParams('abc', { code_challenge_method: 'plain' })}`);
    expect(plain.status).toBe(400);
    const foreign = await fetch(`${idp.endpoints().authorizeUrl}?${authorizeParams('abc', { redirect_uri: 'https://evil.example/cb' })}`);
    expect(foreign.status).toBe(400);
  });

  it('signs tokens for scripts with POST /token, and the HTTP API authorizer checks them like API Gateway', async () => {
    const response = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      body: JSON.stringify({ sub: 'script-user', email: 's@example.com', name: 'Script' }),
    });
    const { id_token } = (await response.json()) as { id_token: string };
    const authorizer = new HttpJwtAuthorizer({ issuer: idp.issuer, audience: [CLIENT_ID], jwks: idp.key.jwks() });
    const context = await authorizer.authorize(`Bearer ${id_token}`);
    expect(context?.claims).toMatchObject({ sub: 'script-user', email: 's@example.com', token_use: 'id', email_verified: 'true' });
    expect(await authorizer.authorize(id_token)).toBeDefined();

    const expired = idp.idToken({ sub: 'x', email: 'x@x', name: 'X' }, {}, -120);
    const otherAudience = idp.idToken({ sub: 'x', email: 'x@x', name: 'X' }, { aud: 'another-client' });
    const otherIssuer = idp.idToken({ sub: 'x', email: 'x@x', name: 'X' }, { iss: 'https://elsewhere' });
    const forged = `${id_token.slice(0, id_token.lastIndexOf('.'))}.${Buffer.from('forged').toString('base64url')}`;
    const foreignKey = new DevIdentityProvider({ issuer: idp.issuer, clientId: CLIENT_ID }).idToken({ sub: 'x', email: 'x@x', name: 'X' });
    for (const bad of [undefined, '', 'Bearer ', expired, otherAudience, otherIssuer, forged, foreignKey]) {
      expect(await authorizer.authorize(bad === undefined ? undefined : `Bearer ${bad}`)).toBeUndefined();
    }

    const malformed = await fetch(`${idp.issuer}/token`, { method: 'POST', body: '{"sub":""}' });
    expect(malformed.status).toBe(400);
  });

  it('publishes its JWKS and OpenID configuration', async () => {
    const jwks = (await (await fetch(idp.jwksUri)).json()) as { keys: { kid: string; alg: string }[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: idp.key.kid, alg: 'RS256', kty: 'RSA' })]);
    const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: idp.issuer, jwks_uri: idp.jwksUri, code_challenge_methods_supported: ['S256'] });
  });
});
