import type { AuthConfig } from './config';
import { WebCrypto, codeChallenge, randomToken, webCrypto } from './pkce';
import { QueryParams, formEncode, withQuery } from './query';

export { parseQuery } from './query';
export type { QueryParams } from './query';

/** The part of `sessionStorage` the sign-in uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The part of `fetch` the token exchange uses. */
export type TokenFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ status: number; json(): Promise<unknown> }>;

/** What the token endpoint gave. */
export interface Tokens {
  idToken: string;
  /** Kept in memory only: it outlives the ID token by days, so it is never written to storage. */
  refreshToken: string | null;
}

/** The claims of an ID token the app reads. */
export interface IdClaims {
  sub: string;
  email?: string;
  name?: string;
  picture?: string;
  nonce?: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

const PENDING_KEY = 'groupchat.signIn';

interface PendingSignIn {
  state: string;
  verifier: string;
  nonce: string;
  redirectUri: string;
}

/**
 * Starts the authorization code flow with PKCE: keeps a fresh verifier, state and nonce in `storage` and
 * returns the URL of the authorization endpoint to go to (Cognito's hosted UI, or the dev identity provider).
 */
export async function beginSignIn(auth: AuthConfig, redirectUri: string, storage: StorageLike, crypto: WebCrypto = webCrypto()): Promise<string> {
  const pending: PendingSignIn = { state: randomToken(16, crypto), verifier: randomToken(32, crypto), nonce: randomToken(16, crypto), redirectUri };
  storage.setItem(PENDING_KEY, JSON.stringify(pending));
  return withQuery(auth.authorizeUrl, {
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier, crypto),
    code_challenge_method: 'S256',
    ...(auth.identityProvider ? { identity_provider: auth.identityProvider } : {}),
  });
}

/** Whether the page was opened by the authorization server's redirect (a `code` or an `error` with a `state`). */
export function isSignInCallback(params: QueryParams): boolean {
  return params.has('state') && (params.has('code') || params.has('error'));
}

/**
 * Finishes the flow on the redirect back: checks the state, exchanges the code with the PKCE verifier at the
 * token endpoint, and checks the ID token's audience, issuer and nonce. Throws with a readable reason.
 */
export async function completeSignIn(auth: AuthConfig, params: QueryParams, storage: StorageLike, fetch: TokenFetch): Promise<Tokens> {
  const saved = storage.getItem(PENDING_KEY);
  storage.removeItem(PENDING_KEY);
  const pending = saved ? (JSON.parse(saved) as PendingSignIn) : undefined;
  if (params.get('error')) {
    throw new Error(`Sign-in failed: ${params.get('error_description') ?? params.get('error')}`);
  }
  if (!pending || params.get('state') !== pending.state) {
    throw new Error('This sign-in was not started here (its state does not match): please sign in again.');
  }
  const response = await fetch(auth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formEncode({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code: params.get('code') ?? '',
      redirect_uri: pending.redirectUri,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json()) as { id_token?: string; refresh_token?: string; error?: string; error_description?: string };
  if (response.status !== 200 || !body.id_token) {
    throw new Error(`The token exchange failed: ${body.error_description ?? body.error ?? `HTTP ${response.status}`}`);
  }
  const claims = decodeIdToken(body.id_token);
  const audience = (claims as { aud?: unknown }).aud;
  if (audience !== auth.clientId && !(Array.isArray(audience) && audience.includes(auth.clientId))) {
    throw new Error('The ID token is for another application.');
  }
  if ((claims as { iss?: unknown }).iss !== auth.issuer) throw new Error('The ID token comes from another issuer.');
  if (claims.nonce !== pending.nonce) throw new Error('The ID token does not answer this sign-in (nonce mismatch).');
  return { idToken: body.id_token, refreshToken: body.refresh_token ?? null };
}

/** Gets a new ID token with a refresh token (`grant_type=refresh_token`). */
export async function refreshIdToken(auth: AuthConfig, refreshToken: string, fetch: TokenFetch): Promise<string> {
  const response = await fetch(auth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formEncode({ grant_type: 'refresh_token', client_id: auth.clientId, refresh_token: refreshToken }),
  });
  const body = (await response.json()) as { id_token?: string };
  if (response.status !== 200 || !body.id_token) throw new Error('The session has ended: please sign in again.');
  return body.id_token;
}

/** Where to send the browser to sign out of the hosted UI too; it comes back to `redirectUri`. */
export function signOutUrl(auth: AuthConfig, redirectUri: string): string {
  return withQuery(auth.logoutUrl, { client_id: auth.clientId, logout_uri: redirectUri });
}

/**
 * The claims of an ID token, read without verifying its signature: the API verifies every token it gets;
 * the app only needs to know who signed in and when to refresh.
 */
export function decodeIdToken(token: string): IdClaims {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('Not a JWT');
  const padded = payload.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (payload.length % 4)) % 4);
  const claims = JSON.parse(utf8Of(atob(padded))) as IdClaims;
  if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') throw new Error('The ID token has no sub or exp');
  return claims;
}

/** The text whose UTF-8 bytes are the characters of `binary` (what `atob` returns), without `TextDecoder`. */
function utf8Of(binary: string): string {
  return decodeURIComponent(Array.from(binary, (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
}
