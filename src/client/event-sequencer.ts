import type { ApplicationEvent, EphemeralEvent, EventPage, GroupEvent, ServerEvent } from '../contract/events';
import { ApiError } from './errors';

/** Reads group events after a `seq` (the REST catch-up route). */
export type EventsFetcher = (groupId: string, afterSeq: number) => Promise<EventPage>;

/** Options of {@link EventSequencer}. */
export interface EventSequencerOptions {
  fetchEvents: EventsFetcher;
  /** Receives every event once, group events in `seq` order; ephemeral events as they come. */
  emit: (event: GroupEvent | ApplicationEvent | EphemeralEvent) => void;
  /** The signed-in user: when the user is removed from a group, the group is no longer followed. */
  userId?: string;
  /** Told when a catch-up fails; the next event or reconnect tries again. */
  onError?: (error: unknown) => void;
  /**
   * How long an event that skips ahead is held for the ones before it before they are read over REST.
   * Events of one group are delivered by concurrent fan-outs, so neighbours sometimes arrive swapped; 0
   * catches up at once.
   * @default 1000
   */
  reorderWindowMs?: number;
}

type SequencedEvent = Extract<ServerEvent, { seq: number }>;

const APPLICATION_KEYS_KEPT = 1000;
const EPHEMERAL_TYPES: ReadonlySet<string> = new Set<EphemeralEvent['type']>(['read_marker.updated', 'typing', 'presence.changed', 'group.created']);
const isEphemeral = (event: ServerEvent): event is EphemeralEvent => EPHEMERAL_TYPES.has(event.type);

/** Per group: events that arrived ahead of a gap, the highest `seq` the server said exists, and the window's timer. */
interface Waiting {
  held: Map<number, GroupEvent>;
  awaited: number;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Puts pushed events in order and never hands the same one over twice. Per group it keeps the last `seq`
 * handed over; an event with a lower or equal `seq` is a duplicate. One further ahead than the next is held
 * for a short reordering window: when the missing ones arrive meanwhile, all are handed over in order;
 * otherwise they are read over REST (as is everything after a reconnect, or a `seq` the server says exists
 * that has not arrived). Work for a group runs one step at a time, so a catch-up and the live events that
 * arrive during it do not interleave.
 */
export class EventSequencer {
  private readonly lastSeq = new Map<string, number>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly applicationKeys = new Set<string>();
  private catchUpCount = 0;

  constructor(private readonly options: EventSequencerOptions) {}

  /** How many times a group's events were read over REST (after a gap, a reconnect, or a hint). */
  get catchUps(): number {
    return this.catchUpCount;
  }

  /** Follows a group from `seq` on (e.g. the `seq` of the group as just read); a lower value never rewinds. */
  track(groupId: string, seq: number): void {
    const last = this.lastSeq.get(groupId);
    if (last === undefined || seq > last) this.lastSeq.set(groupId, seq);
  }

  untrack(groupId: string): void {
    this.lastSeq.delete(groupId);
    this.stopWaiting(groupId);
  }

  /**
   * Takes the server's word that the group has reached `seq` (e.g. from a pong): when that is past what was
   * handed over, the missing events get the reordering window to arrive, then are read over REST.
   */
  reached(groupId: string, seq: number): Promise<void> {
    return this.enqueue(groupId, async () => {
      const last = this.lastSeq.get(groupId);
      if (last === undefined || seq <= last) return;
      const waiting = this.waitingFor(groupId);
      waiting.awaited = Math.max(waiting.awaited, seq);
      await this.awaitMissing(groupId);
    });
  }

  /** Stops every reordering timer (the connection is closed for good). */
  dispose(): void {
    for (const groupId of [...this.waiting.keys()]) this.stopWaiting(groupId);
  }

  /** The last `seq` handed over for the group, or undefined when the group is not followed. */
  seqOf(groupId: string): number | undefined {
    return this.lastSeq.get(groupId);
  }

  get groupIds(): string[] {
    return [...this.lastSeq.keys()];
  }

  /**
   * Takes one pushed event; resolves once it (and any catch-up it caused) has been handled. Ephemeral events
   * (typing, presence, read markers) carry no `seq`: they are handed over at once and never count as a gap.
   */
  receive(event: ServerEvent): Promise<void> {
    if ('seq' in event) return this.enqueue(event.groupId, () => this.receiveSequenced(event));
    if (isEphemeral(event)) this.options.emit(event);
    else this.receiveApplication(event);
    return Promise.resolve();
  }

  /** Reads what every followed group missed, e.g. after a reconnect. */
  catchUpAll(): Promise<void> {
    return Promise.all(this.groupIds.map((groupId) => this.enqueue(groupId, () => this.catchUp(groupId)))).then(() => undefined);
  }

  private enqueue(groupId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(groupId) ?? Promise.resolve()).then(work).catch((error) => this.options.onError?.(error));
    this.queues.set(groupId, next);
    void next.then(() => {
      if (this.queues.get(groupId) === next) this.queues.delete(groupId);
    });
    return next;
  }

  private async receiveSequenced(event: SequencedEvent): Promise<void> {
    const last = this.lastSeq.get(event.groupId);
    if (last === undefined) {
      // A group not followed yet (the user just joined): its history before this event is not the user's.
      if (event.type === 'event.pointer') {
        this.lastSeq.set(event.groupId, event.seq - 1);
        await this.catchUp(event.groupId);
      } else {
        this.hand(event);
      }
      return;
    }
    if (event.seq <= last) return;
    if (event.type === 'event.pointer') {
      // The event is too big for the socket: read it (and anything before it) now.
      this.waitingFor(event.groupId).awaited = Math.max(this.waitingFor(event.groupId).awaited, event.seq);
      return this.catchUp(event.groupId);
    }
    const waiting = this.waitingFor(event.groupId);
    waiting.held.set(event.seq, event);
    this.handHeld(event.groupId);
    await this.awaitMissing(event.groupId);
  }

  private hand(event: GroupEvent): void {
    this.lastSeq.set(event.groupId, event.seq);
    this.options.emit(event);
    if (event.type === 'member.removed' && event.userId === this.options.userId) this.untrack(event.groupId);
  }

  /** Hands over the held events that follow on from the last one handed over; forgets those behind it. */
  private handHeld(groupId: string): void {
    const waiting = this.waiting.get(groupId);
    if (!waiting) return;
    for (const seq of [...waiting.held.keys()]) if (seq <= (this.lastSeq.get(groupId) ?? Infinity)) waiting.held.delete(seq);
    for (;;) {
      const last = this.lastSeq.get(groupId);
      const next = last === undefined ? undefined : waiting.held.get(last + 1);
      if (!next) break;
      waiting.held.delete(next.seq);
      this.hand(next);
    }
    const last = this.lastSeq.get(groupId);
    if (last === undefined || (waiting.held.size === 0 && waiting.awaited <= last)) this.stopWaiting(groupId);
  }

  /** When events are missing: catches up at once without a window, else starts the window (once). */
  private async awaitMissing(groupId: string): Promise<void> {
    const waiting = this.waiting.get(groupId);
    if (!waiting || waiting.timer !== undefined) return;
    const windowMs = this.options.reorderWindowMs ?? 1000;
    if (windowMs <= 0) return this.catchUp(groupId);
    waiting.timer = setTimeout(() => {
      waiting.timer = undefined;
      void this.enqueue(groupId, async () => {
        if (this.waiting.get(groupId) === waiting) await this.catchUp(groupId);
      });
    }, windowMs);
  }

  private waitingFor(groupId: string): Waiting {
    let waiting = this.waiting.get(groupId);
    if (!waiting) {
      waiting = { held: new Map(), awaited: 0 };
      this.waiting.set(groupId, waiting);
    }
    return waiting;
  }

  private stopWaiting(groupId: string): void {
    const waiting = this.waiting.get(groupId);
    if (waiting?.timer !== undefined) clearTimeout(waiting.timer);
    this.waiting.delete(groupId);
  }

  private async catchUp(groupId: string): Promise<void> {
    this.catchUpCount++;
    for (;;) {
      const after = this.lastSeq.get(groupId);
      if (after === undefined) return;
      let page: EventPage;
      try {
        page = await this.options.fetchEvents(groupId, after);
      } catch (error) {
        if (error instanceof ApiError && (error.code === 'forbidden' || error.code === 'not_found')) {
          this.untrack(groupId); // no longer a member: nothing more to follow
          return;
        }
        throw error;
      }
      for (const item of page.items) {
        const last = this.lastSeq.get(groupId);
        if (last !== undefined && item.seq > last) this.hand(item);
      }
      if (!page.hasMore || page.items.length === 0) break;
    }
    const waiting = this.waiting.get(groupId);
    if (waiting) waiting.awaited = 0; // the server's log has been read to its end
    this.handHeld(groupId);
  }

  private receiveApplication(event: ApplicationEvent): void {
    const { application } = event;
    const key = `${event.type}:${application.id}:${application.status}:${application.decidedAt ?? application.createdAt}`;
    if (this.applicationKeys.has(key)) return;
    this.applicationKeys.add(key);
    if (this.applicationKeys.size > APPLICATION_KEYS_KEPT) {
      this.applicationKeys.delete(this.applicationKeys.values().next().value!);
    }
    this.options.emit(event);
  }
}
