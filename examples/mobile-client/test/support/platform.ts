import { randomUUID, webcrypto } from 'node:crypto';
import { WebSocket } from 'ws';
import { GroupChatClient } from 'pulumi-groupchat/client';
import type { WebSocketConstructor } from 'pulumi-groupchat/client';
import type { StorageLike } from '../../../chat-core/auth/oauth';
import type { WebCrypto } from '../../../chat-core/auth/pkce';
import type { AppStatus, AsyncStorageLike, MobilePlatform } from '../../src/platform';

/** Node's `fetch` (test/support/environment.js keeps it: Expo's setup puts its native module's in its place). */
declare const nodeFetch: typeof fetch;

/** The local runtime that global-setup.js started for this run. */
export const runtime: { url: string; config: { apiUrl: string; webSocketUrl: string; auth: { issuer: string } } } = JSON.parse(
  process.env.GROUPCHAT_TEST_RUNTIME ?? 'null',
);

/** The keychain of a test's phone: kept in memory, surviving the app's restarts within a test. */
export class MemoryKeychain implements StorageLike {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

/** The AsyncStorage of a test's phone. */
export class MemoryDisk implements AsyncStorageLike {
  readonly items = new Map<string, string>();
  getItem = async (key: string) => this.items.get(key) ?? null;
  setItem = async (key: string, value: string) => void this.items.set(key, value);
  removeItem = async (key: string) => void this.items.delete(key);
}

/** A test's phone: the real network (Node's fetch, `ws`), with the OS's lifecycle and network events in the test's hands. */
export interface TestPhone extends MobilePlatform {
  keychain: MemoryKeychain;
  disk: MemoryDisk;
  /** The names the identity provider's page was given, per sign-in. */
  signIns: { email: string; name: string }[];
  /** Tells the app it moved to the background or the foreground. */
  setAppState(status: AppStatus): void;
  /** Tells the app the network went or came back. */
  setNetwork(connected: boolean): void;
}

/**
 * A phone whose system browser is a person on the dev identity provider's page: it opens the authorization
 * URL, types `person`'s name and email, submits, and hands the redirect back to the app.
 */
export function testPhone(person: { name: string; email: string }, options: { keychain?: MemoryKeychain; disk?: MemoryDisk; WebSocket?: WebSocketConstructor } = {}): TestPhone {
  const appListeners = new Set<(status: AppStatus) => void>();
  const networkListeners = new Set<(connected: boolean) => void>();
  const signIns: { email: string; name: string }[] = [];
  const redirectUri = 'groupchat://auth';
  const keychain = options.keychain ?? new MemoryKeychain();
  const disk = options.disk ?? new MemoryDisk();
  return {
    baseUrl: runtime.url,
    fetch: (url, init) => nodeFetch(url, init),
    WebSocket: options.WebSocket ?? (WebSocket as unknown as WebSocketConstructor),
    keychain,
    secureStorage: keychain,
    disk,
    storage: disk,
    crypto: webcrypto as unknown as WebCrypto,
    newId: () => randomUUID(),
    redirectUri,
    signIns,
    async openAuthSession(url, expectedRedirect) {
      const page = await nodeFetch(url);
      if (page.status !== 200) throw new Error(`the sign-in page answered ${page.status}: ${await page.text()}`);
      const form = new URLSearchParams(new URL(url).searchParams);
      form.set('name', person.name);
      form.set('email', person.email);
      form.set('pick', '');
      const response = await nodeFetch(`${runtime.config.auth.issuer}/authorize`, {
        method: 'POST',
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      const location = response.headers.get('location') ?? '';
      if (response.status !== 302 || !location.startsWith(expectedRedirect)) throw new Error(`the sign-in page answered ${response.status} ${location}`);
      signIns.push(person);
      return { type: 'success', url: location };
    },
    async openSignOut(url) {
      await nodeFetch(url, { redirect: 'manual' });
    },
    onAppStateChange(listener) {
      appListeners.add(listener);
      return () => appListeners.delete(listener);
    },
    onNetworkChange(listener) {
      networkListeners.add(listener);
      listener(true);
      return () => networkListeners.delete(listener);
    },
    setAppState: (status) => appListeners.forEach((listener) => listener(status)),
    setNetwork: (connected) => networkListeners.forEach((listener) => listener(connected)),
  };
}

/** Someone else, through the SDK: a token from the dev identity provider's script endpoint. */
export async function person(name: string): Promise<{ sub: string; name: string; email: string; token: string; api: GroupChatClient }> {
  const sub = `${name.toLowerCase()}-${randomUUID()}`;
  const email = `${sub}@example.com`;
  const response = await nodeFetch(`${runtime.config.auth.issuer}/token`, { method: 'POST', body: JSON.stringify({ sub, email, name }) });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
  const { id_token: token, refresh_token: refreshToken } = (await response.json()) as { id_token: string; refresh_token?: string };
  const api = new GroupChatClient({ apiUrl: runtime.config.apiUrl, getToken: () => token, fetch: (url, init) => nodeFetch(url, init) });
  await api.getMe();
  return Object.assign({ sub, name, email, token, api }, { refreshToken });
}

/** A phone already signed in as `who` (its keychain holds the tokens, as after an earlier sign-in). */
export function signedInPhone(who: { token: string; name: string; email: string }, options: Parameters<typeof testPhone>[1] = {}): TestPhone {
  const phone = testPhone(who, options);
  phone.keychain.setItem('groupchat.idToken', who.token);
  return phone;
}
