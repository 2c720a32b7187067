import AsyncStorage from '@react-native-async-storage/async-storage';
import NetInfo from '@react-native-community/netinfo';
import * as Crypto from 'expo-crypto';
import * as Linking from 'expo-linking';
import * as SecureStore from 'expo-secure-store';
import * as WebBrowser from 'expo-web-browser';
import { AppState } from 'react-native';
import type { FetchLike, WebSocketConstructor } from 'pulumi-groupchat/client';
import type { StorageLike, TokenFetch } from '../../chat-core/auth/oauth';
import type { WebCrypto } from '../../chat-core/auth/pkce';

/** Where the app runs in the foreground or not (React Native's `AppState` values). */
export type AppStatus = 'active' | 'background' | 'inactive' | 'unknown' | 'extension';

/** A key-value store whose writes are awaited (AsyncStorage on a phone). */
export interface AsyncStorageLike {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/** What the browser of a sign-in answered: the address it was sent back to, or nothing when the person gave up. */
export type AuthSessionResult = { type: 'success'; url: string } | { type: 'cancel' };

/**
 * Everything the app takes from the device: the screens and the store see only this, so tests give the app the
 * real network with stand-ins for the keychain, the system browser and the OS lifecycle.
 */
export interface MobilePlatform {
  /** The deployment's address, whose `/config.json` the app reads (`npm start`'s address, or the web client's). */
  baseUrl: string;
  fetch: FetchLike & TokenFetch;
  WebSocket?: WebSocketConstructor;
  /** The ID and refresh tokens' storage: the keychain (`expo-secure-store`). */
  secureStorage: StorageLike;
  /** Where the outbox and the server address are kept (AsyncStorage). */
  storage: AsyncStorageLike;
  /** Random bytes and SHA-256 for PKCE. */
  crypto: WebCrypto;
  newId(): string;
  /** The address the identity provider sends the browser back to (`groupchat://auth`, or Expo Go's). */
  redirectUri: string;
  /** Opens the system browser at `url` until it is sent to `redirectUri`. */
  openAuthSession(url: string, redirectUri: string): Promise<AuthSessionResult>;
  /** Opens the system browser for a sign-out (Cognito's hosted UI forgets its session). */
  openSignOut(url: string, redirectUri: string): Promise<void>;
  /** Calls `listener` when the app moves to the foreground or the background; returns the unsubscribe. */
  onAppStateChange(listener: (status: AppStatus) => void): () => void;
  /** Calls `listener` when the network comes or goes (or changes); returns the unsubscribe. */
  onNetworkChange(listener: (connected: boolean) => void): () => void;
}

/** The address of `npm start` on this computer, unless the build sets `EXPO_PUBLIC_GROUPCHAT_URL`. */
export const DEFAULT_BASE_URL = process.env.EXPO_PUBLIC_GROUPCHAT_URL ?? 'http://localhost:3000';

/** The keychain through `expo-secure-store`'s synchronous calls (deletion is asynchronous there, and is not awaited). */
const secureStorage: StorageLike = {
  getItem: (key) => SecureStore.getItem(key),
  setItem: (key, value) => SecureStore.setItem(key, value),
  removeItem: (key) => void SecureStore.deleteItemAsync(key),
};

const expoCrypto: WebCrypto = {
  getRandomValues: (array) => Crypto.getRandomValues(array),
  subtle: { digest: (_algorithm, data) => Crypto.digest(Crypto.CryptoDigestAlgorithm.SHA256, data as Uint8Array<ArrayBuffer>) },
};

/** The device's pieces, as the app uses them on a phone and in Expo's web target. */
export function nativePlatform(): MobilePlatform {
  return {
    baseUrl: DEFAULT_BASE_URL,
    fetch: (url, init) => fetch(url, init),
    secureStorage,
    storage: AsyncStorage,
    crypto: expoCrypto,
    newId: () => Crypto.randomUUID(),
    redirectUri: Linking.createURL('auth'),
    async openAuthSession(url, redirectUri) {
      const result = await WebBrowser.openAuthSessionAsync(url, redirectUri);
      return result.type === 'success' ? { type: 'success', url: result.url } : { type: 'cancel' };
    },
    async openSignOut(url, redirectUri) {
      await WebBrowser.openAuthSessionAsync(url, redirectUri);
    },
    onAppStateChange(listener) {
      const subscription = AppState.addEventListener('change', (status) => listener(status as AppStatus));
      return () => subscription.remove();
    },
    onNetworkChange(listener) {
      return NetInfo.addEventListener((state) => listener(state.isConnected !== false));
    },
  };
}
