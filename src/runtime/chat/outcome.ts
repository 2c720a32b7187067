import type { ServerEvent } from '../../contract/events';

/**
 * The signed-in user, from the token's claims. A profile field the token does not carry is undefined: the
 * stored profile keeps its value (a new profile falls back to the email, else the id, for its name).
 */
export interface Caller {
  id: string;
  email?: string;
  name?: string;
  picture?: string | null;
}

/**
 * Who an event goes to: everyone subscribed to a group (or to any of several groups, each connection once),
 * optionally but one user's own connections; or the named users.
 */
export type Audience =
  | { kind: 'group'; groupId: string; exceptUserId?: string }
  | { kind: 'groups'; groupIds: string[]; exceptUserId?: string }
  | { kind: 'users'; userIds: string[] };

/** An event to deliver once the transaction that caused it has committed. */
export interface Notification {
  audience: Audience;
  event: ServerEvent;
}

/** A user's real-time subscription to a group to add or drop once the transaction has committed. */
export interface SubscriptionChange {
  userId: string;
  groupId: string;
  subscribed: boolean;
}

/** What a write returns: its result, plus what the runtime must do AFTER the transaction committed. */
export interface Outcome<T> {
  result: T;
  notifications: Notification[];
  subscriptions: SubscriptionChange[];
}
