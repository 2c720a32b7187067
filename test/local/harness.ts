import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { GroupChatClient, RealtimeConnection } from '../../src/client';
import type { ConnectionState, PushedEvent, RealtimeConnectionOptions, WebSocketConstructor } from '../../src/client';
import { LocalRuntime, LocalRuntimeOptions, startLocalRuntime } from '../../src/local';

/** Starts a local runtime on the shared Neo4j. */
export function startRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  return startLocalRuntime({ neo4jUri: process.env.NEO4J_URI, ...options });
}

/** An ID token from the dev identity provider's script endpoint. */
export async function tokenFor(runtime: LocalRuntime, user: { sub: string; email: string; name: string }): Promise<string> {
  const response = await fetch(`${runtime.config.auth.issuer}/token`, { method: 'POST', body: JSON.stringify(user) });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id_token: string }).id_token;
}

/** A WebSocket class that records every text frame its instances receive and can be kept from connecting. */
export function recordingWebSocket(): { WebSocket: WebSocketConstructor; received: string[]; gate: { blocked: boolean } } {
  const received: string[] = [];
  const gate = { blocked: false };
  class RecordingWebSocket extends WebSocket {
    constructor(url: string) {
      // A blocked socket goes to a port where nothing listens: it fails like a network that is down.
      super(gate.blocked ? 'ws://127.0.0.1:9/' : url);
      this.on('message', (data, isBinary) => {
        if (!isBinary) received.push(data.toString());
      });
    }
  }
  return { WebSocket: RecordingWebSocket, received, gate };
}

/** One signed-in person: REST client, realtime connection, and what it has been handed. */
export interface TestUser {
  sub: string;
  name: string;
  api: GroupChatClient;
  realtime: RealtimeConnection;
  events: PushedEvent[];
  states: ConnectionState[];
  /** Raw frames its sockets received. */
  frames: string[];
  gate: { blocked: boolean };
  /** Resolves with the first handed-over event that matches (now or later). */
  waitForEvent<T extends PushedEvent>(match: (event: PushedEvent) => event is T, timeoutMs?: number): Promise<T>;
  waitForEvent(match: (event: PushedEvent) => boolean, timeoutMs?: number): Promise<PushedEvent>;
  waitForState(state: ConnectionState, timeoutMs?: number): Promise<void>;
}

/** Signs a new person in; with `sub`, that person again (another device of theirs). */
export async function signIn(
  runtime: LocalRuntime,
  name: string,
  realtimeOptions: Partial<RealtimeConnectionOptions> = {},
  sub = `${name.toLowerCase()}-${randomUUID()}`,
): Promise<TestUser> {
  const token = await tokenFor(runtime, { sub, email: `${sub}@example.com`, name });
  const api = new GroupChatClient({ apiUrl: runtime.config.apiUrl, getToken: () => token });
  const socket = recordingWebSocket();
  const realtime = new RealtimeConnection({
    url: runtime.config.webSocketUrl,
    getToken: () => token,
    fetchEvents: (groupId, afterSeq) => api.listEvents(groupId, afterSeq),
    userId: sub,
    WebSocket: socket.WebSocket,
    backoff: { initialMs: 50, maxMs: 200 },
    ...realtimeOptions,
  });
  const events: PushedEvent[] = [];
  const states: ConnectionState[] = [];
  realtime.onEvent((event) => events.push(event));
  realtime.onStateChange((state) => states.push(state));
  const waitUntil = async (check: () => boolean, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`${name}: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const user: TestUser = {
    sub,
    name,
    api,
    realtime,
    events,
    states,
    frames: socket.received,
    gate: socket.gate,
    async waitForEvent(match: (event: PushedEvent) => boolean, timeoutMs = 10_000) {
      await waitUntil(() => events.some(match), 'an event', timeoutMs);
      return events.find(match)!;
    },
    waitForState: (state, timeoutMs = 10_000) => waitUntil(() => realtime.state === state, `state ${state}`, timeoutMs),
  } as TestUser;
  await user.waitForState('open');
  await api.getMe();
  return user;
}

/** The ids of the open connections of a user (its authorizer context names it). */
export function connectionIdsOf(runtime: LocalRuntime, sub: string): string[] {
  return runtime.registry
    .all()
    .filter((connection) => Object.values(connection.authorizer).includes(sub))
    .map((connection) => connection.id);
}
