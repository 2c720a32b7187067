import { KeyObject, createHash, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

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
 * An RSA key pair signing RS256 JWTs with node:crypto. A new one per start unless it is kept in a file
 * ({@link SigningKey.inFile}): tokens from a run with another key do not verify, like a rotated Cognito key.
 */
export class SigningKey {
  /** The key's RFC 7638 thumbprint: the same key always has the same id. */
  readonly kid: string;
  private readonly publicKey: KeyObject;

  constructor(private readonly privateKey: KeyObject = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) {
    this.publicKey = createPublicKey(privateKey);
    const { e, kty, n } = this.publicKey.export({ format: 'jwk' });
    this.kid = createHash('sha256').update(JSON.stringify({ e, kty, n })).digest('base64url');
  }

  /** The key kept in `file` (PKCS#8 PEM), created there (readable by the owner only) when the file is missing. */
  static inFile(file: string): SigningKey {
    if (existsSync(file)) return new SigningKey(createPrivateKey(readFileSync(file, 'utf8')));
    const key = new SigningKey();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.new`, key.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    renameSync(`${file}.new`, file);
    return key;
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

  /** The claims of a JWT this key signed; undefined for any other token. */
  verify(token: string): Record<string, unknown> | undefined {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return undefined;
    const valid = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(this.publicKey, Buffer.from(signature, 'base64url'));
    if (!valid) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');
