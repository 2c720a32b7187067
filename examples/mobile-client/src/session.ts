import { ClientConfig, parseConfig } from '../../chat-core/auth/config';
import { beginSignIn, completeSignIn, parseQuery, signOutUrl } from '../../chat-core/auth/oauth';
import { TokenStore } from '../../chat-core/auth/token-store';
import { ChatSession, startChatSession } from '../../chat-core/chat-session';
import type { MobilePlatform } from './platform';
import { AppStore, createAppStore } from './store/store';
import { followLifecycle } from './lifecycle';

/** Reads the deployment's `config.json` from `baseUrl` (the same file the web client reads). */
export async function loadConfig(platform: Pick<MobilePlatform, 'fetch'>, baseUrl: string): Promise<ClientConfig> {
  const url = `${baseUrl.replace(/\/+$/, '')}/config.json`;
  let response;
  try {
    response = await platform.fetch(url, { method: 'GET', headers: { accept: 'application/json' } });
  } catch (error) {
    throw new Error(`${url} cannot be reached (${error instanceof Error ? error.message : String(error)})`);
  }
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return parseConfig(JSON.parse(await response.text()));
}

/** The signed-in user's tokens, kept in the device's keychain (refresh token included, unlike the web's tab storage). */
export function tokenStoreFor(config: ClientConfig, platform: MobilePlatform): TokenStore {
  return new TokenStore(config.auth, platform.secureStorage, platform.fetch, Date.now, true);
}

/**
 * Signs in with the authorization code flow and PKCE in the system browser (Cognito's hosted UI on AWS, the dev
 * identity provider locally: the same code). Resolves false when the person closed the browser.
 */
export async function signIn(config: ClientConfig, tokens: TokenStore, platform: MobilePlatform): Promise<boolean> {
  const authorizeUrl = await beginSignIn(config.auth, platform.redirectUri, platform.secureStorage, platform.crypto);
  const result = await platform.openAuthSession(authorizeUrl, platform.redirectUri);
  if (result.type !== 'success') return false;
  tokens.save(await completeSignIn(config.auth, parseQuery(result.url), platform.secureStorage, platform.fetch));
  return true;
}

/** Forgets the tokens here and the identity provider's session in the browser. */
export async function signOut(config: ClientConfig, tokens: TokenStore, platform: MobilePlatform): Promise<void> {
  tokens.clear();
  await platform.openSignOut(signOutUrl(config.auth, platform.redirectUri), platform.redirectUri);
}

/** A signed-in user's chat on the phone: the shared session, following the app's lifecycle and the network. */
export interface MobileSession extends ChatSession<AppStore> {
  /** Stops following the lifecycle and closes the connection. */
  close(): void;
}

/** Starts the signed-in user's chat: the SDK and the shared store, then the phone's lifecycle (see {@link followLifecycle}). */
export function startMobileSession(config: ClientConfig, tokens: TokenStore, platform: MobilePlatform, onSignedOut: () => void): MobileSession {
  const session = startChatSession(
    config,
    tokens.getToken,
    tokens.claims!.sub,
    { fetch: platform.fetch, WebSocket: platform.WebSocket, newId: platform.newId, onSignedOut },
    createAppStore,
  );
  const stopFollowing = followLifecycle(session.realtime, platform);
  return {
    ...session,
    close() {
      stopFollowing();
      session.close();
    },
  };
}
