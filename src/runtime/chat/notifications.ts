import type { ServerEvent } from '../../contract/events';
import type { Notification, SubscriptionChange } from './outcome';

/** The event for everyone subscribed to the group. */
export function toGroup(groupId: string, event: ServerEvent): Notification {
  return { audience: { kind: 'group', groupId }, event };
}

/** The event for the named users, each once. */
export function toUsers(userIds: string[], event: ServerEvent): Notification {
  return { audience: { kind: 'users', userIds: [...new Set(userIds)] }, event };
}

export function subscribe(userId: string, groupId: string): SubscriptionChange {
  return { userId, groupId, subscribed: true };
}

export function unsubscribe(userId: string, groupId: string): SubscriptionChange {
  return { userId, groupId, subscribed: false };
}
