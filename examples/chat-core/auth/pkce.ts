/** The Web Crypto calls PKCE needs (the browser's `crypto`; Node's global one in tests). */
export interface WebCrypto {
  getRandomValues<T extends Uint8Array>(array: T): T;
  subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> };
}

/** The platform's global `crypto` (browsers, Node); React Native has none and passes `expo-crypto`'s. */
export const webCrypto = (): WebCrypto => (globalThis as unknown as { crypto: WebCrypto }).crypto;

/** Base64url without padding (RFC 4648 §5), as PKCE and JWTs use it. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random URL-safe string carrying `bytes` bytes of entropy (32 bytes make a 43-character PKCE verifier). */
export function randomToken(bytes = 32, crypto: WebCrypto = webCrypto()): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge of a verifier (ASCII, as PKCE's are): base64url(SHA-256(verifier)) (RFC 7636 §4.2). */
export async function codeChallenge(verifier: string, crypto: WebCrypto = webCrypto()): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', Uint8Array.from(verifier, (char) => char.charCodeAt(0)));
  return base64Url(new Uint8Array(digest));
}
