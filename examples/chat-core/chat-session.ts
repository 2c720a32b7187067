import { GroupChatClient, RealtimeConnection } from 'pulumi-groupchat/client';
import type { FetchLike, TokenProvider, WebSocketConstructor } from 'pulumi-groupchat/client';
import { connectRealtime } from './realtime-glue';
import { loadMyGroups } from './groups-slice';
import { loadMe } from './session-slice';
import type { Services } from './services';
import type { ChatStoreLike } from './store';

/** Where the deployment's API is (from its `/config.json`). */
export interface ChatEndpoints {
  apiUrl: string;
  webSocketUrl: string;
}

/** Platform pieces: the global `fetch` and `WebSocket` by default; tests in Node pass `ws`. */
export interface ChatPlatform {
  fetch?: FetchLike;
  WebSocket?: WebSocketConstructor;
  /** A new message id (a UUID): `crypto.randomUUID` in the browser, `expo-crypto`'s on React Native. */
  newId: () => string;
  /** Called once the API or the WebSocket refuses the token: the app signs the user out. */
  onSignedOut?: () => void;
}

/** A signed-in user's chat: the store (the client's, with the shared reducers), and the SDK objects behind it. */
export interface ChatSession<S extends ChatStoreLike> {
  store: S;
  api: GroupChatClient;
  realtime: RealtimeConnection;
  /** Closes the realtime connection and detaches it from the store. */
  close(): void;
}

/**
 * Builds the signed-in user's chat from the deployment's config: the REST client, the realtime connection
 * (which follows every group the user is in, catching up after reconnects), and the store wired to both;
 * then reads the user's profile and groups. `createStore` is the client's (`createChatStore` for the shared
 * reducers alone).
 */
export function startChatSession<S extends ChatStoreLike>(
  config: ChatEndpoints,
  getToken: TokenProvider,
  me: string,
  platform: ChatPlatform,
  createStore: (services: Services) => S,
): ChatSession<S> {
  const api = new GroupChatClient({ apiUrl: config.apiUrl, getToken, fetch: platform.fetch, onUnauthorized: () => platform.onSignedOut?.() });
  const realtime = new RealtimeConnection({
    url: config.webSocketUrl,
    getToken,
    checkToken: () => api.getMe(),
    fetchEvents: (groupId, afterSeq) => api.listEvents(groupId, afterSeq),
    userId: me,
    WebSocket: platform.WebSocket,
  });
  const store = createStore({ api, realtime, newId: platform.newId });
  const disconnect = connectRealtime(store, realtime, me);
  void store.dispatch(loadMe());
  void store.dispatch(loadMyGroups());
  return {
    store,
    api,
    realtime,
    close() {
      disconnect();
      realtime.close();
    },
  };
}
