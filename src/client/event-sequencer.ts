import type { ApplicationEvent, EventPage, GroupEvent, ServerEvent } from '../contract/events';
import { ApiError } from './errors';

/** Reads group events after a `seq` (the REST catch-up route). */
export type EventsFetcher = (groupId: string, afterSeq: number) => Promise<EventPage>;

/** Options of {@link EventSequencer}. */
export interface EventSequencerOptions {
  fetchEvents: EventsFetcher;
  /** Receives every event once, group events in `seq` order. */
  emit: (event: GroupEvent | ApplicationEvent) => void;
  /** The signed-in user: when the user is removed from a group, the group is no longer followed. */
  userId?: string;
  /** Told when a catch-up fails; the next event or reconnect tries again. */
  onError?: (error: unknown) => void;
}

type SequencedEvent = Extract<ServerEvent, { seq: number }>;

const APPLICATION_KEYS_KEPT = 1000;

/**
 * Puts pushed events in order and never hands the same one over twice. Per group it keeps the last `seq`
 * handed over; an event with a lower or equal `seq` is a duplicate, one further ahead than the next means
 * events were missed, and those are read over REST first (as is everything after a reconnect). Work for a
 * group runs one step at a time, so a catch-up and the live events that arrive during it do not interleave.
 */
export class EventSequencer {
  private readonly lastSeq = new Map<string, number>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly applicationKeys = new Set<string>();

  constructor(private readonly options: EventSequencerOptions) {}

  /** Follows a group from `seq` on (e.g. the `seq` of the group as just read); a lower value never rewinds. */
  track(groupId: string, seq: number): void {
    const last = this.lastSeq.get(groupId);
    if (last === undefined || seq > last) this.lastSeq.set(groupId, seq);
  }

  untrack(groupId: string): void {
    this.lastSeq.delete(groupId);
  }

  /** The last `seq` handed over for the group, or undefined when the group is not followed. */
  seqOf(groupId: string): number | undefined {
    return this.lastSeq.get(groupId);
  }

  get groupIds(): string[] {
    return [...this.lastSeq.keys()];
  }

  /** Takes one pushed event; resolves once it (and any catch-up it caused) has been handled. */
  receive(event: ServerEvent): Promise<void> {
    if ('seq' in event) return this.enqueue(event.groupId, () => this.receiveSequenced(event));
    this.receiveApplication(event);
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
    if (event.seq === last + 1 && event.type !== 'event.pointer') return this.hand(event);
    await this.catchUp(event.groupId);
    const caughtUp = this.lastSeq.get(event.groupId);
    if (caughtUp !== undefined && event.seq > caughtUp && event.type !== 'event.pointer') this.hand(event);
  }

  private hand(event: GroupEvent): void {
    this.lastSeq.set(event.groupId, event.seq);
    this.options.emit(event);
    if (event.type === 'member.removed' && event.userId === this.options.userId) this.untrack(event.groupId);
  }

  private async catchUp(groupId: string): Promise<void> {
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
      if (!page.hasMore || page.items.length === 0) return;
    }
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
