import { KeyObject, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';

/** A JSON Web Key as published in a JWKS. */
export interface PublicJwk {
  [name: string]: string;
  kty: string;
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

/**
 * An RSA key pair generated when the local runtime starts, signing RS256 JWTs with node:crypto.
 * Tokens from an earlier run do not verify against a later run's key, like a rotated Cognito key.
 */
export class SigningKey {
  readonly kid = randomUUID();
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The JWKS document that verifiers fetch. */
  jwks(): { keys: PublicJwk[] } {
    const { n, e, kty } = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: kty ?? 'RSA', n: n ?? '', e: e ?? '', kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }

  /** Signs the claims as a compact RS256 JWT. */
  sign(claims: Record<string, unknown>): string {
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(this.privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');
