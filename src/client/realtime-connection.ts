import type { ApplicationEvent, EphemeralEvent, GroupEvent, ServerEvent } from '../contract/events';
import type { Ack, ActionError, Pong, ServerReply } from '../contract/websocket';
import type { Message } from '../contract/model';
import { BackoffOptions, backoffDelay } from './backoff';
import { ApiError } from './errors';
import { EventSequencer, EventsFetcher } from './event-sequencer';
import type { TokenProvider } from './rest-client';

/* A method type's parameters are checked bivariantly: browser, React Native and `ws` sockets all fit. */
type Callback<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The part of the standard WebSocket API the connection uses. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: Callback<unknown> | null;
  onmessage: Callback<{ data: unknown }> | null;
  onclose: Callback<{ code: number; reason: string }> | null;
  onerror: Callback<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket class: the global `WebSocket`, React Native's, or the `ws` package's. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Where the connection is: the app shows it (e.g. "reconnecting…"). `suspended` between {@link RealtimeConnection.suspend} and `resume`; `closed` only after {@link RealtimeConnection.close}. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'suspended' | 'closed';

/** Options of {@link RealtimeConnection}. */
export interface RealtimeConnectionOptions {
  /** The WebSocket URL without the token (on AWS the stage URL, locally `ws://{host}/ws`). */
  url: string;
  /** Gives the ID token; called before every connect, so it may refresh an expiring one. */
  getToken: TokenProvider;
  /** Reads missed events over REST: `(groupId, afterSeq) => client.listEvents(groupId, afterSeq)`. */
  fetchEvents: EventsFetcher;
  /**
   * The signed-in user's id: the connection stops following a group the user was removed from.
   * @default - groups are dropped only when catch-up is refused
   */
  userId?: string;
  /**
   * Asks the server whether the token is still accepted, after a connection attempt failed before opening (a
   * browser cannot see why an upgrade was refused), e.g. `() => client.getMe()`. When it rejects with an
   * {@link ApiError} of code `unauthorized` the connection stops for good (`closed`) and reports that error,
   * instead of reconnecting for ever with a token the server refuses.
   * @default - every failed attempt is retried
   */
  checkToken?: () => Promise<unknown>;
  /**
   * The WebSocket class.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructor;
  /**
   * How often to ping. Each pong carries the `seq` each of the user's groups has reached, so an event whose
   * live delivery was lost is caught up within this interval (plus the reordering window); it also keeps the
   * socket inside API Gateway's 10-minute idle timeout.
   * @default 20000
   */
  pingIntervalMs?: number;
  /**
   * How long an event that arrives ahead of a missing one is held for it before the missing events are read
   * over REST (neighbouring events of a group, delivered by concurrent fan-outs, may arrive swapped).
   * @default 1000
   */
  reorderWindowMs?: number;
  /**
   * A connection that answers nothing this long after a ping is taken for dead and replaced.
   * @default 10000
   */
  pongTimeoutMs?: number;
  /**
   * Age at which the connection is replaced, ahead of API Gateway's 2-hour limit.
   * @default 6900000 (1 h 55 min)
   */
  maxConnectionMs?: number;
  /** Reconnect backoff. */
  backoff?: BackoffOptions;
  /**
   * How long `sendMessage` waits for its acknowledgement.
   * @default 10000
   */
  ackTimeoutMs?: number;
  /**
   * Source of randomness for the jitter (tests make it fixed).
   * @default Math.random
   */
  random?: () => number;
}

type Listener<T> = (value: T) => void;

/** What the app receives: group events (in `seq` order), application events, and ephemeral events (typing, presence, read markers). */
export type PushedEvent = GroupEvent | ApplicationEvent | EphemeralEvent;
const OPEN = 1;

/**
 * A live connection to the chat's WebSocket API that stays live: it reconnects with exponential backoff and
 * jitter, pings before the idle timeout, replaces itself before the 2-hour limit, and after every reconnect
 * or `seq` gap reads what it missed over REST. Each event reaches the app once, group events in order.
 */
export class RealtimeConnection {
  private readonly sequencer: EventSequencer;
  private readonly eventListeners = new Set<Listener<PushedEvent>>();
  private readonly stateListeners = new Set<Listener<ConnectionState>>();
  private readonly errorListeners = new Set<Listener<unknown>>();
  private readonly pendingAcks = new Map<string, { resolve: (message: Message) => void; reject: (error: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly WebSocket: WebSocketConstructor;
  private socket: WebSocketLike | undefined;
  private currentState: ConnectionState = 'connecting';
  private attempt = 0;
  private stopped = false;
  private suspended = false;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private pongTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: RealtimeConnectionOptions) {
    const WebSocketClass = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketClass) throw new Error('RealtimeConnection needs a WebSocket class: pass options.WebSocket on a platform without a global one.');
    this.WebSocket = WebSocketClass;
    this.sequencer = new EventSequencer({
      fetchEvents: options.fetchEvents,
      userId: options.userId,
      emit: (event) => this.eventListeners.forEach((listener) => listener(event)),
      onError: (error) => this.reportError(error),
      reorderWindowMs: options.reorderWindowMs,
    });
    void this.connect();
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** Hands every event to `listener` once; returns the function that stops it. */
  onEvent(listener: Listener<PushedEvent>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Tells `listener` each state change; returns the function that stops it. */
  onStateChange(listener: Listener<ConnectionState>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Tells `listener` about failed connects and catch-ups (they are retried); returns the function that stops it. */
  onError(listener: Listener<unknown>): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Follows a group from `seq` on, e.g. `group.seq` from `listMyGroups()`: later gaps are caught up. */
  follow(groupId: string, seq: number): void {
    this.sequencer.track(groupId, seq);
  }

  /** Stops following a group. */
  unfollow(groupId: string): void {
    this.sequencer.untrack(groupId);
  }

  /** How many times events were read over REST: after a reconnect, a gap that the reordering window did not close, or a pong. */
  get catchUps(): number {
    return this.sequencer.catchUps;
  }

  /** The last `seq` handed to the app for the group. */
  seqOf(groupId: string): number | undefined {
    return this.sequencer.seqOf(groupId);
  }

  /** Sends a message over the socket; resolves with the stored message when the server acknowledges it. */
  sendMessage(groupId: string, message: { id: string; body: string; parentId?: string; mentions?: string[] }): Promise<Message> {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || this.currentState !== 'open') {
      return Promise.reject(new ApiError('unavailable', 'The realtime connection is not open; post over REST instead.'));
    }
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingAcks.delete(message.id);
        reject(new ApiError('unavailable', 'No acknowledgement from the server in time.'));
      }, this.options.ackTimeoutMs ?? 10_000);
      this.pendingAcks.set(message.id, { resolve, reject, timer });
      socket.send(JSON.stringify({ action: 'sendMessage', groupId, ...message }));
    });
  }

  /**
   * Tells the group's other members that the user is typing. The server passes on at most one every 3 s per
   * user and group, so calling it on every keystroke is fine; nothing is sent while the connection is not open.
   */
  typing(groupId: string): void {
    const socket = this.socket;
    if (socket?.readyState === OPEN && this.currentState === 'open') socket.send(JSON.stringify({ action: 'typing', groupId }));
  }

  /**
   * Closes the socket and stops reconnecting until {@link RealtimeConnection.resume} (state `suspended`), e.g.
   * while a phone app is in the background or has no network. Messages waiting for an acknowledgement are
   * rejected with `unavailable`; the groups stay followed.
   */
  suspend(): void {
    if (this.stopped || this.suspended) return;
    this.suspended = true;
    this.dropSocket('The realtime connection was suspended.');
    this.setState('suspended');
  }

  /**
   * Connects now after {@link RealtimeConnection.suspend}, or skips the wait before the next attempt while
   * `reconnecting` (the network is back); once open, it catches up every followed group over REST, so nothing
   * missed meanwhile is lost and nothing is handed over twice. Does nothing while `connecting` or `open`.
   */
  resume(): void {
    if (this.stopped || (!this.suspended && this.currentState !== 'reconnecting')) return;
    this.suspended = false;
    this.clearTimers();
    this.attempt = 0;
    this.setState('connecting');
    void this.connect();
  }

  /** Closes the connection for good. */
  close(): void {
    this.stopped = true;
    this.sequencer.dispose();
    this.dropSocket('The realtime connection was closed.');
    this.setState('closed');
  }

  private dropSocket(reason: string): void {
    this.clearTimers();
    this.abandon(this.socket);
    this.socket = undefined;
    for (const [id, pending] of this.pendingAcks) {
      clearTimeout(pending.timer);
      pending.reject(new ApiError('unavailable', reason));
      this.pendingAcks.delete(id);
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.suspended) return;
    let token: string;
    try {
      token = await this.options.getToken();
    } catch (error) {
      this.reportError(error);
      return this.scheduleReconnect();
    }
    if (this.stopped || this.suspended) return;
    const separator = this.options.url.includes('?') ? '&' : '?';
    const socket = new this.WebSocket(`${this.options.url}${separator}token=${encodeURIComponent(token)}`);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.setState('open');
      this.startTimers(socket);
      void this.sequencer.catchUpAll();
    };
    socket.onmessage = (event) => {
      this.clearPongTimer();
      if (typeof event.data === 'string') this.receive(event.data);
    };
    socket.onerror = () => undefined; // the close that follows does the work
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.clearTimers();
      if (opened) return this.scheduleReconnect();
      this.reportError(new ApiError('unavailable', `The WebSocket could not be opened (close code ${event.code}).`));
      void this.reconnectUnlessRefused();
    };
  }

  /** After a failed open: stops when the server refuses the token, reconnects otherwise. */
  private async reconnectUnlessRefused(): Promise<void> {
    const refused = await (this.options.checkToken?.() ?? Promise.resolve()).then(
      () => undefined,
      (error: unknown) => (error instanceof ApiError && error.code === 'unauthorized' ? error : undefined),
    );
    if (!refused) return this.scheduleReconnect();
    this.close();
    this.reportError(refused);
  }

  private receive(text: string): void {
    let data: ServerEvent | ServerReply;
    try {
      data = JSON.parse(text) as ServerEvent | ServerReply;
    } catch {
      return;
    }
    switch (data.type) {
      case 'pong':
        for (const [groupId, seq] of Object.entries((data as Pong).latestSeqs ?? {})) void this.sequencer.reached(groupId, seq);
        return;
      case 'ack':
        return this.settleAck((data as Ack).id, (pending) => pending.resolve((data as Ack).message));
      case 'error': {
        const { id, error, retryAfterMs } = data as ActionError;
        const apiError = new ApiError(error.code, error.message, retryAfterMs);
        if (id) this.settleAck(id, (pending) => pending.reject(apiError));
        else this.reportError(apiError);
        return;
      }
      default:
        void this.sequencer.receive(data);
    }
  }

  private settleAck(id: string, settle: (pending: { resolve: (message: Message) => void; reject: (error: unknown) => void }) => void): void {
    const pending = this.pendingAcks.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingAcks.delete(id);
    settle(pending);
  }

  private startTimers(socket: WebSocketLike): void {
    const pingInterval = this.options.pingIntervalMs ?? 20_000;
    const ping = () => {
      if (socket.readyState !== OPEN) return;
      socket.send(JSON.stringify({ action: 'ping' }));
      // Any message clears the timer; an earlier ping's still-running timer is kept, not restarted.
      this.pongTimer ??= setTimeout(() => this.replace(socket), this.options.pongTimeoutMs ?? 10_000);
      this.timers.push(setTimeout(ping, pingInterval));
    };
    this.timers.push(setTimeout(ping, pingInterval));
    this.timers.push(setTimeout(() => this.replace(socket, true), this.options.maxConnectionMs ?? 6_900_000));
  }

  /** Drops a socket that is dead (no pong) or too old, and connects again. */
  private replace(socket: WebSocketLike, immediately = false): void {
    if (this.socket !== socket || this.stopped) return;
    this.socket = undefined;
    this.clearTimers();
    this.abandon(socket);
    if (immediately) {
      this.attempt = 0;
      this.setState('reconnecting');
      void this.connect();
    } else {
      this.scheduleReconnect();
    }
  }

  private abandon(socket: WebSocketLike | undefined): void {
    if (!socket) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = () => undefined;
    try {
      socket.close(1000, 'Replaced');
    } catch {
      // already closed
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.suspended) return;
    const delay = backoffDelay(this.attempt, this.options.backoff, this.options.random);
    this.attempt++;
    this.setState('reconnecting');
    this.timers.push(setTimeout(() => void this.connect(), delay));
  }

  private clearTimers(): void {
    this.timers.forEach(clearTimeout);
    this.timers = [];
    this.clearPongTimer();
  }

  private clearPongTimer(): void {
    if (this.pongTimer !== undefined) clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  private setState(state: ConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.stateListeners.forEach((listener) => listener(state));
  }

  private reportError(error: unknown): void {
    this.errorListeners.forEach((listener) => listener(error));
  }
}
