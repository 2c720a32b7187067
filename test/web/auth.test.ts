import { decodeIdToken, beginSignIn, completeSignIn, isSignInCallback, signOutUrl, StorageLike, TokenFetch } from '../../examples/chat-core/auth/oauth';
import { base64Url, codeChallenge, randomToken } from '../../examples/chat-core/auth/pkce';
import { SignedOutError, TokenStore } from '../../examples/chat-core/auth/token-store';
import { parseConfig } from '../../examples/chat-core/auth/config';
import { LocalRuntime, startLocalRuntime } from '../../src/local';

class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const nodeFetch: TokenFetch = (url, init) => fetch(url, init);

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes URL-safe random verifiers of the right length, different each time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => randomToken(32)));
    expect(verifiers.size).toBe(50);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(base64Url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
  });
});

describe('config.json', () => {
  const local = {
    apiUrl: 'http://127.0.0.1:3000/api',
    webSocketUrl: 'ws://127.0.0.1:3000/ws',
    auth: { issuer: 'http://127.0.0.1:3000/_local/auth', clientId: 'c', authorizeUrl: 'http://x/a', tokenUrl: 'http://x/t', logoutUrl: 'http://x/l', jwksUri: 'http://x/j' },
  };

  it('goes straight to Google on a Cognito issuer, and to no particular provider locally', () => {
    expect(parseConfig(local).auth.identityProvider).toBeUndefined();
    const cognito = { ...local, auth: { ...local.auth, issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc' } };
    expect(parseConfig(cognito).auth.identityProvider).toBe('Google');
    expect(parseConfig({ ...cognito, auth: { ...cognito.auth, identityProvider: 'COGNITO' } }).auth.identityProvider).toBe('COGNITO');
  });

  it('names what is missing', () => {
    expect(() => parseConfig({ ...local, webSocketUrl: undefined })).toThrow('config.json has no webSocketUrl');
    expect(() => parseConfig({ ...local, auth: { ...local.auth, tokenUrl: '' } })).toThrow('config.json has no auth.tokenUrl');
    expect(() => parseConfig(null)).toThrow('not a JSON object');
  });
});

describe('sign-in against the dev identity provider (the same code path as Cognito)', () => {
  let runtime: LocalRuntime;
  const redirectUri = () => `${runtime.url}/`;
  const auth = () => parseConfig(runtime.config).auth;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ neo4jUri: process.env.NEO4J_URI });
  });
  afterAll(() => runtime?.stop());

  /** What a person does on the sign-in page: type a name and an email, submit; returns the redirect's query. */
  async function signInOnPage(authorizeUrl: string, email: string): Promise<URLSearchParams> {
    const page = await fetch(authorizeUrl);
    expect(page.status).toBe(200);
    const form = new URLSearchParams(new URL(authorizeUrl).searchParams);
    form.set('name', 'Dana Example');
    form.set('email', email);
    form.set('pick', '');
    const response = await fetch(`${runtime.config.auth.issuer}/authorize`, {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const back = new URL(response.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri());
    return back.searchParams;
  }

  it('runs the code flow with PKCE, state and nonce, and keeps the ID token for the user', async () => {
    const storage = new MemoryStorage();
    const url = new URL(await beginSignIn(auth(), redirectUri(), storage));
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: runtime.config.auth.clientId,
      redirect_uri: redirectUri(),
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    expect(url.searchParams.has('identity_provider')).toBe(false);
    const params = await signInOnPage(url.toString(), 'dana@example.com');
    expect(isSignInCallback(params)).toBe(true);

    const tokens = await completeSignIn(auth(), params, storage, nodeFetch);
    expect(decodeIdToken(tokens.idToken)).toMatchObject({ email: 'dana@example.com', name: 'Dana Example', nonce: url.searchParams.get('nonce') });
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(storage.items.size).toBe(0); // the verifier is gone

    await expect(completeSignIn(auth(), params, storage, nodeFetch)).rejects.toThrow('not started here');
  });

  it('is refused by the server when the verifier does not match the challenge, and by the app when the state differs', async () => {
    const storage = new MemoryStorage();
    const params = await signInOnPage(await beginSignIn(auth(), redirectUri(), storage), 'eve@example.com');
    const pending = JSON.parse(storage.getItem('groupchat.signIn')!);
    storage.setItem('groupchat.signIn', JSON.stringify({ ...pending, verifier: randomToken(32) }));
    await expect(completeSignIn(auth(), params, storage, nodeFetch)).rejects.toThrow('code_verifier does not match');

    const other = new MemoryStorage();
    const forged = await signInOnPage(await beginSignIn(auth(), redirectUri(), other), 'eve@example.com');
    forged.set('state', 'somebody-elses');
    await expect(completeSignIn(auth(), forged, other, nodeFetch)).rejects.toThrow('state does not match');
    await expect(completeSignIn(auth(), new URLSearchParams({ error: 'access_denied', state: 'x' }), other, nodeFetch)).rejects.toThrow('Sign-in failed: access_denied');
  });

  it('keeps the ID token across a reload, refreshes it before expiry with the in-memory refresh token, and signs out', async () => {
    const storage = new MemoryStorage();
    const params = await signInOnPage(await beginSignIn(auth(), redirectUri(), storage), 'fay@example.com');
    let now = Date.now();
    const tokens = new TokenStore(auth(), storage, nodeFetch, () => now);
    const signedIn = await completeSignIn(auth(), params, storage, nodeFetch);
    tokens.save(signedIn);
    const first = await tokens.getToken();
    expect(decodeIdToken(first).email).toBe('fay@example.com');

    const reloaded = new TokenStore(auth(), storage, nodeFetch, () => now);
    expect(reloaded.claims?.email).toBe('fay@example.com');
    expect(await reloaded.getToken()).toBe(first);

    now += 3600_000; // the token's hour is over
    const refreshed = await tokens.getToken();
    expect(refreshed).not.toBe(first);
    expect(decodeIdToken(refreshed).exp * 1000).toBeGreaterThan(Date.now());
    expect(storage.getItem('groupchat.idToken')).toBe(refreshed);
    expect([...storage.items.values()].join()).not.toContain(signedIn.refreshToken!); // memory only

    await expect(reloaded.getToken()).rejects.toBeInstanceOf(SignedOutError); // a reload has no refresh token
    expect(storage.getItem('groupchat.idToken')).toBeNull();

    const logout = await fetch(signOutUrl(auth(), redirectUri()), { redirect: 'manual' });
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(redirectUri());
  });
});
