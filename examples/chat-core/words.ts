import type { ConnectionState } from 'pulumi-groupchat/client';
import type { Notice, SentApplication } from './groups-slice';

/** What each client shows for the realtime connection's state. */
export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  suspended: 'Paused',
  closed: 'Offline',
};

/** A notice in words: what the owner decided about my application, or that I was removed from a group. */
export function noticeText(notice: Notice): string {
  if (notice.kind === 'approved') return `You were approved to join ${notice.groupName}.`;
  if (notice.kind === 'removed') {
    return `You were removed from ${notice.groupName}${notice.by ? ` by ${notice.by}` : ''}: its messages and members are no longer available to you.`;
  }
  return `Your application to ${notice.groupName} was rejected${notice.reason ? `: “${notice.reason}”` : '.'}`;
}

/** The display name of a message's author in a group: its member's name, mine, or "Former member". */
export function authorName(
  members: Record<string, { user: { name: string } }> | undefined,
  me: { id: string; name: string } | null,
  authorId: string,
): string {
  return members?.[authorId]?.user.name ?? (authorId === me?.id ? me.name : 'Former member');
}

/** "1 unread message", "3 unread messages". */
export const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Where one of my applications stands, in words. */
export const APPLICATION_STATUS_TEXT: Record<SentApplication['status'], string> = {
  sending: 'Sending your application…',
  pending: 'Application sent: waiting for the owners to decide.',
  approved: 'You were approved: the group is in your list.',
  rejected: 'Your application was rejected.',
  failed: 'The application was not sent.',
};
