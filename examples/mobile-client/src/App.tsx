import { useEffect, useRef, useState } from 'react';
import { ActivityIndicator, View } from 'react-native';
import { Provider } from 'react-redux';
import type { ClientConfig } from '../../chat-core/auth/config';
import { SignedOutError, TokenStore } from '../../chat-core/auth/token-store';
import { Navigator } from './Navigator';
import type { MobilePlatform } from './platform';
import { SignInScreen } from './screens/SignInScreen';
import { MobileSession, loadConfig, signIn, signOut, startMobileSession, tokenStoreFor } from './session';
import { styles } from './components/ui';

/** Where the app keeps the server address a person typed (AsyncStorage). */
export const BASE_URL_KEY = 'groupchat.baseUrl';

type Phase =
  | { name: 'starting' }
  | { name: 'signed-out'; config?: ClientConfig; tokens?: TokenStore; error?: string }
  | { name: 'signed-in'; config: ClientConfig; tokens: TokenStore; session: MobileSession };

const words = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The app: reads the deployment's config.json from the server address, then shows the sign-in screen or, with a
 * token in the keychain, the signed-in app. A token the server refuses, or one that can no longer be refreshed,
 * brings the sign-in screen back with the reason.
 */
export function App({ platform }: { platform: MobilePlatform }) {
  const [baseUrl, setBaseUrl] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: 'starting' });
  const session = useRef<MobileSession | undefined>(undefined);

  const end = (config: ClientConfig, tokens: TokenStore, error?: string) => {
    session.current?.close();
    session.current = undefined;
    setPhase({ name: 'signed-out', config, tokens, error });
  };
  const start = (config: ClientConfig, tokens: TokenStore) => {
    const signedOut = () => {
      tokens.clear();
      end(config, tokens, 'Your session has ended: please sign in again.');
    };
    const started = startMobileSession(config, tokens, platform, signedOut);
    started.realtime.onError((error) => {
      if (error instanceof SignedOutError && session.current === started) end(config, tokens, error.message);
    });
    session.current = started;
    setPhase({ name: 'signed-in', config, tokens, session: started });
  };

  useEffect(() => {
    let live = true;
    platform.storage.getItem(BASE_URL_KEY).then(
      (saved) => live && setBaseUrl(saved ?? platform.baseUrl),
      () => live && setBaseUrl(platform.baseUrl),
    );
    return () => {
      live = false;
      session.current?.close();
    };
  }, [platform]);

  useEffect(() => {
    if (baseUrl === null) return;
    let live = true;
    loadConfig(platform, baseUrl).then(
      (config) => {
        if (!live) return;
        const tokens = tokenStoreFor(config, platform);
        if (tokens.claims) start(config, tokens);
        else setPhase({ name: 'signed-out', config, tokens });
      },
      (error: unknown) => live && setPhase({ name: 'signed-out', error: `The app cannot start: ${words(error)}` }),
    );
    return () => {
      live = false;
    };
  }, [platform, baseUrl]);

  if (baseUrl === null || phase.name === 'starting') {
    return (
      <View style={[styles.screen, { justifyContent: 'center' }]}>
        <ActivityIndicator accessibilityLabel="Starting" />
      </View>
    );
  }
  if (phase.name === 'signed-out') {
    const { config, tokens } = phase;
    return (
      <SignInScreen
        baseUrl={baseUrl}
        error={phase.error}
        ready={!!config}
        onBaseUrlChange={(url) => {
          void platform.storage.setItem(BASE_URL_KEY, url);
          setPhase({ name: 'starting' });
          setBaseUrl(url);
        }}
        onSignIn={async () => {
          if (config && tokens && (await signIn(config, tokens, platform))) start(config, tokens);
        }}
      />
    );
  }
  const { config, tokens } = phase;
  return (
    <Provider store={phase.session.store}>
      <Navigator
        onSignOut={() => {
          end(config, tokens);
          void signOut(config, tokens, platform);
        }}
      />
    </Provider>
  );
}
