import { createHash, randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { corsHeaders, readBody, redirect, sendJson, sendText } from './http-io';
import { DevUser, avatarSvg, signInPage } from './sign-in-page';
import { SigningKey } from './signing-key';

/** Where the dev identity provider lives under the gateway's origin. */
export const AUTH_BASE_PATH = '/_local/auth';

const TOKEN_LIFETIME_SECONDS = 3600;
const REFRESH_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;
const CODE_LIFETIME_MS = 5 * 60_000;

/** The people the sign-in page offers before anyone types a new one; their `sub` is their user id in the API. */
export const PRESET_USERS: DevUser[] = [
  { name: 'Alice Example', email: 'alice@example.com' },
  { name: 'Bob Example', email: 'bob@example.com' },
  { name: 'Carol Example', email: 'carol@example.com' },
].map((user) => ({ ...user, sub: subjectFor(user.email) }));

/** A stable, UUID-shaped subject for an email address, like Cognito's `sub`. */
export function subjectFor(email: string): string {
  const hex = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const ScriptTokenRequest = z
  .object({
    sub: z.string().min(1).max(128),
    email: z.string().min(1).max(320),
    name: z.string().min(1).max(200),
    picture: z.string().max(2048).optional(),
    /** Lifetime of the token; tests use a negative one to get an expired token. */
    expiresInSeconds: z.number().int().optional(),
  })
  .strict();

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
  user: DevUser;
  expiresAt: number;
}

/** Options of {@link DevIdentityProvider}. */
export interface DevIdentityProviderOptions {
  /** The issuer URL (`{origin}/_local/auth`), also the `iss` claim. */
  issuer: string;
  /** The app client id: the ID tokens' `aud`. */
  clientId: string;
  /**
   * The key tokens are signed with; keep it in a file ({@link SigningKey.inFile}) so tokens outlive a restart.
   * @default - a new key
   */
  key?: SigningKey;
}

/**
 * A development identity provider shaped like the Cognito hosted UI: a sign-in page where a person picks
 * or types a user, the OAuth 2.0 authorization-code flow with PKCE (S256 only), RS256 ID tokens and a JWKS.
 * `POST /_local/auth/token {"sub","email","name"}` signs a token directly for scripts and tests. Refresh
 * tokens are signed too, so every token stays valid as long as the key does.
 */
export class DevIdentityProvider {
  readonly key: SigningKey;
  private readonly codes = new Map<string, PendingCode>();
  private readonly users = new Map<string, DevUser>(PRESET_USERS.map((user) => [user.email, user]));

  constructor(private readonly options: DevIdentityProviderOptions) {
    this.key = options.key ?? new SigningKey();
  }

  get issuer(): string {
    return this.options.issuer;
  }

  get jwksUri(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  /** The URLs a client needs, as published in `/config.json`. */
  endpoints() {
    return {
      issuer: this.issuer,
      clientId: this.options.clientId,
      authorizeUrl: `${this.issuer}/authorize`,
      tokenUrl: `${this.issuer}/oauth2/token`,
      logoutUrl: `${this.issuer}/logout`,
      jwksUri: this.jwksUri,
    };
  }

  /** Signs an ID token for the user, with the claims Cognito puts in one for a Google user. */
  idToken(user: { sub: string; email: string; name: string; picture?: string }, extra: Record<string, unknown> = {}, lifetimeSeconds = TOKEN_LIFETIME_SECONDS): string {
    const now = Math.floor(Date.now() / 1000);
    return this.key.sign({
      sub: user.sub,
      email: user.email,
      email_verified: true,
      name: user.name,
      picture: user.picture ?? `${this.issuer}/avatar.svg?name=${encodeURIComponent(user.name)}`,
      aud: this.options.clientId,
      iss: this.issuer,
      token_use: 'id',
      auth_time: now,
      iat: now,
      exp: now + lifetimeSeconds,
      ...extra,
    });
  }

  private accessToken(user: DevUser): string {
    const now = Math.floor(Date.now() / 1000);
    return this.key.sign({
      sub: user.sub,
      client_id: this.options.clientId,
      iss: this.issuer,
      token_use: 'access',
      scope: 'openid email profile',
      iat: now,
      exp: now + TOKEN_LIFETIME_SECONDS,
    });
  }

  /** Answers a request under {@link AUTH_BASE_PATH}; `path` is the part after it. */
  async handle(request: IncomingMessage, response: ServerResponse, path: string, search: URLSearchParams): Promise<void> {
    const route = `${request.method} ${path}`;
    if (request.method === 'OPTIONS') {
      response.writeHead(204, corsHeaders(request));
      response.end();
      return;
    }
    switch (route) {
      case 'GET /.well-known/jwks.json':
        return sendJson(response, 200, this.key.jwks(), { 'cache-control': 'max-age=300', ...corsHeaders(request) });
      case 'GET /.well-known/openid-configuration':
        return sendJson(response, 200, this.openIdConfiguration(), corsHeaders(request));
      case 'GET /authorize':
      case 'GET /login':
        return this.showSignIn(response, search);
      case 'POST /authorize':
        return this.finishSignIn(request, response);
      case 'POST /oauth2/token':
        return this.exchange(request, response);
      case 'POST /token':
        return this.scriptToken(request, response);
      case 'GET /logout':
        return this.logout(response, search);
      case 'GET /avatar.svg':
        return sendText(response, 200, 'image/svg+xml', avatarSvg(search.get('name') ?? '?'));
      default:
        return sendJson(response, 404, { error: 'not_found', error_description: `${route} is not an endpoint of the local identity provider` });
    }
  }

  private openIdConfiguration() {
    const endpoints = this.endpoints();
    return {
      issuer: this.issuer,
      authorization_endpoint: endpoints.authorizeUrl,
      token_endpoint: endpoints.tokenUrl,
      end_session_endpoint: endpoints.logoutUrl,
      jwks_uri: this.jwksUri,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['public'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['none'],
    };
  }

  /** Checks an authorization request; returns the problem in words, or undefined when it is well formed. */
  private authorizeRequestProblem(params: URLSearchParams): string | undefined {
    if (params.get('response_type') !== 'code') return 'response_type must be code';
    if (params.get('client_id') !== this.options.clientId) return `client_id must be ${this.options.clientId}`;
    const redirectUri = params.get('redirect_uri');
    if (!redirectUri || !isAllowedRedirect(redirectUri)) {
      return 'redirect_uri must be a loopback http(s) URL or an app scheme';
    }
    if (!params.get('code_challenge')) return 'code_challenge is required (PKCE)';
    if (params.get('code_challenge_method') !== 'S256') return 'code_challenge_method must be S256';
    return undefined;
  }

  private showSignIn(response: ServerResponse, params: URLSearchParams): void {
    const problem = this.authorizeRequestProblem(params);
    if (problem) return sendText(response, 400, 'text/plain; charset=utf-8', `invalid_request: ${problem}\n`);
    sendText(response, 200, 'text/html; charset=utf-8', signInPage(params, [...this.users.values()], `${AUTH_BASE_PATH}/authorize`));
  }

  private async finishSignIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(request, 64 * 1024)).toString('utf8'));
    const problem = this.authorizeRequestProblem(form);
    if (problem) return sendText(response, 400, 'text/plain; charset=utf-8', `invalid_request: ${problem}\n`);
    const picked = form.get('pick') ? this.users.get(form.get('pick')!) : undefined;
    const email = (picked?.email ?? form.get('email') ?? '').trim();
    const name = (picked?.name ?? form.get('name') ?? '').trim() || email.split('@')[0] || '';
    if (!email.includes('@')) {
      return sendText(response, 400, 'text/plain; charset=utf-8', 'Pick a user or type an email address.\n');
    }
    const user: DevUser = { sub: subjectFor(email), email, name };
    this.users.set(email, user);
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, {
      clientId: form.get('client_id')!,
      redirectUri: form.get('redirect_uri')!,
      codeChallenge: form.get('code_challenge')!,
      nonce: form.get('nonce') ?? undefined,
      user,
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    const target = new URL(form.get('redirect_uri')!);
    target.searchParams.set('code', code);
    if (form.get('state')) target.searchParams.set('state', form.get('state')!);
    redirect(response, target.toString());
  }

  private async exchange(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(request, 64 * 1024)).toString('utf8'));
    const fail = (error: string, description: string) =>
      sendJson(response, 400, { error, error_description: description }, corsHeaders(request));
    if (form.get('client_id') !== this.options.clientId) return fail('invalid_client', 'unknown client_id');

    let user: DevUser;
    let nonce: string | undefined;
    if (form.get('grant_type') === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = this.codes.get(code);
      this.codes.delete(code);
      if (!pending || pending.expiresAt < Date.now() || pending.clientId !== form.get('client_id')) {
        return fail('invalid_grant', 'the code is unknown, used or expired');
      }
      if (pending.redirectUri !== form.get('redirect_uri')) return fail('invalid_grant', 'redirect_uri differs from the authorization request');
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge) {
        return fail('invalid_grant', 'code_verifier does not match the code_challenge');
      }
      user = pending.user;
      nonce = pending.nonce;
    } else if (form.get('grant_type') === 'refresh_token') {
      const stored = this.readRefreshToken(form.get('refresh_token') ?? '');
      if (!stored) return fail('invalid_grant', 'the refresh_token is unknown or expired');
      user = stored;
    } else {
      return fail('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    }

    const refreshToken = form.get('refresh_token') ?? this.refreshToken(user);
    sendJson(
      response,
      200,
      {
        id_token: this.idToken(user, nonce ? { nonce } : {}),
        access_token: this.accessToken(user),
        refresh_token: refreshToken,
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_SECONDS,
      },
      { 'cache-control': 'no-store', ...corsHeaders(request) },
    );
  }

  private refreshToken(user: DevUser): string {
    const now = Math.floor(Date.now() / 1000);
    const { sub, email, name } = user;
    return this.key.sign({ token_use: 'refresh', client_id: this.options.clientId, sub, email, name, iat: now, exp: now + REFRESH_TOKEN_LIFETIME_SECONDS });
  }

  private readRefreshToken(token: string): DevUser | undefined {
    const claims = this.key.verify(token);
    if (claims?.token_use !== 'refresh' || claims.client_id !== this.options.clientId) return undefined;
    if (typeof claims.exp !== 'number' || claims.exp < Date.now() / 1000) return undefined;
    return { sub: String(claims.sub), email: String(claims.email), name: String(claims.name) };
  }

  private async scriptToken(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let parsed: z.infer<typeof ScriptTokenRequest>;
    try {
      parsed = ScriptTokenRequest.parse(JSON.parse((await readBody(request, 64 * 1024)).toString('utf8')));
    } catch {
      return sendJson(response, 400, {
        error: 'invalid_request',
        error_description: 'send JSON {"sub","email","name"} (optional "picture", "expiresInSeconds")',
      });
    }
    const { expiresInSeconds, ...user } = parsed;
    sendJson(response, 200, { id_token: this.idToken(user, {}, expiresInSeconds ?? TOKEN_LIFETIME_SECONDS) }, corsHeaders(request));
  }

  private logout(response: ServerResponse, params: URLSearchParams): void {
    const target = params.get('logout_uri') ?? params.get('redirect_uri');
    if (params.get('client_id') !== this.options.clientId || !target || !isAllowedRedirect(target)) {
      return sendText(response, 400, 'text/plain; charset=utf-8', 'invalid_request: client_id and a logout_uri are required\n');
    }
    redirect(response, target);
  }
}

/** Loopback web pages and app deep links (React Native); never another web site. */
function isAllowedRedirect(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  }
  return !['javascript:', 'data:', 'file:', 'vbscript:'].includes(url.protocol);
}
