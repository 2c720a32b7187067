import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Caller } from '../chat/outcome';

export interface TokenVerifierSettings {
  issuer: string;
  /** The app client id: an ID token's `aud`. */
  clientId: string;
  jwksUri: string;
}

/** Fetches the JWKS with the platform's fetch, so an `http://` issuer on loopback (the local runtime) works too. */
const jwksFetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`The JWKS at ${uri} answered ${response.status}.`);
    return response.arrayBuffer();
  },
};

/** The claims of a verified ID token, as the authorizers pass them on. */
export interface IdClaims {
  sub: string;
  email?: string;
  name?: string;
  picture?: string;
}

/**
 * Verifies Cognito ID tokens (or the local identity provider's, which are shaped the same): RS256
 * signature against the issuer's JWKS (cached per container), issuer, audience = the app client id,
 * `token_use` = `id`, and expiry.
 */
export function createTokenVerifier(settings: TokenVerifierSettings): (token: string) => Promise<IdClaims> {
  const verifier = JwtRsaVerifier.create(
    {
      issuer: settings.issuer,
      audience: settings.clientId,
      jwksUri: settings.jwksUri,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('Only ID tokens are accepted.');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher }) },
  );
  return async (token) => {
    const payload = await verifier.verify(token);
    return {
      sub: payload.sub!,
      email: typeof payload.email === 'string' ? payload.email : undefined,
      name: typeof payload.name === 'string' ? payload.name : undefined,
      picture: typeof payload.picture === 'string' ? payload.picture : undefined,
    };
  };
}

/** The caller from verified claims; a profile claim that is missing or empty stays undefined (never blanks the profile). */
export function callerFromClaims(claims: Record<string, unknown>): Caller {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const id = text(claims.sub) ?? text(claims.userId);
  if (!id) throw new Error('The verified claims carry no subject.');
  return { id, email: text(claims.email), name: text(claims.name), picture: text(claims.picture) };
}

/**
 * Whether HTTP API claims are an ID token's. API Gateway's JWT authorizer also passes Cognito access tokens
 * (it takes `client_id` for the audience), which carry no profile and are not what the API accepts.
 */
export function isIdToken(claims: Record<string, unknown>): boolean {
  return claims.token_use === 'id';
}
