import type { AuthConfig } from './config';
import { IdClaims, StorageLike, TokenFetch, Tokens, decodeIdToken, refreshIdToken } from './oauth';

const ID_TOKEN_KEY = 'groupchat.idToken';
const REFRESH_TOKEN_KEY = 'groupchat.refreshToken';
/** A token this close to its expiry is refreshed before it is sent. */
const EXPIRY_MARGIN_SECONDS = 60;

/** Thrown by {@link TokenStore.getToken} when there is no usable token and no way to get one: sign in again. */
export class SignedOutError extends Error {}

/**
 * Holds the signed-in user's ID token: in memory, and in `storage` so a reload keeps the user signed in (on the
 * web the tab's `sessionStorage`, which ends with the tab). The refresh token stays in memory only, unless
 * `keepRefreshToken` is set for a storage that is the device's keychain (the mobile client's secure store).
 */
export class TokenStore {
  private idToken: string | null;
  private refreshToken: string | null = null;
  private refreshing: Promise<string> | undefined;

  constructor(
    private readonly auth: AuthConfig,
    private readonly storage: StorageLike,
    private readonly fetch: TokenFetch,
    private readonly now: () => number = Date.now,
    private readonly keepRefreshToken = false,
  ) {
    this.idToken = storage.getItem(ID_TOKEN_KEY);
    if (keepRefreshToken) this.refreshToken = storage.getItem(REFRESH_TOKEN_KEY);
    if (this.idToken && !this.usable(this.idToken) && !this.refreshToken) this.clear();
  }

  /** Who is signed in, or null. */
  get claims(): IdClaims | null {
    return this.idToken ? decodeIdToken(this.idToken) : null;
  }

  /** Keeps the tokens of a completed sign-in. */
  save(tokens: Tokens): void {
    this.idToken = tokens.idToken;
    this.refreshToken = tokens.refreshToken;
    this.storage.setItem(ID_TOKEN_KEY, tokens.idToken);
    if (this.keepRefreshToken && tokens.refreshToken) this.storage.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
  }

  /** The ID token to send, refreshed first when it is about to expire; throws {@link SignedOutError} when none can be had. */
  getToken = async (): Promise<string> => {
    if (this.idToken && this.usable(this.idToken)) return this.idToken;
    if (!this.refreshToken) {
      this.clear();
      throw new SignedOutError('Your session has ended: please sign in again.');
    }
    this.refreshing ??= refreshIdToken(this.auth, this.refreshToken, this.fetch).finally(() => (this.refreshing = undefined));
    try {
      const idToken = await this.refreshing;
      this.save({ idToken, refreshToken: this.refreshToken });
      return idToken;
    } catch (error) {
      this.clear();
      throw new SignedOutError(error instanceof Error ? error.message : String(error));
    }
  };

  /** Forgets every token (sign-out). */
  clear(): void {
    this.idToken = null;
    this.refreshToken = null;
    this.storage.removeItem(ID_TOKEN_KEY);
    if (this.keepRefreshToken) this.storage.removeItem(REFRESH_TOKEN_KEY);
  }

  private usable(token: string): boolean {
    try {
      return decodeIdToken(token).exp - EXPIRY_MARGIN_SECONDS > this.now() / 1000;
    } catch {
      return false;
    }
  }
}
