import { FetchLike, GroupChatClient, RealtimeConnection, TokenProvider, WebSocketConstructor } from 'pulumi-groupchat/client';
import type { ClientConfig } from './config';
import { connectRealtime } from './realtime-glue';
import { loadMyGroups } from './store/groups-slice';
import { loadMe } from './store/session-slice';
import { AppStore, createAppStore } from './store/store';

/** Platform pieces: the browser's by default; tests in Node pass `ws` and their own ids. */
export interface ChatPlatform {
  fetch?: FetchLike;
  WebSocket?: WebSocketConstructor;
  newId?: () => string;
}

/** A signed-in user's chat: the store, and the SDK objects behind it. */
export interface ChatSession {
  store: AppStore;
  api: GroupChatClient;
  realtime: RealtimeConnection;
  /** Closes the realtime connection and detaches it from the store. */
  close(): void;
}

/**
 * Builds the signed-in user's chat from the deployment's config: the REST client, the realtime connection
 * (which follows every group the user is in, catching up after reconnects), and the store wired to both;
 * then reads the user's profile and groups.
 */
export function startChatSession(config: ClientConfig, getToken: TokenProvider, me: string, platform: ChatPlatform = {}): ChatSession {
  const api = new GroupChatClient({ apiUrl: config.apiUrl, getToken, fetch: platform.fetch });
  const realtime = new RealtimeConnection({
    url: config.webSocketUrl,
    getToken,
    fetchEvents: (groupId, afterSeq) => api.listEvents(groupId, afterSeq),
    userId: me,
    WebSocket: platform.WebSocket,
  });
  const store = createAppStore({ api, realtime, newId: platform.newId ?? (() => crypto.randomUUID()) });
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
