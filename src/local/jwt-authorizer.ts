import { JwtVerifier } from 'aws-jwt-verify';
import { PublicJwk } from './signing-key';

/** What the HTTP API JWT authorizer hands to the integration: `requestContext.authorizer.jwt`. */
export interface JwtAuthorizerContext {
  claims: Record<string, string>;
  scopes: string[] | null;
}

/** Options of {@link HttpJwtAuthorizer}. */
export interface HttpJwtAuthorizerOptions {
  issuer: string;
  /** Accepted values of `aud` (ID tokens) or `client_id` (access tokens). */
  audience: string[];
  jwks: { keys: PublicJwk[] };
}

/**
 * The checks an API Gateway HTTP API JWT authorizer makes before a route's integration runs: a token in the
 * `Authorization` header (with or without `Bearer `), a signature by a key of the issuer's JWKS, `iss` equal to
 * the issuer, `aud` or `client_id` among the audience, and `exp`/`nbf`/`iat` valid now.
 */
export class HttpJwtAuthorizer {
  private readonly verifier;

  constructor(options: HttpJwtAuthorizerOptions) {
    const audience = options.audience;
    this.verifier = JwtVerifier.create({
      issuer: options.issuer,
      audience: null,
      customJwtCheck: ({ payload }) => {
        const audiences = [payload.aud, payload.client_id].flat().filter((value): value is string => typeof value === 'string');
        if (!audiences.some((value) => audience.includes(value))) throw new Error('audience not allowed');
      },
    });
    this.verifier.cacheJwks(options.jwks);
  }

  /** The authorizer context for a valid token; undefined when API Gateway would answer 401. */
  async authorize(authorization: string | undefined): Promise<JwtAuthorizerContext | undefined> {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return undefined;
    try {
      const payload = await this.verifier.verify(token);
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + 60) return undefined;
      return { claims: stringifyClaims(payload), scopes: null };
    } catch {
      return undefined;
    }
  }
}

/** API Gateway passes every claim as a string; arrays become `[a b]`. */
function stringifyClaims(payload: Record<string, unknown>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    claims[name] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return claims;
}

/** The body and headers API Gateway answers with when its JWT authorizer refuses a request. */
export const UNAUTHORIZED_RESPONSE = {
  status: 401,
  body: { message: 'Unauthorized' },
  headers: { 'www-authenticate': 'Bearer' },
} as const;
