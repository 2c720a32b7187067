import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { ApiError } from '../../contract/errors';
import type { GroupEvent } from '../../contract/events';
import type { User } from '../../contract/model';
import * as events from '../store/events';
import { readTransaction, type StoreTarget, writeTransaction } from '../store/transactions';
import { upsertUser } from '../store/users';
import type { Caller, Outcome } from './outcome';

/** Options of {@link ChatUseCase} (and so of `ChatService`). */
export interface ChatServiceOptions {
  /** The Neo4j database. @default - the server's default database */
  database?: string;
  /** The clock. @default - `() => new Date()` */
  now?: () => Date;
}

/**
 * What every use case of the chat domain shares: the store, the clock, and transactions. Every method of a
 * use case is one transaction (a write also creates or updates the caller's User from the claims); a write
 * returns what the runtime must deliver once it has committed.
 */
export class ChatUseCase {
  protected readonly target: StoreTarget;
  protected readonly clock: () => Date;

  constructor(driver: Driver, options: ChatServiceOptions = {}) {
    this.target = { driver, database: options.database };
    this.clock = options.now ?? (() => new Date());
  }

  protected now(): string {
    return this.clock().toISOString();
  }

  protected read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return readTransaction(this.target, work);
  }

  /** A write transaction that first creates or updates the caller's User from the claims. */
  protected write<T>(caller: Caller, work: (tx: ManagedTransaction, user: User) => Promise<T>): Promise<T> {
    return writeTransaction(this.target, async (tx) => work(tx, await upsertUser(tx, caller)));
  }

  /**
   * A {@link write} that may turn out to change nothing: `work` throws {@link Unchanged} with the answer, the
   * transaction rolls back (giving back the `seq` it took to lock the group), and the answer is returned
   * with nothing to notify.
   */
  protected async writeUnlessUnchanged<T>(caller: Caller, work: (tx: ManagedTransaction) => Promise<Outcome<T>>): Promise<Outcome<T>> {
    try {
      return await this.write(caller, work);
    } catch (error) {
      if (error instanceof Unchanged) return { result: error.result as T, notifications: [], subscriptions: [] };
      throw error;
    }
  }
}

/** Thrown inside {@link ChatUseCase.writeUnlessUnchanged}: the request is a no-op; `result` is the answer. */
export class Unchanged<T> extends Error {
  constructor(readonly result: T) {
    super('unchanged');
  }
}

/** Takes the group's next seq and stores the event built with it. */
export async function appendEvent<E extends GroupEvent>(
  tx: ManagedTransaction,
  groupId: string,
  now: string,
  build: (seq: number) => E,
): Promise<E> {
  const seq = await events.nextSeq(tx, groupId);
  if (seq === null) throw new ApiError('not_found', `There is no group ${groupId}.`);
  const event = build(seq);
  await events.storeEvent(tx, event, now);
  return event;
}
