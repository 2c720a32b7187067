import { StrictMode } from 'react';
import { Root, createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { beginSignIn, completeSignIn, isSignInCallback, signOutUrl } from '../../chat-core/auth/oauth';
import { SignedOutError, TokenStore } from '../../chat-core/auth/token-store';
import { ChatSession, startChatSession } from '../../chat-core/chat-session';
import { App } from './components/App';
import { SignInScreen } from './components/SignInScreen';
import { ClientConfig, parseConfig } from '../../chat-core/auth/config';
import { AppStore, createAppStore } from './store/store';
import { syncScreenWithUrl } from './url-sync';
import './styles.css';

/*
 * Start-up: read /config.json, finish a sign-in when the identity provider redirected back here, then show
 * either the sign-in screen or the app. The same code runs against Cognito's hosted UI and the local runtime.
 */

const redirectUri = `${window.location.origin}/`;
/** The address the user was at when sent to sign in, to return to afterwards. */
const RETURN_TO_KEY = 'groupchat.returnTo';

async function loadConfig(): Promise<ClientConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return parseConfig(await response.json());
}

function showSignIn(root: Root, config: ClientConfig, error?: string): void {
  root.render(
    <StrictMode>
      <SignInScreen
        error={error}
        onSignIn={async () => {
          sessionStorage.setItem(RETURN_TO_KEY, window.location.pathname);
          window.location.assign(await beginSignIn(config.auth, redirectUri, sessionStorage));
        }}
      />
    </StrictMode>,
  );
}

function showApp(root: Root, config: ClientConfig, tokens: TokenStore): void {
  const claims = tokens.claims!;
  // A token the server refuses (a restarted local runtime with a new key, a revoked session) signs the user out.
  const signedOut = () => {
    tokens.clear();
    end('Your session has ended: please sign in again.');
  };
  let session: ChatSession<AppStore> | undefined = startChatSession(
    config,
    tokens.getToken,
    claims.sub,
    { newId: () => crypto.randomUUID(), onSignedOut: signedOut },
    createAppStore,
  );
  const stopUrlSync = syncScreenWithUrl(session.store, window);
  function end(error?: string) {
    if (!session) return;
    stopUrlSync();
    session.close();
    session = undefined;
    showSignIn(root, config, error);
  }
  session.realtime.onError((error) => {
    if (error instanceof SignedOutError) end(error.message);
  });
  const signOut = () => {
    tokens.clear();
    session?.close();
    window.location.assign(signOutUrl(config.auth, redirectUri));
  };
  root.render(
    <StrictMode>
      <Provider store={session.store}>
        <App onSignOut={signOut} />
      </Provider>
    </StrictMode>,
  );
}

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  let config: ClientConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    root.render(<p role="alert">The app cannot start: {error instanceof Error ? error.message : String(error)}</p>);
    return;
  }
  const tokens = new TokenStore(config.auth, sessionStorage, (url, init) => fetch(url, init));
  const params = new URLSearchParams(window.location.search);
  if (isSignInCallback(params)) {
    const returnTo = sessionStorage.getItem(RETURN_TO_KEY);
    window.history.replaceState(null, '', returnTo?.startsWith('/') && !returnTo.startsWith('//') ? returnTo : window.location.pathname);
    sessionStorage.removeItem(RETURN_TO_KEY);
    try {
      tokens.save(await completeSignIn(config.auth, params, sessionStorage, (url, init) => fetch(url, init)));
    } catch (error) {
      return showSignIn(root, config, error instanceof Error ? error.message : String(error));
    }
  }
  if (tokens.claims) showApp(root, config, tokens);
  else showSignIn(root, config);
}

void start();
