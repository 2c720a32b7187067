import type { StorageLike } from '../../chat-core/auth/oauth';
import { MobilePlatform, nativePlatform } from './platform';

/** The browser's tab storage (the app's types leave the DOM out, as React Native has none). */
const tabStorage = () => (globalThis as unknown as { sessionStorage: StorageLike }).sessionStorage;

/**
 * The device's pieces in a browser: those of {@link nativePlatform} (react-native-web, and the web builds of the
 * expo modules: a popup for sign-in, AsyncStorage in localStorage, `navigator.onLine`), except the keychain, which
 * a browser does not have: the tokens stay in the tab's sessionStorage, as the web client keeps them.
 */
export function webPlatform(): MobilePlatform {
  return {
    ...nativePlatform(),
    secureStorage: tabStorage(),
  };
}
